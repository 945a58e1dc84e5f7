import { containsVariable, controlCharacter, hasLoneSurrogate } from '../values';
import { type Directive, VALUE_BLOCKS } from './ast';

/**
 * A directive the printer refuses to write, because nginx would read the text back as something else.
 * Names the directive (and argument) so the caller can point at the user's value.
 */
export class NginxPrintError extends Error {
  override readonly name = 'NginxPrintError';
  constructor(
    message: string,
    /** The directive being printed, when known. */
    readonly directive?: string,
    /** 1-based position of the offending argument, when an argument is at fault. */
    readonly argument?: number,
  ) {
    super(message);
  }
}

const INDENT = '    ';
const DIRECTIVE_NAME = /^[a-z_][a-z0-9_]*$/;

// Characters that end or open something in nginx's tokenizer (ngx_conf_read_token) at the start of or
// inside an unquoted word, plus any whitespace: an argument holding one of them is written in double quotes.
const NEEDS_QUOTES = /[\s;{}"'#\\]/;

/**
 * Why `value` cannot be written at all, or undefined when it can.
 *
 * Inside quotes nginx takes every byte literally except `\"`, `\'`, `\\`, `\t`, `\r` and `\n`, which it
 * un-escapes (ngx_conf_file.c). Tab, CR and LF are therefore written as those escapes, which keeps one
 * directive per line. Every other control character is refused: NUL would cut the C string nginx builds,
 * and the rest have no legitimate use in a config (they would only smuggle bytes into headers or logs).
 * Lone UTF-16 surrogates are refused because they cannot be encoded in the UTF-8 file nginx reads.
 */
function unprintable(value: string): string | undefined {
  if (hasLoneSurrogate(value)) return 'a lone UTF-16 surrogate';
  const control = controlCharacter(value, true);
  return control === undefined ? undefined : `control character ${control}`;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * `value` as one nginx word that reads back as exactly `value`: bare when that is unambiguous, otherwise in
 * double quotes with `\` `"` and tab/CR/LF escaped. `$` is left alone, so variables keep working; see
 * `containsVariable` (model/values) for values that must stay literal.
 * @throws NginxPrintError for control characters nginx cannot read back (see the module notes)
 */
export function quoteArg(value: string): string {
  if (typeof value !== 'string') throw new NginxPrintError(`expected a string, got ${typeof value}`);
  const problem = unprintable(value);
  if (problem !== undefined) throw new NginxPrintError(`${JSON.stringify(value)} contains ${problem}`);
  if (value !== '' && !NEEDS_QUOTES.test(value)) return value;
  return `"${value.replace(/[\\"\n\r\t]/g, (char) => ESCAPES[char] ?? char)}"`;
}

/**
 * Marks `value` as a literal: returns it unchanged, or throws when nginx would expand part of it as a
 * variable (see {@link containsVariable}).
 * @example d('add_header', 'X-Owner', literalArg(props.owner))
 */
export function literalArg(value: string, what = 'value'): string {
  if (containsVariable(value)) {
    throw new NginxPrintError(
      `${what} ${JSON.stringify(value)} contains "$", which nginx would read as a variable; nginx has no escape for a literal "$"`,
    );
  }
  return value;
}

/**
 * Renders directives as nginx.conf text: 4-space indentation, one directive per line, a blank line around
 * every block directive among its siblings, LF line endings and a trailing newline (an empty config is the
 * empty string). Every argument goes through {@link quoteArg}, so no string in the model can open, close or
 * end a directive; {@link parseNginx} reads the output back to the same model.
 * @throws NginxPrintError for an invalid directive name, an `if` without a condition, or an unprintable
 *   argument
 */
export function printNginx(config: readonly Directive[]): string {
  const lines: string[] = [];
  printList(config, 0, undefined, [], lines);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function printList(
  directives: readonly Directive[],
  depth: number,
  parent: string | undefined,
  path: readonly string[],
  lines: string[],
): void {
  const valueEntries = parent !== undefined && VALUE_BLOCKS.has(parent);
  const indent = indentOf(depth);
  for (let index = 0; index < directives.length; index++) {
    const directive = directives[index] as Directive;
    const previous = directives[index - 1];
    if (previous !== undefined && (previous.block !== undefined || directive.block !== undefined)) {
      lines.push('');
    }
    const head = `${indent}${printHead(directive, valueEntries, path)}`;
    if (directive.block === undefined) {
      lines.push(`${head};`);
    } else if (directive.block.length === 0) {
      lines.push(`${head} {}`);
    } else {
      lines.push(`${head} {`);
      printList(directive.block, depth + 1, directive.name, [...path, directive.name], lines);
      lines.push(`${indent}}`);
    }
  }
}

const INDENTS = [''];

/** {@link INDENT} once per level, built once per depth. */
function indentOf(depth: number): string {
  while (INDENTS.length <= depth) INDENTS.push(`${INDENTS[INDENTS.length - 1]}${INDENT}`);
  return INDENTS[depth] as string;
}

// The messages below name where the directive sits; they are only built for a directive that fails, since
// building them for every argument was most of what printing a config of thousands of servers allocated.
function printHead(directive: Directive, valueEntry: boolean, path: readonly string[]): string {
  const { name, args } = directive;
  let printedName: string;
  if (valueEntry) {
    try {
      printedName = quoteArg(name);
    } catch (error) {
      throw located(error, `entry key of "${path.at(-1)}"${whereIn(path)}`, name);
    }
  } else {
    if (typeof name !== 'string' || !DIRECTIVE_NAME.test(name)) {
      throw new NginxPrintError(
        `cannot print nginx directive ${JSON.stringify(name)}${whereIn(path)}: a directive name must match ${DIRECTIVE_NAME}`,
        String(name),
      );
    }
    printedName = name;
  }
  if (!Array.isArray(args)) {
    throw new NginxPrintError(
      `cannot print nginx directive "${name}"${whereIn(path)}: args must be an array`,
      name,
    );
  }
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    try {
      words.push(quoteArg(args[i] as string));
    } catch (error) {
      throw located(error, `"${name}" argument ${i + 1}${whereIn(path)}`, name, i + 1);
    }
  }
  if (name === 'if' && !valueEntry) return `${printedName} ${ifCondition(args, words, whereIn(path))}`;
  return words.length === 0 ? printedName : `${printedName} ${words.join(' ')}`;
}

/** Where a directive sits, for a message: ` (in http > server)`, or nothing at the top. */
function whereIn(path: readonly string[]): string {
  return path.length > 0 ? ` (in ${path.join(' > ')})` : '';
}

/** A quoting failure, re-raised with the directive and argument it belongs to; any other error as it is. */
function located(error: unknown, subject: string, directive: string, argument?: number): unknown {
  if (!(error instanceof NginxPrintError)) return error;
  return new NginxPrintError(`cannot print nginx ${subject}: ${error.message}`, directive, argument);
}

/**
 * `(cond)` for an `if`. nginx strips one `(` from the start of the first word and one `)` from the end of
 * the last (ngx_http_rewrite_if_condition), after quotes are removed. A bare first word can carry the `(`
 * itself; a quoted one cannot, so it gets a standalone `(` word. A `)` may follow a closing quote directly:
 * nginx's tokenizer makes it a word of its own, which the `if` handler accepts.
 */
function ifCondition(args: readonly string[], words: readonly string[], where: string): string {
  if (words.length === 0) {
    throw new NginxPrintError(`cannot print nginx "if"${where}: it needs a condition`, 'if');
  }
  const first = words[0] === args[0] ? `(${words[0]}` : `( ${words[0]}`;
  const all = [first, ...words.slice(1)];
  return `${all.join(' ')})`;
}
