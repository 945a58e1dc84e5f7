import { Match, type Matcher } from '../../src/testing';
import { failureLines } from '../../src/testing/diff';

/** The failure lines of testing `actual` against a matcher, empty when it matches. */
function failures(matcher: Matcher, actual: unknown): string[] {
  return failureLines(matcher.test(actual));
}

describe('Match.objectLike', () => {
  test('accepts extra keys at every depth', () => {
    // GIVEN
    const actual = { image: 'shop:1.4', deploy: { replicas: 3, restart_policy: { condition: 'any' } } };
    // WHEN
    const result = failures(Match.objectLike({ deploy: { replicas: 3 } }), actual);
    // THEN
    expect(result).toEqual([]);
  });

  test('names each differing path with both values', () => {
    // GIVEN
    const actual = { image: 'shop:1.4', deploy: { replicas: 2 } };
    // WHEN
    const result = failures(Match.objectLike({ image: 'shop:1.5', deploy: { replicas: 3 } }), actual);
    // THEN
    expect(result).toEqual([
      'image: expected "shop:1.5", got "shop:1.4"',
      'deploy.replicas: expected 3, got 2',
    ]);
  });

  test('reports a missing key with what was expected there', () => {
    // WHEN
    const result = failures(Match.objectLike({ deploy: { replicas: 3 } }), { deploy: {} });
    // THEN
    expect(result).toEqual(['deploy.replicas: expected 3, but it is missing']);
  });

  test('compares arrays inside it by length and order, with partial objects as items', () => {
    // GIVEN
    const actual = { ports: [{ target: 80, published: 8080, protocol: 'tcp' }] };
    // WHEN
    const partialItem = failures(Match.objectLike({ ports: [{ published: 8080 }] }), actual);
    const tooMany = failures(Match.objectLike({ ports: [] }), actual);
    // THEN
    expect(partialItem).toEqual([]);
    expect(tooMany).toEqual([
      'ports[0]: unexpected item {"target": 80, "published": 8080, "protocol": "tcp"} (expected 0 item(s))',
    ]);
  });

  test('rejects a value that is not an object', () => {
    expect(failures(Match.objectLike({ a: 1 }), ['a'])).toEqual(['expected an object, got ["a"]']);
  });

  test('shows the type when a value has the wrong one', () => {
    expect(failures(Match.objectLike({ replicas: 3 }), { replicas: '3' })).toEqual([
      'replicas: expected 3, got "3"',
    ]);
  });
});

describe('Match.objectEquals', () => {
  test('accepts exactly the pattern keys', () => {
    expect(failures(Match.objectEquals({ a: 1, b: { c: 2 } }), { a: 1, b: { c: 2 } })).toEqual([]);
  });

  test('reports unexpected keys, also in nested objects', () => {
    // WHEN
    const result = failures(Match.objectEquals({ a: 1, b: { c: 2 } }), { a: 1, b: { c: 2, d: 3 }, e: 'x' });
    // THEN
    expect(result).toEqual(['b.d: unexpected key, got 3', 'e: unexpected key, got "x"']);
  });
});

describe('Match.exact', () => {
  test('accepts a deeply equal value', () => {
    expect(failures(Match.exact({ a: [1, { b: 2 }] }), { a: [1, { b: 2 }] })).toEqual([]);
  });

  test('rejects extra keys at any depth, unlike objectLike', () => {
    expect(failures(Match.exact({ a: [1, { b: 2 }] }), { a: [1, { b: 2, c: 3 }] })).toEqual([
      'a[1].c: unexpected key, got 3',
    ]);
  });

  test('still applies matchers nested inside it', () => {
    expect(failures(Match.exact({ a: Match.anyValue() }), { a: 'anything' })).toEqual([]);
  });
});

