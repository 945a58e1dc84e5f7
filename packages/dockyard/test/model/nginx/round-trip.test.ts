import fc from 'fast-check';
import { type Directive, NginxPrintError, parseNginx, printNginx, quoteArg } from '../../../src/model/nginx';

// Characters that mean something to nginx's tokenizer, plus whitespace, unicode and "$".
const HOSTILE = [
  ';',
  '{',
  '}',
  '"',
  "'",
  '#',
  '\\',
  '$',
  '(',
  ')',
  ' ',
  '\t',
  '\n',
  '\r',
  '\u00a0',
  'é',
  '✓',
  '🚢',
];

/** Any character the printer accepts: everything but C0/DEL controls other than tab, CR and LF. */
const isPrintable = (char: string): boolean => {
  const code = char.charCodeAt(0);
  return code === 0x09 || code === 0x0a || code === 0x0d || (code >= 0x20 && code !== 0x7f);
};

const hostileString = fc.oneof(
  fc.string({
    unit: fc.oneof(fc.constantFrom(...HOSTILE), fc.constantFrom('a', 'b', 'x', '1', '/', '=', ':', '~')),
    maxLength: 12,
  }),
  fc.string({ unit: 'grapheme', maxLength: 8 }).map((value) => [...value].filter(isPrintable).join('')),
);

const directiveName = fc.stringMatching(/^[a-z_][a-z0-9_]{0,10}$/);

const simple = (name: fc.Arbitrary<string>): fc.Arbitrary<Directive> =>
  fc.record({ name, args: fc.array(hostileString, { maxLength: 4 }) });

const tree = fc.letrec<{ directive: Directive; list: Directive[] }>((tie) => ({
  directive: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    simple(directiveName),
    fc.record({ name: directiveName, args: fc.array(hostileString, { maxLength: 3 }), block: tie('list') }),
    // `if` prints its condition in parentheses: the first and last arguments are the interesting ones.
    fc.record({
      name: fc.constant('if'),
      args: fc.array(hostileString, { minLength: 1, maxLength: 4 }),
      block: tie('list'),
    }),
    // Blocks whose entries are data: any string can be an entry's key.
    fc.record({
      name: fc.constantFrom('map', 'types', 'geo'),
      args: fc.array(hostileString, { maxLength: 2 }),
      block: fc.array(simple(hostileString), { maxLength: 4 }),
    }),
  ),
  list: fc.array(tie('directive') as fc.Arbitrary<Directive>, { maxLength: 4 }),
}));

describe('print -> parse round trip', () => {
  test('GIVEN random directive trees with hostile strings WHEN printed and parsed THEN the tree comes back unchanged', () => {
    fc.assert(
      fc.property(tree.list, (config) => {
        // WHEN
        const text = printNginx(config);

        // THEN
        expect(parseNginx(text)).toEqual(config);
      }),
      { numRuns: 500 },
    );
  });

  test('GIVEN random trees WHEN printed twice through the parser THEN the text is identical (deterministic)', () => {
    fc.assert(
      fc.property(tree.list, (config) => {
        // WHEN
        const text = printNginx(config);

        // THEN
        expect(printNginx(parseNginx(text))).toBe(text);
        expect(text).not.toContain('\r');
        expect(text === '' || text.endsWith('\n')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test('GIVEN a hostile argument WHEN it is printed as a single word THEN nginx-style parsing yields one argument', () => {
    fc.assert(
      fc.property(hostileString, (value) => {
        // WHEN
        const parsed = parseNginx(`x ${quoteArg(value)};`);

        // THEN
        expect(parsed).toEqual([{ name: 'x', args: [value] }]);
      }),
      { numRuns: 500 },
    );
  });

  test('GIVEN a string with a forbidden control character WHEN printed THEN it is refused, never written', () => {
    const forbidden = fc.constantFrom(
      ...Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code)).filter(
        (char) => !['\t', '\n', '\r'].includes(char),
      ),
      '\u007f',
    );
    fc.assert(
      fc.property(hostileString, forbidden, hostileString, (before, control, after) => {
        // WHEN / THEN
        expect(() =>
          printNginx([{ name: 'add_header', args: ['X', `${before}${control}${after}`] }]),
        ).toThrow(NginxPrintError);
      }),
      { numRuns: 300 },
    );
  });
});
