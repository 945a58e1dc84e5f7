import fc from 'fast-check';
import { parse } from 'yaml';
import { readPrintedYaml, readYaml } from '../../../src/model/compose/yaml-reader';
import { NOT_PRINTED } from '../../../src/model/compose/yaml-scalar-reader';
import { toYamlText } from '../../../src/model/compose/yaml-text';
import { deepDocument, document, scalar, TRICKY } from './yaml-arbitraries';

/**
 * A value with every mapping as its prototype and its entries in order: `toStrictEqual` on the values alone
 * ignores key order (which a test reading `Object.keys(services)` sees) and cannot compare objects with an own
 * `constructor` key.
 */
function inOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(inOrder);
  if (value !== null && typeof value === 'object') {
    return {
      prototype: Object.getPrototypeOf(value) === Object.prototype ? 'Object.prototype' : 'another',
      entries: Object.entries(value).map(([key, item]) => [key, inOrder(item)]),
    };
  }
  return value;
}

/** The reader's value equals the library's: same types (-0 and NaN included), prototypes and key order. */
function expectSameAsLibrary(read: unknown, text: string): void {
  expect(inOrder(read)).toStrictEqual(inOrder(parse(text)));
}

// Keys an object has through its prototype, and the merge key: set as the library sets them.
const SPECIAL_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '<<'];

describe('readPrintedYaml (the printer subset) against the yaml library', () => {
  test('reads what the printer writes for random documents with tricky strings and keys as the library does', () => {
    let direct = 0;
    const runs = 3000;
    fc.assert(
      fc.property(document, (doc) => {
        // GIVEN a document as the printer writes it
        const text = toYamlText(doc);
        // WHEN it is read back
        const read = readPrintedYaml(text);
        // THEN it is what the library reads, or left to the library, and readYaml is the library's either way
        if (read !== NOT_PRINTED) {
          direct++;
          expectSameAsLibrary(read, text);
        }
        expectSameAsLibrary(readYaml(text), text);
      }),
      { numRuns: runs },
    );
    // Most printed documents take the direct path, so the property above is about the reader, not the fallback.
    expect(direct).toBeGreaterThan(runs * 0.6);
  });

  test('reads deep nesting and empty collections as the library does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), scalar, (depth, leaf) => {
        const text = toYamlText(deepDocument(depth, leaf));
        const read = readPrintedYaml(text);
        if (read !== NOT_PRINTED) expectSameAsLibrary(read, text);
        expectSameAsLibrary(readYaml(text), text);
      }),
      { numRuns: 500 },
    );
  });

  // Every tricky string in every place the printer writes a scalar: a mapping value, a sequence item, a key,
  // a compact mapping inside a sequence, at the top and two levels down.
  const places: [string, (text: string) => unknown][] = [
    ['a mapping value', (s) => ({ k: s })],
    ['a sequence item', (s) => ({ k: [s, 'after'] })],
    ['a top-level sequence item', (s) => [s, s]],
    ['a key', (s) => ({ [s]: 1, after: 2 })],
    ['a value two levels down', (s) => ({ a: { b: { c: s }, d: 1 } })],
    ['a compact mapping in a sequence', (s) => ({ a: [{ [s]: s, x: s }, [s, [s]]] })],
  ];
  test.each(places)('reads every tricky string as %s as the library does', (_place, wrap) => {
    let direct = 0;
    for (const text of TRICKY.map((s) => toYamlText(wrap(s)))) {
      const read = readPrintedYaml(text);
      if (read !== NOT_PRINTED) {
        direct++;
        expectSameAsLibrary(read, text);
      }
      expectSameAsLibrary(readYaml(text), text);
    }
    expect(direct).toBeGreaterThan(TRICKY.length / 2);
  });

  test.each(SPECIAL_KEYS)(
    'reads the key %s as the library does: an own property, the prototype untouched',
    (key) => {
      // GIVEN a printed mapping with the key, as JSON.parse makes one
      const text = toYamlText(JSON.parse(`{"${key}": {"a": 1}, "b": [{"${key}": "x"}]}`));
      // WHEN
      const read = readYaml(text) as Record<string, unknown>;
      // THEN
      expectSameAsLibrary(read, text);
      expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    },
  );

  test.each([
    ['a literal block scalar', 'k: |\n  a\n  b\n', { k: 'a\nb\n' }],
    ['a stripped one with empty lines inside', 'k: |-\n  a\n\n   b\n', { k: 'a\n\n b' }],
    ['a kept one with trailing empty lines', 'k: |+\n  a\n\n\nnext: 1\n', { k: 'a\n\n\n', next: 1 }],
    ['one whose first line starts with a space', 'k: |2-\n    lead\n\n  x\n', { k: '  lead\n\nx' }],
    ['one in a sequence', 'k:\n  - |-\n    x\n    y\n  - z\n', { k: ['x\ny', 'z'] }],
    ['one in a compact mapping', '- a: |-\n    x\n  b: 1\n', [{ a: 'x', b: 1 }]],
    ['escapes', 'k: "\\0\\a\\x41\\u00e9\\U0001F600\\" \\\\"\n', { k: '\0\x07Aé😀" \\' }],
    ['single quotes', "k: 'it''s \"q\"'\n", { k: `it's "q"` }],
    [
      'numbers of every core-schema form',
      'a: 0o17\nb: 0x1F\nc: -0\nd: 1e+21\ne: .5\nf: -.Inf\ng: .NaN\n',
      { a: 15, b: 31, c: -0, d: 1e21, e: 0.5, f: -Infinity, g: NaN },
    ],
    [
      'nulls and booleans',
      'a: ~\nb: Null\nc: TRUE\nd: False\ne: yes\n',
      { a: null, b: null, c: true, d: false, e: 'yes' },
    ],
    ['empty collections at the top', '{}\n', {}],
  ])('reads %s directly', (_name, text, expected) => {
    const read = readPrintedYaml(text);
    expect(read).not.toBe(NOT_PRINTED);
    expectSameAsLibrary(read, text);
    expect(read).toStrictEqual(expected);
  });
});

