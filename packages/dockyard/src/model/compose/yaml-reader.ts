// Reading back the YAML Dockyard's own printer (yaml-text.ts) writes, without the yaml library's lexer, parser,
// composer and node tree: the testing toolkit reads every compose.yaml and stack.yaml a test looks at, and three
// cold library parses were most of what a test file paid to read its artifacts. The printer's output is a small
// known shape: block mappings and sequences indented two spaces a level (sequences under their key), one-line
// plain, double- and single-quoted scalars, `{}` and `[]`, and literal block scalars. Anything else (another
// writer's file, or a value the printer left whole to the library: `? key`, folded quotes, an indentation
// indicator) is read by the library itself, so the result is always the library's.
import {
  NOT_PRINTED,
  plainEnd,
  type ReadScalar,
  readDoubleQuoted,
  readSingleQuoted,
  resolvePlain,
} from './yaml-scalar-reader';

type Collection = Record<string, unknown> | unknown[];

// The yaml library, loaded the first time a text needs it: most texts a test reads never do.
let libraryParse: ((text: string) => unknown) | undefined;

/**
 * `text` parsed as the yaml library's `parse(text)` parses it (same values, same key order, same errors),
 * read directly when it is in the shape Dockyard's printer writes and by the library otherwise.
 *
 * @example
 * readYaml(toYamlText({ services: { web: { image: 'shop:1.4' } } })); // { services: { web: { image: 'shop:1.4' } } }
 */
export function readYaml(text: string): unknown {
  const read = readPrintedYaml(text);
  if (read !== NOT_PRINTED) return read;
  libraryParse ??= (require('yaml') as typeof import('yaml')).parse;
  return libraryParse(text);
}

/**
 * The value of a text in the printer's shape, or NOT_PRINTED (nothing is half read: the caller then parses
 * the whole text another way). Exported so tests can prove which texts take this path.
 */
export function readPrintedYaml(text: string): unknown {
  if (!text.endsWith('\n') || text.includes('\r')) return NOT_PRINTED;
  if (text === '{}\n') return {};
  if (text === '[]\n') return [];
  const lines = text.split('\n');
  lines.pop(); // the '' after the final line break
  try {
    const reader = new BlockReader(lines);
    const value = reader.collection(0);
    return reader.line === lines.length ? value : NOT_PRINTED;
  } catch (error) {
    if (error === NOT_PRINTED) return NOT_PRINTED;
    throw error;
  }
}

/** Leading spaces of a line. */
function indentOf(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === 0x20) i++;
  return i;
}

// A block scalar's content starts this far right of the key or `- ` it belongs to, as the printer writes it.
const BLOCK_INDENT = 2;
// The library refuses implicit keys longer than this (and the printer writes those as `? key`).
const MAX_IMPLICIT_KEY = 1024;

/** Reads collections line by line; `line` is the next line not yet read. */
class BlockReader {
  line = 0;

  constructor(private readonly lines: readonly string[]) {}

  /**
   * The block collection whose first entry starts at `column` of the current line (after a `- ` when it is
   * a compact one) and whose other entries are the lines that follow indented exactly `column`.
   */
  collection(column: number): Collection {
    const text = this.lines[this.line];
    if (text === undefined) throw NOT_PRINTED;
    return text.startsWith('- ', column) ? this.sequence(column) : this.mapping(column);
  }

  private sequence(column: number): unknown[] {
    const items: unknown[] = [];
    for (;;) {
      const text = this.lines[this.line] as string;
      if (!text.startsWith('- ', column)) throw NOT_PRINTED;
      items.push(this.item(text, column + 2, column));
      if (!this.continues(column)) return items;
    }
  }

  private mapping(column: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    for (;;) {
      const text = this.lines[this.line] as string;
      // At the left margin `---` and `...` may be document markers (`%`, a directive, is no plain key either);
      // the printer leaves keys starting so to the library.
      if (column === 0 && (text.startsWith('---') || text.startsWith('...'))) throw NOT_PRINTED;
      const key = this.key(text, column);
      if (key === undefined) throw NOT_PRINTED;
      const after = key.end + 1; // past the ':'
      let value: unknown;
      if (after === text.length) {
        // `key:` alone: the value is the collection on the next lines, two spaces right.
        this.line++;
        const next = this.lines[this.line];
        if (next === undefined || indentOf(next) !== column + 2) throw NOT_PRINTED;
        value = this.collection(column + 2);
      } else {
        value = this.inline(text, after + 1, column);
      }
      setKey(map, key.value, value);
      if (!this.continues(column)) return map;
    }
  }

