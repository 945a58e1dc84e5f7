import { parse } from 'yaml';
import {
  forcesDoubleQuotes,
  hasDocumentMarker,
  libraryDoubleQuoted,
  libraryScalarText,
  libraryYamlText,
  MAX_IMPLICIT_KEY,
  refusesPlain,
  type ScalarPlace,
} from './yaml-library';

// Strings a reader could take for something else. Checked against both YAML 1.1 (Go's yaml.v2 lineage, where
// `on`, `yes`, `08` and `1:20` are not strings) and YAML 1.2 (where `0o17` is a number).
const YAML_VERSIONS = ['1.1', '1.2'] as const;

// Port specs, IPs, versions and the like: quoting anything that starts with a digit or sign costs nothing and
// keeps `8080:80` from ever being read as a base-60 number.
const NUMBER_LIKE_START = /^[-+.]?[0-9]/;

// Go templates and YAML indicators at the start of a plain scalar.
const INDICATOR_START = /^[*&!{}[\]|>'"%@`#,~]/;

// Characters go-yaml (Docker's YAML reader, YAML 1.1) reads as line breaks (NEL, LS, PS) or refuses unescaped
// (C0 and C1 controls, DEL, BOM, U+FFFE, U+FFFF). The yaml library writes them raw, even inside double quotes,
// and a line break Docker sees inside a value ends the value there: the rest would be read as YAML, e.g. an
// environment value adding `privileged: true` to its service. Strings holding one are double-quoted and each is
// written as a \u escape, which every YAML reader decodes back to the same character.
/** A character the printer never writes raw: it double-quotes the string and writes it as a \u escape. */
export function unsafeForDocker(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x09 && code !== 0x0a) ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0xfeff ||
    code === 0xfffe ||
    code === 0xffff
  );
}

function hasUnsafeForDocker(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (unsafeForDocker(text.charCodeAt(i))) return true;
  return false;
}

/** Writes each such character as `\uXXXX`; only called on text where all of them sit inside double quotes. */
export function escapeUnsafeForDocker(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out += unsafeForDocker(code) ? `\\u${code.toString(16).padStart(4, '0')}` : text[i];
  }
  return out;
}

// A tab opening a line of a block scalar reads to go-yaml as indentation, which YAML forbids.
function hasLineStartingWithTab(text: string): boolean {
  return text.startsWith('\t') || text.includes('\n\t');
}

// One-line strings the full check below has answered. A program has few distinct ones (10 at 5000 FlaskServices:
// port specs, durations, `-`); the cap only bounds a process that synthesizes many different programs.
const memo = new Map<string, boolean>();
const QUOTING_MEMO_SIZE = 10_000;

// Plain scalars no YAML reader can take for anything but this string: a letter, then letters, digits and
// `_./-`, with single `:`s between them (`nginx:1.22`, `app:app`, `http://web/`: no space after a colon, so
// no reader sees a mapping), optionally after one or two dashes (`-c`, `--bind`; a dash is an indicator only
// before a space); or a path starting `/`, `./` or `../` without a colon. Most strings of a program are of
// this kind (names, images, paths, flags); answering them without the two `yaml` parses below was 3.6% of a
// `synth` run. Not `e1`, `-e1` or `e-1`: the yaml library's YAML 1.1 float has an optional mantissa and a
// signed exponent, so those are numbers there.
const PLAINLY_SAFE =
  /^(?:(?:\.{1,2})?\/[A-Za-z0-9_./-]*|-{0,2}(?![eE][-+]?[0-9])[A-Za-z][A-Za-z0-9_./-]*(?::[A-Za-z0-9_./-]+)*)$/;

// The words of that shape YAML 1.1 or 1.2 reads as booleans or null (`yes`, `Off`, `NULL`...): compared in
// lower case, which also sends mixed-case forms (`yEs`, a string to both versions) to the full check.
const RESERVED_WORDS = new Set(['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null']);

// Text of printable ASCII that starts with a letter (so no indicator, number, timestamp or document marker can
// start it) and holds none of the three things that end a plain scalar on one line: `: ` or a final `:` (a
// mapping), ` #` (a comment), a final space (dropped). Shell commands and sentences are of this kind: a
// FlaskService's stop-delay wrapper was the one string of the flagship the two parses below still answered.
const PLAIN_LINE = /^(?![eE][-+]?[0-9])[A-Za-z][\x20-\x7e]*$/;
const ENDS_PLAIN_SCALAR = /: |:$| #| $/;

/** True when `text` is sure to read back as itself unquoted; false means "ask the parser", not "quote it". */
export function isPlainlySafe(text: string): boolean {
  if (PLAINLY_SAFE.test(text)) return !RESERVED_WORDS.has(text.toLowerCase());
  return PLAIN_LINE.test(text) && !ENDS_PLAIN_SCALAR.test(text) && !RESERVED_WORDS.has(text.toLowerCase());
}

// `-`, `?` and `:` alone or before a space start a sequence entry, a complex key or a value, never a scalar.
const INDICATOR_ALONE = /^[-?:](?: |$)/;