describe('Match.arrayWith', () => {
  test('accepts the items in order with others between them', () => {
    expect(
      failures(Match.arrayWith(['--bind', '--workers']), ['gunicorn', '--bind', 'x', '--workers', '2']),
    ).toEqual([]);
  });

  test('says which pattern item found no match and which item came closest', () => {
    // GIVEN
    const actual = [{ target: 80, published: 8080 }, { target: 443 }];
    // WHEN
    const result = failures(Match.arrayWith([Match.objectLike({ target: 80, published: 80 })]), actual);
    // THEN
    expect(result).toEqual([
      'expected an item matching objectLike({"target": 80, "published": 80}) (pattern item 0), found none; the closest is [0]',
      '[0].published: expected 80, got 8080',
    ]);
  });

  test('keeps the order of the pattern and says so when only the order is wrong', () => {
    // WHEN
    const result = failures(Match.arrayWith(['b', 'a']), ['a', 'b']);
    // THEN
    expect(result).toEqual([
      `expected an item after [1] matching "a" (pattern item 1), found none; [0] matches, but arrayWith keeps the pattern's order`,
    ]);
  });

  test('compares plain object items exactly, like aws-cdk', () => {
    // GIVEN
    const actual = [{ name: 'proxy_pass', args: ['http://web'], block: [] }];
    // WHEN
    const plain = failures(Match.arrayWith([{ name: 'proxy_pass', args: ['http://web'] }]), actual);
    const like = failures(Match.arrayWith([Match.objectLike({ name: 'proxy_pass' })]), actual);
    // THEN
    expect(plain[1]).toBe('[0].block: unexpected key, got []');
    expect(like).toEqual([]);
  });

  test('rejects a value that is not an array', () => {
    expect(failures(Match.arrayWith(['a']), 'a')).toEqual(['expected an array, got "a"']);
  });

  test('refuses Match.absent() as an item', () => {
    expect(() => Match.arrayWith([Match.absent()])).toThrow(
      'Match.absent() cannot be an item of Match.arrayWith',
    );
  });
});

describe('Match.arrayEquals', () => {
  test('accepts exactly these items', () => {
    expect(failures(Match.arrayEquals(['a', 'b']), ['a', 'b'])).toEqual([]);
  });

  test('reports missing and extra items by index', () => {
    expect(failures(Match.arrayEquals(['a', 'b']), ['a'])).toEqual([
      '[1]: expected "b", but the array has only 1 item(s)',
    ]);
    expect(failures(Match.arrayEquals(['a']), ['a', 'c'])).toEqual([
      '[1]: unexpected item "c" (expected 1 item(s))',
    ]);
  });
});

describe('Match.absent', () => {
  test('accepts a missing key', () => {
    expect(failures(Match.objectLike({ ports: Match.absent() }), { image: 'x' })).toEqual([]);
  });

  test('rejects a present key with its value', () => {
    expect(failures(Match.objectLike({ ports: Match.absent() }), { ports: ['80:80'] })).toEqual([
      'ports: expected it to be absent, got ["80:80"]',
    ]);
  });
});

describe('Match.anyValue', () => {
  test('accepts any present value, even falsy ones', () => {
    expect(failures(Match.objectLike({ a: Match.anyValue(), b: Match.anyValue() }), { a: 0, b: '' })).toEqual(
      [],
    );
  });

  test('rejects null and a missing key', () => {
    expect(failures(Match.objectLike({ a: Match.anyValue(), b: Match.anyValue() }), { a: null })).toEqual([
      'a: expected a value, got null',
      'b: expected anyValue(), but it is missing',
    ]);
  });
});

describe('Match.stringLikeRegexp', () => {
  test('accepts a string the expression finds a match in (string patterns are multi-line)', () => {
    expect(failures(Match.stringLikeRegexp('^app:app$'), 'gunicorn\napp:app')).toEqual([]);
    expect(failures(Match.stringLikeRegexp(/^shop:\d/), 'shop:1.4')).toEqual([]);
  });

  test('rejects other strings and non-strings, showing the expression', () => {
    expect(failures(Match.stringLikeRegexp('^shop:'), 'nginx:1.27')).toEqual([
      'expected a string matching /^shop:/m, got "nginx:1.27"',
    ]);
    expect(failures(Match.stringLikeRegexp('^3$'), 3)).toEqual(['expected a string matching /^3$/m, got 3']);
  });

  test('gives the same answer every time, even for a global RegExp', () => {
    const matcher = Match.stringLikeRegexp(/a/g);
    expect([matcher.test('a').ok, matcher.test('a').ok, matcher.test('a').ok]).toEqual([true, true, true]);
  });
});

describe('Match.not', () => {
  test('accepts what the pattern does not match', () => {
    expect(failures(Match.not('latest'), 'shop:1.4')).toEqual([]);
    expect(failures(Match.not(Match.stringLikeRegexp(':latest$')), 'shop:1.4')).toEqual([]);
  });

  test('rejects what the pattern matches, comparing a plain pattern exactly', () => {
    expect(failures(Match.not({ a: 1 }), { a: 1 })).toEqual(['expected anything but {"a": 1}, got {"a": 1}']);
    expect(failures(Match.not({ a: 1 }), { a: 1, b: 2 })).toEqual([]);
  });
});
