// What the yaml library writes, for the direct printer of yaml-text.ts: its text for the rare values the
// printer leaves to it, and its style rules for one-line scalars, mirrored so the printer's bytes are its own.
import { Document, isScalar, Scalar, visit } from 'yaml';

/** The options every Dockyard YAML file is written with: no line folding, sequences indented under their key. */
const TO_STRING_OPTIONS = { lineWidth: 0, minContentWidth: 0, indentSeq: true } as const;

// Shared sub-objects would otherwise become anchors and aliases, which nobody reading a compose file expects.
const DOCUMENT_OPTIONS = { aliasDuplicateObjects: false } as const;

/**
 * The yaml library's text for a whole value, every string `quote` accepts (keys too) double-quoted. Used for
 * what the direct printer does not write itself: values that are not plain JSON-like data, and keys YAML
 * cannot write plainly on one line.
 */
export function libraryYamlText(value: unknown, quote: (text: string) => boolean): string {
  const doc = new Document(value, DOCUMENT_OPTIONS);
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && quote(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
    Pair(_key, pair) {
      if (isScalar(pair.key) && typeof pair.key.value === 'string' && quote(pair.key.value)) {
        pair.key.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
  return doc.toString(TO_STRING_OPTIONS);
}

/** Where a scalar sits: the value of a mapping's pair or an item of a sequence. */
export type ScalarPlace = 'map' | 'seq';

const WRAPPER_KEY = 'k';

/**
 * The yaml library's text for one scalar inside a block collection whose items are indented by `depth` steps
 * of two spaces, without the `key: ` or `- ` before it and without a final newline. The library's choice of
 * style depends on the scalar, the indentation and whether it is a mapping value or a sequence item, never on
 * the collections around it, so the scalar is written inside the smallest document that puts it in the same
 * place: `depth` single-pair mappings around a one-item mapping or sequence. Multi-line strings (block scalars,
 * their chomping and indentation indicators) and rare numbers are written this way rather than re-derived.
 */
export function libraryScalarText(
  value: unknown,
  quoted: boolean,
  depth: number,
  place: ScalarPlace,
): string {
  const leaf = new Scalar(value);
  if (quoted) leaf.type = Scalar.QUOTE_DOUBLE;
  const doc = new Document(null, DOCUMENT_OPTIONS);
  let node: unknown = place === 'map' ? doc.createNode({ [WRAPPER_KEY]: leaf }) : doc.createNode([leaf]);
  let prefix = `${'  '.repeat(depth)}${place === 'map' ? `${WRAPPER_KEY}: ` : '- '}`;
  for (let level = depth - 1; level >= 0; level--) {
    node = doc.createNode({ [WRAPPER_KEY]: node });
    prefix = `${'  '.repeat(level)}${WRAPPER_KEY}:\n${prefix}`;
  }
  doc.contents = node as Document['contents'];
  const text = doc.toString(TO_STRING_OPTIONS);
  if (!text.startsWith(prefix) || !text.endsWith('\n')) {
    throw new Error(
      `internal error: the yaml library wrote ${JSON.stringify(text)} for a scalar at ${prefix}`,
    );
  }
  return text.slice(prefix.length, -1);
}

// The yaml library's rules for one-line scalars (yaml/dist/stringify/stringifyString.js), mirrored so the direct
// printer picks the style the library would: characters it always double-quotes, the shapes it never writes
// plainly, document markers, plain text one of its schema's other tags would resolve, and its double quotes.
const PLAIN_NOT_ALLOWED = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;

/** Longer keys are written as explicit keys (`? key`). */
export const MAX_IMPLICIT_KEY = 1024;

let otherTagTests: RegExp[] | undefined; // built on first use: nothing at import

/** C0 controls but tab and line feed, DEL, C1 controls, or an unpaired surrogate: always double-quoted. */
export function forcesDoubleQuotes(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x08 || (code >= 0x0b && code <= 0x1f) || (code >= 0x7f && code <= 0x9f)) return true;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    } else if (code >= 0xdc00 && code <= 0xdfff) return true;
  }
  return false;
}

/** A line that starts like a document marker (`---`, `...`, `%`): plain only below the first level. */
export function hasDocumentMarker(text: string): boolean {
  return DOCUMENT_MARKER.test(text);
}

/** True when the library would quote this one-line string even though no rule of ours asks for quotes. */
export function refusesPlain(text: string): boolean {
  return PLAIN_NOT_ALLOWED.test(text) || readsAsAnotherType(text);
}

function readsAsAnotherType(text: string): boolean {
  otherTagTests ??= new Document().schema.tags.flatMap((tag) =>
    tag.default && tag.tag !== 'tag:yaml.org,2002:str' && tag.test !== undefined ? [tag.test] : [],
  );
  return otherTagTests.some((test) => test.test(text));
}

// The library's doubleQuotedString for an implicit key or a string without a line break (no folding): JSON's
// escapes with YAML's short forms for a few controls and \x for the rest of Latin-1.
const SHORT_ESCAPES: Record<string, string> = { '0000': '\\0', '0007': '\\a', '000b': '\\v', '001b': '\\e' };

/** The library's double quotes for an implicit key or a one-line string (before the Docker escapes). */
export function libraryDoubleQuoted(text: string): string {
  const json = JSON.stringify(text);
  if (!json.includes('\\')) return json;
  let out = '';
  let start = 0;
  for (let i = 0; i < json.length; i++) {
    let ch = json[i];
    if (ch === ' ' && json[i + 1] === '\\' && json[i + 2] === 'n') {
      // a space before a line break is escaped, as the library does for folding
      out += `${json.slice(start, i)}\\ `;
      i += 1;
      start = i;
      ch = '\\';
    }
    if (ch !== '\\') continue;
    if (json[i + 1] === 'u') {
      out += json.slice(start, i);
      const code = json.slice(i + 2, i + 6);
      out += SHORT_ESCAPES[code] ?? (code.startsWith('00') ? `\\x${code.slice(2)}` : json.slice(i, i + 6));
      i += 5;
      start = i + 1;
    } else {
      i += 1;
    }
  }
  return start ? out + json.slice(start) : json;
}
