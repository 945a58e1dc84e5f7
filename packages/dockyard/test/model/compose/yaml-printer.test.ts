import fc from 'fast-check';
import { toYamlText } from '../../../src/model/compose/yaml-text';
import { libraryOracleYamlText } from './yaml-oracle';

// Strings that make YAML writers and readers disagree: reserved words, number-likes, indicators, templates,
// `: ` and ` #`, document markers, unicode line separators, controls, tabs, surrounding spaces, line breaks.
const TRICKY = [
  '',
  ' ',
  'on',
  'Off',
  'yes',
  'N',
  'y',
  'null',
  'Null',
  '~',
  'true',
  'FALSE',
  '1',
  '-1',
  '08',
  '0o17',
  '0x1F',
  '1e3',
  'e1',
  '-e1',
  '1_000',
  '1:20',
  '.inf',
  '-.Inf',
  '.nan',
  '8080:80',
  '127.0.0.1:80:80',
  '*x',
  '&y',
  '!z',
  '|',
  '>',
  '%x',
  '@a',
  '`a',
  '"q"',
  "'s'",
  `it's "both"`,
  '{{.Task.Slot}}',
  'web.{{.Task.Slot}}',
  'a: b',
  'a:',
  ':a',
  'a#b',
  'a #b',
  '#x',
  '-',
  '- x',
  '--bind',
  '?',
  '? x',
  '---',
  '---a',
  'a\r\nb',
  'x\ry',
  '  two\n  lines\n',
  'trap \'sleep 1; kill "$$child"\' TERM',
  'x'.repeat(1030),
  '...',
  'a\n---\nb',
  '%YAML',
  'x\u2028y',
  'x\u2029',
  '\u0085',
  '\u00a0a',
  '\ufeffa',
  'a\u0000b',
  '\u0007\u001b\u000b',
  '\x7f',
  '\t',
  'a\tb',
  '\ta',
  'a\t',
  ' lead',
  'trail ',
  'a \nb',
  'a\n b',
  'line\n',
  'line',
  'l1\nl2',
  'l1\nl2\n',
  'l1\nl2\n\n',
  '\n',
  '\n\n',
  '\nx',
  ' \n',
  'x\n ',
  '\n\tx',
  'x\n\ty',
  '\ud800',
  'é',
  '日本',
  'nginx:1.22',
  '/etc/nginx',
  '$$HOME',
  'CMD-SHELL curl -f http://localhost/ || exit 1',
  'a\\nb',
  '\\',
  'k\\u0041',
  'a"b',
  `a'b`,
];

const trickyString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TRICKY) },
  {
    weight: 2,
    arbitrary: fc.array(fc.constantFrom(...TRICKY), { maxLength: 3 }).map((parts) => parts.join('')),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

const scalar = fc.oneof(
  { weight: 6, arbitrary: trickyString },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1e21, 1e-7, 0.1, Number.MAX_SAFE_INTEGER, 2 ** 64) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
);

// Mostly keys the printer writes itself; tricky ones also send whole documents to the library (`? key`, keys
// over lines), whose text must then be the same too.
const key = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom('image', 'ports', 'x-y', 'a.b', 'on', '8080', '{{.Task.Slot}}', 'a b', ''),
  },
  { weight: 1, arbitrary: trickyString },
);

const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4, noNullPrototype: true }),
  ),
}));

const document = fc.oneof(
  fc.dictionary(key, value, { maxKeys: 5, noNullPrototype: true }),
  fc.array(value, { maxLength: 4 }),
);

describe('toYamlText (direct printer) against the yaml library', () => {
  test('writes the same bytes for random JSON-like values with tricky strings and keys', () => {
    fc.assert(
      fc.property(document, (doc) => {
        expect(toYamlText(doc)).toBe(libraryOracleYamlText(doc));
      }),
      { numRuns: 3000 },
    );
  });

  test('writes the same bytes for deep nesting and empty containers', () => {
    const deep = (depth: number, leaf: unknown): unknown =>
      depth === 0
        ? leaf
        : depth % 2 === 0
          ? [deep(depth - 1, leaf), {}, []]
          : { k: deep(depth - 1, leaf), e: {} };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), scalar, (depth, leaf) => {
        const doc = { root: deep(depth, leaf) };
        expect(toYamlText(doc)).toBe(libraryOracleYamlText(doc));
      }),
      { numRuns: 500 },
    );
  });

  test.each([
    ['a root scalar', 'text'],
    ['a root null', null],
    ['an empty root mapping', {}],
    ['an empty root sequence', []],
    ['a Map', { m: new Map([['a', 1]]) }],
    ['a Date', { d: new Date(0) }],
    ['a bigint', { n: 10n }],
    ['a key longer than 1024 characters', { ['k'.repeat(1100)]: 1 }],
    ['a key with a line break', { 'a\nb': 1 }],
    ['a key the library quotes itself', { 'a: ': 1, '- x': [1] }],
    ['an undefined value', { a: undefined, b: [undefined] }],
    ['a map of only undefined values', { a: { b: undefined } }],
  ])('writes the same bytes for %s', (_name, doc) => {
    expect(toYamlText(doc)).toBe(libraryOracleYamlText(doc));
  });
});