/**
 * True when `text` must be quoted to be read back as this exact string by any YAML reader Docker tools use:
 * `on`, `yes`, `null`, `1.0`, `08`, `8080:80`, `*x`, `{{.Task.Slot}}`, `""`...
 */
export function needsQuotes(text: string): boolean {
  if (isPlainlySafe(text)) return false; // none of the characters below can be in such a string
  if (hasUnsafeForDocker(text) || hasLineStartingWithTab(text)) return true;
  if (text.includes('\n')) return false; // block scalars are always strings; the library picks their style
  const known = memo.get(text);
  if (known !== undefined) return known;
  const result =
    text === '' ||
    text !== text.trim() ||
    NUMBER_LIKE_START.test(text) ||
    INDICATOR_START.test(text) ||
    INDICATOR_ALONE.test(text) ||
    YAML_VERSIONS.some((version) => !readsBackAs(text, version));
  // Cleared rather than frozen when full, so a long-lived process (a jest worker) keeps its recent strings.
  if (memo.size >= QUOTING_MEMO_SIZE) memo.clear();
  memo.set(text, result);
  return result;
}

function readsBackAs(text: string, version: (typeof YAML_VERSIONS)[number]): boolean {
  try {
    // mapAsMap: a string like `{ a: }: b` reads as a mapping with a mapping key; as a plain object the library
    // would print a process warning about stringifying that key. Either way it is not the string, so it is quoted.
    return parse(text, { version, mapAsMap: true }) === text;
  } catch {
    return false;
  }
}

/**
 * Deterministic YAML text for a plain JSON-like value: keys in the value's own order, no line folding, no
 * anchors/aliases, every ambiguous string double-quoted (keys too), LF line endings and a trailing newline.
 * The bytes are the yaml library's for that value and these rules; the common shapes (mappings, sequences,
 * one-line strings, finite numbers, booleans, null) are written directly, without building the library's tree
 * (most of a synth's time and memory went there), and the rest is left to the library (see yaml-library.ts).
 */
export function toYamlText(value: unknown): string {
  let text: string | undefined;
  if (isPlainObject(value) || Array.isArray(value)) {
    try {
      const parts: string[] = [];
      printCollection(value, 0, parts);
      text = `${parts.length === 0 ? emptyCollection(value) : parts.join('')}\n`;
    } catch (error) {
      if (error !== LEAVE_TO_LIBRARY) throw error;
    }
  }
  // Every unsafe character is inside a double-quoted scalar there (see needsQuotes), where \uXXXX is an escape.
  text ??= escapeUnsafeForDocker(libraryYamlText(value, needsQuotes));
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** Thrown by the printer for a value it does not write itself; the whole value then goes to the library. */
const LEAVE_TO_LIBRARY = Symbol('leave to the yaml library');

const INDENTS = [''];

/** Two spaces per level, built once per depth. */
function indentOf(depth: number): string {
  while (INDENTS.length <= depth) INDENTS.push(`${INDENTS[INDENTS.length - 1]}  `);
  return INDENTS[depth] as string;
}

// Only objects the library writes as a mapping of their own enumerable keys: no Map, Date (toJSON), boxed
// primitive or class instance.
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return (
    (proto === Object.prototype || proto === null) &&
    typeof (value as { toJSON?: unknown }).toJSON !== 'function'
  );
}

/**
 * Pushes to `parts` a mapping or sequence whose items sit at `depth` (two spaces each), from its first item on
 * (the caller has written what comes before it on that line); nothing when it has no items to write.
 */
function printCollection(value: Record<string, unknown> | unknown[], depth: number, parts: string[]): void {
  // Pieces are pushed to a list and joined (per service, see printNested, then whole in toYamlText):
  // concatenating them made a rope of millions of small strings for a program of thousands of services, most
  // of what printing allocated.
  const indent = indentOf(depth);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (i > 0) parts.push('\n', indent);
      parts.push('- ');
      const item = value[i];
      if (typeof item === 'object' && item !== null) printNested(plainCollection(item), depth + 1, '', parts);
      else parts.push(printScalar(item, depth, 'seq'));
    }
    return;
  }
  let first = true;
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (item === undefined) continue; // the library leaves such pairs out
    if (!first) parts.push('\n', indent);
    first = false;
    parts.push(printKey(key, depth));
    if (typeof item === 'object' && item !== null) {
      printNested(plainCollection(item), depth + 1, ':', parts);
    } else {
      parts.push(': ', printScalar(item, depth, 'map'));
    }
  }
}

/**
 * A collection inside another, after `lead` (':' after a key, nothing after a dash): its items from the next
 * line of a pair (the first item of a sequence item stays on the dash's line), or `[]`/`{}` when it has none.
 */
function printNested(
  value: Record<string, unknown> | unknown[],
  depth: number,
  lead: string,
  parts: string[],
): void {
  if (!hasItems(value)) {
    parts.push(lead === '' ? emptyCollection(value) : `${lead} ${emptyCollection(value)}`);
    return;
  }
  if (lead !== '') parts.push(lead, '\n', indentOf(depth));
  if (depth > JOINED_DEPTH) {
    printCollection(value, depth, parts);
    return;
  }
  const own: string[] = [];
  printCollection(value, depth, own);
  parts.push(own.join(''));
}