  /**
   * A mapping key at `start`: its string and the index of its `:`, or undefined when the text there is not a
   * key. Plain keys must read as strings: the printer quotes every other key.
   */
  private key(text: string, start: number): { value: string; end: number } | undefined {
    const first = text[start];
    let read: ReadScalar;
    if (first === '"') read = readDoubleQuoted(text, start);
    else if (first === "'") read = readSingleQuoted(text, start);
    else {
      const end = plainEnd(text, start);
      if (end === text.length) return undefined;
      const plain = text.slice(start, end);
      // `<<` is a merge key to some readers; not worth being clever about.
      if (typeof resolvePlain(plain) !== 'string' || plain === '<<') throw NOT_PRINTED;
      read = { value: plain, end };
    }
    if (text[read.end] !== ':') {
      if (read.end === text.length) return undefined; // a quoted scalar alone, as a sequence item
      throw NOT_PRINTED;
    }
    if (read.end - start > MAX_IMPLICIT_KEY) throw NOT_PRINTED;
    if (read.end + 1 !== text.length && text[read.end + 1] !== ' ') throw NOT_PRINTED;
    return { value: read.value as string, end: read.end };
  }

  /** A sequence item starting at `start` of `text` (its `- ` at `dash`): a compact collection or a scalar. */
  private item(text: string, start: number, dash: number): unknown {
    if (text.startsWith('- ', start)) return this.sequence(start);
    // A block scalar or an empty collection; any other start may be a compact mapping's first key.
    const first = text[start];
    if (first === '|' || first === '{' || first === '[') return this.inline(text, start, dash);
    if (this.key(text, start) !== undefined) return this.mapping(start);
    return this.inline(text, start, dash);
  }

  /**
   * A value written on its line from `start` to the line's end: `{}`, `[]`, a scalar, or a literal block
   * scalar whose content follows, indented two spaces right of `owner` (the column of its key or `- `).
   */
  private inline(text: string, start: number, owner: number): unknown {
    const first = text[start];
    let read: ReadScalar;
    if (first === '{' || first === '[') {
      const rest = text.slice(start);
      if (rest !== '{}' && rest !== '[]') throw NOT_PRINTED; // a flow collection with items
      this.line++;
      return rest === '{}' ? {} : [];
    }
    if (first === '|') return this.literal(text.slice(start + 1), owner);
    if (first === '"') read = readDoubleQuoted(text, start);
    else if (first === "'") read = readSingleQuoted(text, start);
    else {
      if (plainEnd(text, start) !== text.length) throw NOT_PRINTED; // `a: b: c`, not the printer's
      read = { value: resolvePlain(text.slice(start)), end: text.length };
    }
    if (read.end !== text.length) throw NOT_PRINTED;
    this.line++;
    return read.value;
  }

  /**
   * A literal block scalar after its `|`: `header` is the rest of that line, content on the lines below,
   * indented two spaces right of its owner. The header is a chomping indicator or nothing, after a `2` when
   * the content's first line starts with a space (the printer's indentation, stated because it cannot be
   * detected); any other indentation indicator, or a comment, is left to the library.
   */
  private literal(header: string, owner: number): string {
    const stated = header.startsWith('2');
    const chomping = stated ? header.slice(1) : header;
    if (chomping !== '' && chomping !== '-' && chomping !== '+') throw NOT_PRINTED;
    const indent = owner + BLOCK_INDENT;
    const parts: string[] = [];
    let emptyLines = 0; // since the last content line
    let sawContent = false;
    for (this.line++; this.line < this.lines.length; this.line++) {
      const text = this.lines[this.line] as string;
      const spaces = indentOf(text);
      if (spaces === text.length) {
        // A line of spaces only: empty when no wider than the indentation; wider, it would be content whose
        // reading (or the first line's detected indentation) is subtle enough to leave to the library.
        if (spaces > indent) throw NOT_PRINTED;
        emptyLines++;
        continue;
      }
      if (spaces < indent) break; // the block ended: the line belongs to an enclosing collection
      // Unless stated, the library detects the indentation from the first content line: it must be the
      // printer's. A tab right after the indentation is content the printer never writes unquoted.
      if ((!sawContent && !stated && spaces !== indent) || text.charCodeAt(indent) === 0x09)
        throw NOT_PRINTED;
      for (; emptyLines > 0; emptyLines--) parts.push('');
      parts.push(text.slice(indent));
      sawContent = true;
    }
    if (!sawContent) throw NOT_PRINTED;
    const body = parts.join('\n');
    if (chomping === '-') return body;
    if (chomping === '') return `${body}\n`;
    return `${body}\n${'\n'.repeat(emptyLines)}`;
  }

  /** Whether the current line is the collection's next entry, at `column`; a wider line is not the printer's. */
  private continues(column: number): boolean {
    const text = this.lines[this.line];
    if (text === undefined) return false;
    const spaces = indentOf(text);
    if (spaces > column || (spaces === text.length && spaces === column)) throw NOT_PRINTED;
    return spaces === column;
  }
}

/**
 * As the library sets a key: a key the object already has through its prototype (`__proto__`, `constructor`)
 * becomes an own property rather than changing the prototype. A repeated key is an error to the library,
 * which it reports itself.
 */
function setKey(map: Record<string, unknown>, key: string, value: unknown): void {
  if (Object.hasOwn(map, key)) throw NOT_PRINTED;
  if (key in map) {
    Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    map[key] = value;
  }
}
