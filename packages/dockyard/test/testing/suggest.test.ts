import { formatPath } from '../../src/testing/diff';
import { show } from '../../src/testing/show';
import { closestName, nameList } from '../../src/testing/suggest';

describe('closestName', () => {
  test('finds a swap of two letters, a typo and a different case', () => {
    expect(closestName('wbe', ['nginx', 'web'])).toBe('web');
    expect(closestName('/statc', ['/', '/static'])).toBe('/static');
    expect(closestName('Web', ['nginx', 'web'])).toBe('web');
  });

  test('suggests nothing for an unrelated name', () => {
    expect(closestName('api', ['nginx', 'web'])).toBeUndefined();
    expect(closestName('database', ['db'])).toBeUndefined();
  });
});

describe('message helpers', () => {
  test('nameList sorts the names and says when there are none', () => {
    expect(nameList('services', ['web', 'nginx'])).toBe('(services: nginx, web)');
    expect(nameList('volumes', [])).toBe('(no volumes)');
  });

  test('formatPath quotes keys that are not plain names', () => {
    expect(formatPath(['services', 'web-1', 'ports', 0, 'published'])).toBe(
      'services.web-1.ports[0].published',
    );
    expect(formatPath(['services', 'a.b', 'environment', 'X Y'])).toBe('services["a.b"].environment["X Y"]');
  });

  test('show abridges long values and cuts cycles', () => {
    // GIVEN
    const cyclic: Record<string, unknown> = { name: 'x' };
    cyclic.self = cyclic;
    // THEN
    expect(show('x'.repeat(200))).toHaveLength(100);
    expect(show('x'.repeat(200)).endsWith('...')).toBe(true);
    expect(show(cyclic)).toContain('"self": {"name": "x", "self": {');
    expect(show(undefined)).toBe('nothing');
  });
});
