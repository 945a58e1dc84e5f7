import { Document, isScalar, parse, Scalar, visit } from 'yaml';

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
function unsafeForDocker(code: number): boolean {
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
function escapeUnsafeForDocker(text: string): string {
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

const memo = new Map<string, boolean>();

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

/** True when `text` is sure to read back as itself unquoted; false means "ask the parser", not "quote it". */
export function isPlainlySafe(text: string): boolean {
  return PLAINLY_SAFE.test(text) && !RESERVED_WORDS.has(text.toLowerCase());
}

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
    YAML_VERSIONS.some((version) => !readsBackAs(text, version));
  if (memo.size < 10_000) memo.set(text, result);
  return result;
}

function readsBackAs(text: string, version: (typeof YAML_VERSIONS)[number]): boolean {
  try {
    return parse(text, { version }) === text;
  } catch {
    return false;
  }
}

/**
 * Deterministic YAML text for a plain JSON-like value: keys in the value's own order, no line folding, no
 * anchors/aliases, every ambiguous string double-quoted (keys too), LF line endings and a trailing newline.
 */
export function toYamlText(value: unknown): string {
  // Shared sub-objects would otherwise become anchors and aliases, which nobody reading a compose file expects.
  const doc = new Document(value, { aliasDuplicateObjects: false });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && needsQuotes(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
    Pair(_key, pair) {
      if (isScalar(pair.key) && typeof pair.key.value === 'string' && needsQuotes(pair.key.value)) {
        pair.key.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
  const written = doc.toString({ lineWidth: 0, minContentWidth: 0, indentSeq: true });
  // Every such character is inside a double-quoted scalar now (see needsQuotes), where \uXXXX is an escape.
  const text = escapeUnsafeForDocker(written);
  return text.endsWith('\n') ? text : `${text}\n`;
}
