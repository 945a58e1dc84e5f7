/** One nginx directive; the same shape as the library's nginx AST (`name`, `args`, optional `block`). */
export interface Directive {
  name: string;
  args: string[];
  block?: Directive[];
}

/**
 * A deliberately small, forgiving reader of nginx config text, used only to find what a config needs
 * (host names, paths, users) before the real `nginx -t` judges it. It never throws: a broken config is
 * read as far as it goes, and nginx reports the error. Quotes and backslash escapes are undone;
 * `#` starts a comment outside quotes; `${var}` is not a block.
 */
export function parseDirectives(text: string): Directive[] {
  const tokens = tokenize(text);
  let index = 0;
  const readBlock = (): Directive[] => {
    const out: Directive[] = [];
    let words: string[] = [];
    while (index < tokens.length) {
      const token = tokens[index++] as Token;
      if (token.kind === 'word') {
        words.push(token.text);
      } else if (token.kind === ';') {
        if (words.length > 0) out.push({ name: words[0] as string, args: words.slice(1) });
        words = [];
      } else if (token.kind === '{') {
        const block = readBlock();
        out.push({ name: words[0] ?? '', args: words.slice(1), block });
        words = [];
      } else {
        break; // '}'
      }
    }
    // An unterminated directive (a missing ';' before '}' or the end) still counts: nginx will complain.
    if (words.length > 0) out.push({ name: words[0] as string, args: words.slice(1) });
    return out;
  };
  return readBlock();
}

type Token = { kind: 'word'; text: string } | { kind: ';' | '{' | '}' };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === ';' || c === '{' || c === '}') {
      tokens.push({ kind: c });
      i++;
    } else if (c === '"' || c === "'") {
      let word = '';
      i++;
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        word += text[i];
        i++;
      }
      i++;
      tokens.push({ kind: 'word', text: word });
    } else {
      let word = '';
      while (i < text.length) {
        const d = text[i] as string;
        if (d === '\\' && i + 1 < text.length) {
          word += text[i + 1];
          i += 2;
          continue;
        }
        if (d === '$' && text[i + 1] === '{') {
          const end = text.indexOf('}', i);
          const stop = end === -1 ? text.length : end + 1;
          word += text.slice(i, stop);
          i = stop;
          continue;
        }
        if (' \t\r\n;{}'.includes(d) || (d === '#' && word === '')) break;
        word += d;
        i++;
      }
      tokens.push({ kind: 'word', text: word });
    }
  }
  return tokens;
}

/** Every directive in the tree, depth first, with the names of the blocks around it. */
export function* walk(
  directives: readonly Directive[],
  parents: readonly string[] = [],
): Generator<{ directive: Directive; parents: readonly string[] }> {
  for (const directive of directives) {
    yield { directive, parents };
    if (directive.block !== undefined) yield* walk(directive.block, [...parents, directive.name]);
  }
}
