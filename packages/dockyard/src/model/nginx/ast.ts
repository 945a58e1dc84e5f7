/**
 * One nginx directive as data, after nginxinc/crossplane's payload: `{ directive, args, block? }`.
 *
 * `args` hold the values nginx sees after it has read the file (quotes removed, escapes resolved), so
 * `add_header X-A "a b";` is `{ name: 'add_header', args: ['X-A', 'a b'] }`. `block` is present exactly when
 * the directive opens `{ ... }` (an empty block is `[]`). For `if`, `args` leave out the surrounding
 * parentheses: `if ($a = b) {}` is `{ name: 'if', args: ['$a', '=', 'b'], block: [] }`.
 * Comments are not part of the model: the parser drops them and the printer never writes any.
 */
export type Directive = {
  /** The directive's name, e.g. `proxy_pass`. */
  name: string;
  /** Its arguments as nginx reads them (unquoted, unescaped). */
  args: string[];
  /** The directives inside `{ ... }`, when it opens a block (`[]` for an empty one). */
  block?: Directive[];
  /** Never set: comments are not part of the model. */
  comment?: never;
};

/** A whole file, or the inside of one block: directives in order. */
export type Config = Directive[];

/**
 * Blocks whose entries are data rather than directives (`map $a $b { default 0; "~^x y" 1; }`,
 * `types { text/html html; }`): an entry's first word is a key that may be any string, so the printer
 * quotes it like an argument instead of checking it as a directive name.
 */
export const VALUE_BLOCKS: ReadonlySet<string> = new Set([
  'map',
  'geo',
  'types',
  'split_clients',
  'charset_map',
]);

/**
 * A simple directive.
 * @example d('proxy_pass', 'http://app') // proxy_pass http://app;
 */
export function d(name: string, ...args: string[]): Directive {
  return { name, args };
}

/**
 * A block directive.
 * @example block('location', ['/'], [d('return', '204')]) // location / { return 204; }
 */
export function block(name: string, args: readonly string[], children: readonly Directive[]): Directive {
  return { name, args: [...args], block: [...children] };
}
