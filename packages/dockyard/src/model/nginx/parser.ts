import { type Directive, VALUE_BLOCKS } from './ast';

/** Text that is not a well-formed nginx config; `line` is 1-based. */
export class NginxParseError extends Error {
  override readonly name = 'NginxParseError';
  constructor(
    readonly line: number,
    readonly detail: string,
    /** 1-based column of the offending character, when known. */
    readonly column?: number,
  ) {
    super(`nginx config, line ${line}: ${detail}`);
  }
}

type Token =
  | { readonly kind: 'word'; readonly value: string; readonly line: number; readonly column: number }
  | { readonly kind: ';' | '{' | '}' | 'eof'; readonly line: number; readonly column: number };

const isSpace = (char: string | undefined): boolean =>
  char === ' ' || char === '\t' || char === '\r' || char === '\n';

/**
 * Splits text into words and `;` `{` `}` the way nginx's ngx_conf_read_token does, so that this parser and
 * nginx agree on every input the printer can produce:
 * - `;` `{` `}` `#` `"` `'` are special only where a word starts; inside a bare word only whitespace, `;`
 *   and `{` end it (`a}b` and `a#b` are single words), except that `{` right after `$` belongs to the
 *   word (`${host}`);
 * - `\` makes the next character ordinary (in bare and quoted words);
 * - a closing quote must be followed by whitespace, `;`, `{` or `)` (the last starts a new word, which is
 *   how `if ($a = "b")` works).
 */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let line = 1;
  // Offset of the first character of the current line, for 1-based columns.
  let lineStart = 0;
  let afterQuote = false;
  const column = (at: number): number => at - lineStart + 1;

  // Skips the character after a backslash, counting the line if it is one.
  const skipEscaped = (at: number): number => {
    if (text[at + 1] === '\n') {
      line++;
      lineStart = at + 2;
    }
    return at + 2;
  };

  while (pos < text.length) {
    const char = text[pos] as string;
    if (afterQuote) {
      afterQuote = false;
      if (!isSpace(char) && char !== ';' && char !== '{' && char !== ')') {
        throw new NginxParseError(
          line,
          `unexpected ${JSON.stringify(char)} right after a closing quote`,
          column(pos),
        );
      }
    }
    if (char === '\n') {
      line++;
      pos++;
      lineStart = pos;
    } else if (isSpace(char)) {
      pos++;
    } else if (char === '#') {
      while (pos < text.length && text[pos] !== '\n') pos++;
    } else if (char === ';' || char === '{' || char === '}') {
      tokens.push({ kind: char, line, column: column(pos) });
      pos++;
    } else if (char === '"' || char === "'") {
      const startLine = line;
      const startColumn = column(pos);
      let end = pos + 1;
      while (end < text.length && text[end] !== char) {
        if (text[end] === '\\') {
          end = skipEscaped(end);
        } else {
          if (text[end] === '\n') {
            line++;
            lineStart = end + 1;
          }
          end++;
        }
      }
      if (end >= text.length) {
        throw new NginxParseError(
          startLine,
          `unexpected end of file inside a string opened with ${char}`,
          startColumn,
        );
      }
      tokens.push({
        kind: 'word',
        value: resolveEscapes(text.slice(pos + 1, end)),
        line: startLine,
        column: startColumn,
      });
      pos = end + 1;
      afterQuote = true;
    } else {
      const startLine = line;
      const startColumn = column(pos);
      let end = pos;
      let variable = false;
      if (char === '\\') {
        end = skipEscaped(end);
      } else {
        variable = char === '$';
        end++;
      }
      while (end < text.length) {
        const next = text[end];
        if (next === '{' && variable) {
          end++;
          continue;
        }
        variable = false;
        if (next === '\\') {
          end = skipEscaped(end);
        } else if (next === '$') {
          variable = true;
          end++;
        } else if (isSpace(next) || next === ';' || next === '{') {
          break;
        } else {
          end++;
        }
      }
      end = Math.min(end, text.length);
      tokens.push({
        kind: 'word',
        value: resolveEscapes(text.slice(pos, end)),
        line: startLine,
        column: startColumn,
      });
      pos = end;
    }
  }
  tokens.push({ kind: 'eof', line, column: column(pos) });
  return tokens;
}

