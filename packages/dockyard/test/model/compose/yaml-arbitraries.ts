import fc from 'fast-check';

// Random JSON-like documents for the YAML printer's property tests (against the library's text) and the
// reader's (against the library's parse): shared, so both explore the same values.

// Strings that make YAML writers and readers disagree: reserved words, number-likes, indicators, templates,
// `: ` and ` #`, document markers, unicode line separators, controls, tabs, surrounding spaces, line breaks.
export const TRICKY = [
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

export const trickyString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TRICKY) },
  {
    weight: 2,
    arbitrary: fc.array(fc.constantFrom(...TRICKY), { maxLength: 3 }).map((parts) => parts.join('')),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

export const scalar = fc.oneof(
  { weight: 6, arbitrary: trickyString },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1e21, 1e-7, 0.1, Number.MAX_SAFE_INTEGER, 2 ** 64) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
);

// Mostly keys the printer writes itself; tricky ones also send whole documents to the library (`? key`, keys
// over lines), whose text must then be the same too.
export const key = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom('image', 'ports', 'x-y', 'a.b', 'on', '8080', '{{.Task.Slot}}', 'a b', ''),
  },
  { weight: 1, arbitrary: trickyString },
);

export const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4, noNullPrototype: true }),
  ),
}));

export const document = fc.oneof(
  fc.dictionary(key, value, { maxKeys: 5, noNullPrototype: true }),
  fc.array(value, { maxLength: 4 }),
);

/** `depth` levels of mappings and sequences around `leaf`, with empty collections beside each level. */
export function deepDocument(depth: number, leaf: unknown): unknown {
  const deep = (level: number): unknown =>
    level === 0 ? leaf : level % 2 === 0 ? [deep(level - 1), {}, []] : { k: deep(level - 1), e: {} };
  return { root: deep(depth) };
}
