// The one-line scalars Dockyard's YAML printer (yaml-text.ts) writes, read back exactly as the yaml library's
// `parse` reads them (YAML 1.2, its default core schema). Each reader throws NOT_PRINTED for a form the
// printer does not write, so the caller hands the whole text to the library instead of guessing.

import { unsafeForDocker } from './yaml-text';

/** Thrown for text outside what the printer writes; the whole text then goes to the yaml library. */
export const NOT_PRINTED = Symbol('not the printer subset of YAML');

/** A scalar read from a line: its value and the index just after its last character. */
export interface ReadScalar {
  readonly value: unknown;
  readonly end: number;
}

/**
 * Characters not read here in a one-line scalar: those the printer escapes for Docker (meeting one raw means
 * another writer made the text, and how a reader takes it, a line break or an error, is the library's to say),
 * a line feed, and a tab (the printer may write one inside a plain scalar, rarely; next to `#` or `:` it changes
 * the reading, so such a text is left to the library).
 */
function neverRaw(code: number): boolean {
  return code === 0x09 || code === 0x0a || unsafeForDocker(code);
}

// c-indicator characters that cannot start a plain scalar at all. `-`, `?` and `:` can, when a non-space
// follows (`-c`, `:a`), and are checked apart.
const NOT_PLAIN_START = new Set([
  ',',
  '[',
  ']',
  '{',
  '}',
  '#',
  '&',
  '*',
  '!',
  '|',
  '>',
  "'",
  '"',
  '%',
  '@',
  '`',
]);

/**
 * Where a plain scalar starting at `start` ends: at the line's end, or at a `:` followed by a space or the
 * line's end (the scalar is then a mapping key). Throws NOT_PRINTED for what a plain scalar of the printer
 * cannot hold: an indicator first, a comment (` #`), a tab or other raw control, a space before its end.
 */
export function plainEnd(line: string, start: number): number {
  const first = line.charCodeAt(start);
  if (Number.isNaN(first) || first === 0x20) throw NOT_PRINTED;
  const firstChar = line[start] as string;
  if (NOT_PLAIN_START.has(firstChar)) throw NOT_PRINTED;
  if ((firstChar === '-' || firstChar === '?' || firstChar === ':') && !(line.charCodeAt(start + 1) > 0x20)) {
    throw NOT_PRINTED;
  }
  let i = start;
  for (; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (neverRaw(code)) throw NOT_PRINTED;
    if (code === 0x3a /* : */ && (i + 1 === line.length || line.charCodeAt(i + 1) === 0x20)) break;
    if (code === 0x23 /* # */ && line.charCodeAt(i - 1) === 0x20) throw NOT_PRINTED;
  }
  // The library trims a plain scalar's trailing spaces; the printer never writes any.
  if (line.charCodeAt(i - 1) === 0x20) throw NOT_PRINTED;
  return i;
}

// The core schema's tags in the order the library tries them (yaml/dist/schema/core/schema.js): the first
// whose test matches decides the value. Not `str`, which is what is left.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

// Only these can start a plain scalar that is not a string (`~`, n/N, t/T, f/F, digits, sign, dot): every
// other plain scalar, most of a compose file (names, images, paths, flags), skips the tests above.
function mayNotBeString(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    code === 0x2b ||
    code === 0x2d ||
    code === 0x2e ||
    code === 0x7e ||
    code === 0x6e ||
    code === 0x4e ||
    code === 0x74 ||
    code === 0x54 ||
    code === 0x66 ||
    code === 0x46
  );
}

/** A plain scalar's value as the yaml library's core schema resolves it: null, boolean, number or string. */
export function resolvePlain(text: string): unknown {
  if (!mayNotBeString(text.charCodeAt(0))) return text;
  if (NULL.test(text)) return null;
  if (BOOL.test(text)) return text[0] === 't' || text[0] === 'T';
  // The library's intResolve: parseInt of the digits (so `-0` is -0, and big integers round like a double).
  if (INT_OCT.test(text)) return Number.parseInt(text.substring(2), 8);
  if (INT.test(text)) return Number.parseInt(text, 10);
  if (INT_HEX.test(text)) return Number.parseInt(text.substring(2), 16);
  if (FLOAT_NAN.test(text)) {
    if (text.slice(-3).toLowerCase() === 'nan') return Number.NaN;
    return text[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (FLOAT_EXP.test(text) || FLOAT.test(text)) return Number.parseFloat(text);
  return text;
}

// The library's double-quote escapes (yaml/dist/compose/resolve-flow-scalar.js), but for `\` before a line
// break: the printer's double quotes never span lines.
const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  '\t': '\t',
};

const HEX_DIGITS = { x: 2, u: 4, U: 8 } as const;
const HEX = /^[0-9a-fA-F]+$/;

/**
 * A double-quoted scalar opening at `line[start]` and closing on the same line. Throws NOT_PRINTED when it
 * does not close there (a folded, multi-line one), for an escape the library would report, and for a raw
 * control character (the printer escapes every one).
 */
export function readDoubleQuoted(line: string, start: number): ReadScalar {
  let value = '';
  let from = start + 1;
  for (let i = from; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code === 0x22 /* " */) return { value: value + line.slice(from, i), end: i + 1 };
    if (neverRaw(code)) throw NOT_PRINTED;
    if (code !== 0x5c /* \ */) continue;
    value += line.slice(from, i);
    const escaped = line[i + 1];
    if (escaped === undefined) throw NOT_PRINTED;
    const simple = ESCAPES[escaped];
    if (simple !== undefined) {
      value += simple;
      i += 1;
    } else if (escaped === 'x' || escaped === 'u' || escaped === 'U') {
      const length = HEX_DIGITS[escaped];
      const digits = line.slice(i + 2, i + 2 + length);
      if (digits.length !== length || !HEX.test(digits)) throw NOT_PRINTED;
      const point = Number.parseInt(digits, 16);
      if (point > 0x10ffff) throw NOT_PRINTED; // the library reports it and keeps the escape's text
      value += String.fromCodePoint(point);
      i += 1 + length;
    } else {
      throw NOT_PRINTED;
    }
    from = i + 1;
  }
  throw NOT_PRINTED;
}

/** A single-quoted scalar (`''` is a quote) opening at `line[start]` and closing on the same line. */
export function readSingleQuoted(line: string, start: number): ReadScalar {
  let value = '';
  let from = start + 1;
  for (let i = from; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (neverRaw(code)) throw NOT_PRINTED;
    if (code !== 0x27 /* ' */) continue;
    value += line.slice(from, i);
    if (line.charCodeAt(i + 1) !== 0x27) return { value, end: i + 1 };
    value += "'";
    i += 1;
    from = i + 1;
  }
  throw NOT_PRINTED;
}