const UNESCAPED: Record<string, string> = { '"': '"', "'": "'", '\\': '\\', t: '\t', r: '\r', n: '\n' };

/** nginx resolves exactly these six escapes in every word; any other backslash stays as written. */
function resolveEscapes(raw: string): string {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i] as string;
    const resolved = char === '\\' ? UNESCAPED[raw[i + 1] ?? ''] : undefined;
    if (resolved === undefined) {
      out += char;
    } else {
      out += resolved;
      i++;
    }
  }
  return out;
}

/**
 * Reads nginx.conf text into directives: everything {@link printNginx} writes, and hand-written configs
 * (comments, single or double quotes, escapes, `if (...)`, `map`/`types` blocks, fragments such as a lone
 * `server {}`). It checks syntax only, as crossplane does without analysis: any word is accepted as a
 * directive name and no directive is known to need a block or arguments. Raw-text blocks such as
 * `content_by_lua_block` are not supported.
 * @throws NginxParseError with the line number of the first problem
 */
export function parseNginx(text: string): Directive[] {
  const tokens = tokenize(text);
  let index = 0;

  const take = (): Token => {
    const token = tokens[index] as Token;
    if (token.kind !== 'eof') index++;
    return token;
  };

  const parseList = (parent: string | undefined, openedOnLine: number | undefined): Directive[] => {
    const directives: Directive[] = [];
    for (;;) {
      const token = take();
      if (token.kind === 'eof') {
        if (openedOnLine === undefined) return directives;
        throw new NginxParseError(
          token.line,
          `unexpected end of file, expecting "}" to close the block opened on line ${openedOnLine}`,
          token.column,
        );
      }
      if (token.kind === '}') {
        if (openedOnLine === undefined) throw new NginxParseError(token.line, 'unexpected "}"', token.column);
        return directives;
      }
      if (token.kind !== 'word') {
        throw new NginxParseError(
          token.line,
          `unexpected "${token.kind}" where a directive name was expected`,
          token.column,
        );
      }
      directives.push(parseDirective(token.value, token.line, token.column, parent));
    }
  };

  const parseDirective = (
    name: string,
    line: number,
    column: number,
    parent: string | undefined,
  ): Directive => {
    const args: string[] = [];
    for (;;) {
      const token = take();
      if (token.kind === 'word') {
        args.push(token.value);
        continue;
      }
      if (token.kind === 'eof') {
        throw new NginxParseError(
          line,
          `directive "${name}" is not terminated by ";" (end of file reached)`,
          column,
        );
      }
      if (token.kind === '}') {
        throw new NginxParseError(
          token.line,
          `unexpected "}": directive "${name}" is not terminated by ";"`,
          token.column,
        );
      }
      const valueEntry = parent !== undefined && VALUE_BLOCKS.has(parent);
      const finalArgs = name === 'if' && !valueEntry ? ifCondition(args, line, column) : args;
      if (token.kind === ';') return { name, args: finalArgs };
      return { name, args: finalArgs, block: parseList(name, token.line) };
    }
  };

  return parseList(undefined, undefined);
}

/** Removes the parentheses around an `if` condition the way ngx_http_rewrite_if_condition does. */
function ifCondition(words: readonly string[], line: number, column: number): string[] {
  const args = [...words];
  const first = args[0];
  if (first === undefined || !first.startsWith('(')) {
    throw new NginxParseError(line, '"if" condition must start with "("', column);
  }
  if (first === '(') args.shift();
  else args[0] = first.slice(1);
  const last = args.at(-1);
  if (last === undefined || !last.endsWith(')')) {
    throw new NginxParseError(line, '"if" condition must end with ")"', column);
  }
  if (last === ')') args.pop();
  else args[args.length - 1] = last.slice(0, -1);
  if (args.length === 0) throw new NginxParseError(line, '"if" condition is empty', column);
  return args;
}