/**
 * Collections this deep or less (a section, each service in it) are joined on their own before they join the
 * whole: one list of every piece of a document of thousands of services grew through large arrays that only a
 * full garbage collection frees, which raised the peak memory of a synthesis more than the rope it replaced.
 */
const JOINED_DEPTH = 2;

/** Whether {@link printCollection} writes anything for `value`: an item, or a pair whose value is defined. */
function hasItems(value: Record<string, unknown> | unknown[]): boolean {
  if (Array.isArray(value)) return value.length > 0;
  for (const key of Object.keys(value)) if (value[key] !== undefined) return true;
  return false;
}

/** The library writes a collection without items in flow style. */
function emptyCollection(value: object): string {
  return Array.isArray(value) ? '[]' : '{}';
}

function plainCollection(value: object): Record<string, unknown> | unknown[] {
  if (Array.isArray(value) || isPlainObject(value)) return value;
  throw LEAVE_TO_LIBRARY;
}

/** A scalar as the value of a pair or an item of a collection at `depth`. */
function printScalar(value: unknown, depth: number, place: ScalarPlace): string {
  switch (typeof value) {
    case 'string':
      return printString(value, depth, place);
    case 'number':
      // -0, NaN and the infinities have YAML spellings of their own.
      return Number.isFinite(value) && !Object.is(value, -0)
        ? String(value)
        : libraryScalarText(value, false, depth, place);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined': // an array's hole or undefined item
      return 'null';
    case 'bigint':
      return libraryScalarText(value, false, depth, place);
    case 'object': // null: collections are the caller's
      return 'null';
    default:
      throw LEAVE_TO_LIBRARY;
  }
}

// One-line strings as written, shared by every place (their text does not depend on it). Programs repeat most
// of theirs (images, flags, ports, durations), and a lookup is cheaper than the checks below.
const oneLineMemo = new Map<string, string>();
const ONE_LINE_MEMO_SIZE = 10_000;

function printString(text: string, depth: number, place: ScalarPlace): string {
  const known = oneLineMemo.get(text);
  if (known !== undefined) return known;
  const quoted = needsQuotes(text);
  if (text.includes('\n')) {
    // Block scalars, their chomping and indentation indicators, or folded double quotes: the library's own.
    return multiLineText(text, quoted, depth, place);
  }
  let written = text;
  if (quoted || forcesDoubleQuotes(text)) {
    written = dockerSafe(libraryDoubleQuoted(text));
  } else if (refusesPlain(text)) {
    // Not ambiguous to us, but the library would still quote it (in its own choice of quotes).
    return libraryScalarText(text, false, depth, place);
  }
  if (oneLineMemo.size >= ONE_LINE_MEMO_SIZE) oneLineMemo.clear();
  oneLineMemo.set(text, written);
  return written;
}

// A program repeats its multi-line strings (every FlaskService has the same healthcheck script), so the library
// writes each one once per place. Bounded by characters (these can be whole config files) and cleared when
// full, so a long-lived process keeps the strings of its recent synths.
const multiLineMemo = new Map<string, string>();
const MULTI_LINE_MEMO_CHARS = 1_000_000;
let multiLineMemoChars = 0;

function multiLineText(text: string, quoted: boolean, depth: number, place: ScalarPlace): string {
  const memoKey = `${place}${depth}${quoted ? '"' : ' '}${text}`;
  const known = multiLineMemo.get(memoKey);
  if (known !== undefined) return known;
  const written = dockerSafe(libraryScalarText(text, quoted, depth, place));
  const chars = memoKey.length + written.length;
  if (multiLineMemoChars + chars > MULTI_LINE_MEMO_CHARS) {
    multiLineMemo.clear();
    multiLineMemoChars = 0;
  }
  if (chars <= MULTI_LINE_MEMO_CHARS) {
    multiLineMemo.set(memoKey, written);
    multiLineMemoChars += chars;
  }
  return written;
}

/** A key of a mapping at `depth`; keys the library would write as `? key` or over lines go to it whole. */
function printKey(key: string, depth: number): string {
  if (isPlainlySafe(key) && key.length <= MAX_IMPLICIT_KEY) return key;
  let written: string;
  if (needsQuotes(key) || forcesDoubleQuotes(key)) {
    written = libraryDoubleQuoted(key);
  } else if (key.includes('\n') || refusesPlain(key) || (depth === 0 && hasDocumentMarker(key))) {
    throw LEAVE_TO_LIBRARY;
  } else {
    written = key;
  }
  if (written.length > MAX_IMPLICIT_KEY) throw LEAVE_TO_LIBRARY;
  return dockerSafe(written);
}

/** Text of double-quoted scalars (the only place such characters can be) with the Docker escapes. */
function dockerSafe(written: string): string {
  return hasUnsafeForDocker(written) ? escapeUnsafeForDocker(written) : written;
}
