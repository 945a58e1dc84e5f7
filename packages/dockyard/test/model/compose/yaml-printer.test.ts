import fc from 'fast-check';
import { toYamlText } from '../../../src/model/compose/yaml-text';
import { deepDocument, document, scalar } from './yaml-arbitraries';
import { libraryOracleYamlText } from './yaml-oracle';

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
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), scalar, (depth, leaf) => {
        const doc = deepDocument(depth, leaf);
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
