import { forEachString } from '../../../src/model/compose/strings-in';

describe('forEachString', () => {
  test('GIVEN a tree WHEN walked THEN every string and key comes with its path, depth first in key order', () => {
    // GIVEN
    const tree = {
      services: { web: { command: ['gunicorn', 8000, 'app:app'], labels: { a: 'b' } } },
      n: null,
    };
    const seen: Array<[string, Array<string | number>]> = [];
    // WHEN (the path is copied, as a caller keeping it must)
    forEachString(tree, (text, path) => seen.push([text, [...path]]));
    // THEN
    expect(seen).toEqual([
      ['services', ['services']],
      ['web', ['services', 'web']],
      ['command', ['services', 'web', 'command']],
      ['gunicorn', ['services', 'web', 'command', 0]],
      ['app:app', ['services', 'web', 'command', 2]],
      ['labels', ['services', 'web', 'labels']],
      ['a', ['services', 'web', 'labels', 'a']],
      ['b', ['services', 'web', 'labels', 'a']],
      ['n', ['n']],
    ]);
  });

  test('GIVEN a bare string or a number WHEN walked THEN the string has the empty path and a number none', () => {
    const seen: Array<[string, number]> = [];
    forEachString('x', (text, path) => seen.push([text, path.length]));
    forEachString(42, (text, path) => seen.push([text, path.length]));
    expect(seen).toEqual([['x', 0]]);
  });
});