describe('readYaml outside the printer subset', () => {
  // Texts the printer never writes itself; several have values only the library can produce (an alias, a flow
  // mapping's items, folded lines), so an equal result proves the library read them.
  test.each([
    ['an anchor and alias', 'a: &x 1\nb: *x\n'],
    ['a flow mapping', 'a: { b: 1, c: [2, 3] }\n'],
    ['a folded block scalar', 'a: >\n  one\n  two\n'],
    ['an indentation indicator the printer does not write', 'a: |4-\n      lead\n    x\n'],
    ['an explicit key', '? a\n: 1\n'],
    ['a comment', '# about\na: 1 # one\n'],
    ['a document marker', '---\na: 1\n'],
    ['a document end marker', 'a: 1\n...\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a multi-line double-quoted scalar', 'a: "one\n  two"\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['a sequence not indented under its key', 'a:\n- 1\n- 2\n'],
    ['four-space indentation', 'a:\n    b: 1\n'],
    ['CRLF line breaks', 'a: 1\r\nb: 2\r\n'],
    ['no final line break', 'a: 1'],
    ['a non-string plain key', '1: a\ntrue: b\n~: c\n'],
    ['a top-level scalar', 'text\n'],
    ['a blank line', 'a: 1\n\nb: 2\n'],
    ['a tab-indented block line', 'a: |\n  x\n  \ty\n'],
    ['an empty value', 'a:\nb: 1\n'],
  ])('leaves %s to the library and returns its value', (_name, text) => {
    expect(readPrintedYaml(text)).toBe(NOT_PRINTED);
    expectSameAsLibrary(readYaml(text), text);
  });

  test('an alias is expanded: only the library can have read it', () => {
    expect(readYaml('a: &x [1, 2]\nb: *x\n')).toStrictEqual({ a: [1, 2], b: [1, 2] });
  });

  test.each([
    ['a repeated key', 'a: 1\na: 2\n', /unique/],
    ['an implicit key over 1024 characters', `${'k'.repeat(1025)}: 1\n`, /1024/],
    ['a second document', 'a: 1\n--- b: 2\n', /multiple documents/],
  ])('%s fails as the library fails', (_name, text, message) => {
    expect(readPrintedYaml(text)).toBe(NOT_PRINTED);
    expect(() => parse(text)).toThrow(message);
    expect(() => readYaml(text)).toThrow(message);
  });
});
