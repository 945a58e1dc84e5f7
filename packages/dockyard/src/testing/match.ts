import { Matcher, MatchResult } from './matcher';
import { show } from './show';

/** A plain object as patterns and parsed YAML use it: not null, not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Tests `actual` against a pattern that may be a plain value or a {@link Matcher}. Plain objects and arrays
 * compare key by key and item by item (arrays always by length and order); with `partialObjects`, objects
 * may have keys the pattern does not name, at every depth, which is what `Match.objectLike` means.
 */
export function matchPattern(pattern: unknown, actual: unknown, partialObjects: boolean): MatchResult {
  if (Matcher.isMatcher(pattern)) return pattern.test(actual);
  if (Array.isArray(pattern)) return matchArrayExactly(pattern, actual, partialObjects);
  if (isRecord(pattern)) return matchObject(pattern, actual, partialObjects);
  const result = new MatchResult(actual);
  if (pattern !== actual && !Object.is(pattern, actual))
    result.fail(`expected ${show(pattern)}, got ${show(actual)}`);
  return result;
}

function matchObject(pattern: Record<string, unknown>, actual: unknown, partial: boolean): MatchResult {
  const result = new MatchResult(actual);
  if (!isRecord(actual)) return result.fail(`expected an object, got ${show(actual)}`);
  for (const [key, expected] of Object.entries(pattern)) {
    if (!Object.hasOwn(actual, key) && !(expected instanceof AbsentMatcher)) {
      result.fail(`expected ${show(expected)}, but it is missing`, [key]);
      continue;
    }
    result.nest(key, matchPattern(expected, actual[key], partial));
  }
  if (!partial) {
    for (const key of Object.keys(actual)) {
      if (!Object.hasOwn(pattern, key)) result.fail(`unexpected key, got ${show(actual[key])}`, [key]);
    }
  }
  return result;
}

function matchArrayExactly(
  pattern: readonly unknown[],
  actual: unknown,
  partialObjects: boolean,
): MatchResult {
  const result = new MatchResult(actual);
  if (!Array.isArray(actual)) return result.fail(`expected an array, got ${show(actual)}`);
  const shared = Math.min(pattern.length, actual.length);
  for (let i = 0; i < shared; i++) result.nest(i, matchPattern(pattern[i], actual[i], partialObjects));
  for (let i = shared; i < pattern.length; i++) {
    result.fail(`expected ${show(pattern[i])}, but the array has only ${actual.length} item(s)`, [i]);
  }
  for (let i = shared; i < actual.length; i++) {
    result.fail(`unexpected item ${show(actual[i])} (expected ${pattern.length} item(s))`, [i]);
  }
  return result;
}

/** Objects whose keys are in the pattern; `partial` allows keys the pattern does not name. */
class ObjectMatcher extends Matcher {
  constructor(
    readonly name: 'objectLike' | 'objectEquals',
    private readonly pattern: Readonly<Record<string, unknown>>,
    private readonly partial: boolean,
  ) {
    super();
    if (!isRecord(pattern))
      throw new TypeError(`Match.${name} expects an object pattern, got ${show(pattern)}`);
  }

  test(actual: unknown): MatchResult {
    return matchObject(this.pattern, actual, this.partial);
  }

  override describe(): string {
    return `${this.name}(${show(this.pattern)})`;
  }
}

/** Deep equality with the pattern (matchers nested inside it still apply). */
class ExactMatcher extends Matcher {
  readonly name = 'exact';

  constructor(private readonly pattern: unknown) {
    super();
  }

  test(actual: unknown): MatchResult {
    return matchPattern(this.pattern, actual, false);
  }

  override describe(): string {
    return `exact(${show(this.pattern)})`;
  }
}

/** Arrays that contain the pattern's items in order (`arrayWith`), or exactly them (`arrayEquals`). */
export class ArrayMatcher extends Matcher {
  constructor(
    readonly name: 'arrayWith' | 'arrayEquals',
    private readonly pattern: readonly unknown[],
  ) {
    super();
    if (!Array.isArray(pattern))
      throw new TypeError(`Match.${name} expects an array pattern, got ${show(pattern)}`);
    if (pattern.some((item) => item instanceof AbsentMatcher)) {
      throw new TypeError(`Match.absent() cannot be an item of Match.${name}: an array item is never absent`);
    }
  }

  test(actual: unknown): MatchResult {
    if (this.name === 'arrayEquals') return matchArrayExactly(this.pattern, actual, false);
    const result = new MatchResult(actual);
    if (!Array.isArray(actual)) return result.fail(`expected an array, got ${show(actual)}`);
    // Taking the earliest item that matches each pattern item is optimal for "is a subsequence", so no
    // backtracking is needed.
    let next = 0;
    for (const [index, expected] of this.pattern.entries()) {
      const found = this.search(expected, actual, next);
      if (found.index !== undefined) {
        result.nest(found.index, found.result);
        next = found.index + 1;
        continue;
      }
      const after = next === 0 ? '' : ` after [${next - 1}]`;
      const earlier = this.search(expected, actual.slice(0, next), 0).index;
      const hint =
        earlier !== undefined
          ? `; [${earlier}] matches, but arrayWith keeps the pattern's order`
          : found.closest !== undefined
            ? `; the closest is [${found.closest.index}]`
            : '';
      result.fail(
        `expected an item${after} matching ${show(expected)} (pattern item ${index}), found none${hint}`,
      );
      if (earlier === undefined && found.closest !== undefined)
        result.nest(found.closest.index, found.closest.result);
      return result;
    }
    return result;
  }

  private search(
    expected: unknown,
    actual: readonly unknown[],
    from: number,
  ): { index?: number; result: MatchResult; closest?: { index: number; result: MatchResult } } {
    let closest: { index: number; result: MatchResult } | undefined;
    for (let i = from; i < actual.length; i++) {
      const result = matchPattern(expected, actual[i], false);
      if (result.ok) return { index: i, result };
      if (closest === undefined || result.cost < closest.result.cost) closest = { index: i, result };
    }
    return { result: new MatchResult(undefined), ...(closest ? { closest } : {}) };
  }

  override describe(): string {
    return `${this.name}(${show(this.pattern)})`;
  }
}

/** The key must not be there (or be undefined). */
export class AbsentMatcher extends Matcher {
  readonly name = 'absent';

  test(actual: unknown): MatchResult {
    const result = new MatchResult(actual);
    if (actual !== undefined) result.fail(`expected it to be absent, got ${show(actual)}`);
    return result;
  }
}

/** Anything but null or undefined. */
class AnyValueMatcher extends Matcher {
  readonly name = 'anyValue';

  test(actual: unknown): MatchResult {
    const result = new MatchResult(actual);
    if (actual === undefined || actual === null) result.fail(`expected a value, got ${show(actual)}`);
    return result;
  }
}

/** Everything the pattern does not match (a plain pattern compares exactly). */
export class NotMatcher extends Matcher {
  readonly name = 'not';

  constructor(readonly pattern: unknown) {
    super();
  }

  test(actual: unknown): MatchResult {
    const result = new MatchResult(actual);
    if (matchPattern(this.pattern, actual, false).ok) {
      result.fail(`expected anything but ${show(this.pattern)}, got ${show(actual)}`);
    }
    return result;
  }

  override describe(): string {
    return `not(${show(this.pattern)})`;
  }
}

/** Strings in which the regular expression finds a match. */
class RegexpMatcher extends Matcher {
  readonly name = 'stringLikeRegexp';
  private readonly regexp: RegExp;

  constructor(pattern: string | RegExp) {
    super();
    // A global or sticky RegExp remembers `lastIndex` between calls; a copy without those flags does not.
    this.regexp =
      typeof pattern === 'string'
        ? new RegExp(pattern, 'm')
        : new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
  }

  test(actual: unknown): MatchResult {
    const result = new MatchResult(actual);
    if (typeof actual !== 'string' || !this.regexp.test(actual)) {
      result.fail(`expected a string matching ${String(this.regexp)}, got ${show(actual)}`);
    }
    return result;
  }

  override describe(): string {
    return `stringLikeRegexp(${String(this.regexp)})`;
  }
}

/**
 * Partial and special matching inside patterns, with the semantics of aws-cdk's `assertions.Match`.
 * Plain values in a pattern compare exactly; plain objects inside `objectLike` (the default for props)
 * may have more keys than the pattern names, at every depth; arrays always compare by length and order
 * unless wrapped in `arrayWith`.
 *
 * @example
 * template.compose.hasService('web', {
 *   image: Match.stringLikeRegexp('^shop:'),
 *   ports: Match.absent(),
 *   networks: Match.arrayWith(['back']),
 * });
 */
export const Match = {
  /** The key must not be present. */
  absent(): Matcher {
    return new AbsentMatcher();
  },
  /** Any value except null and undefined (the key must be present). */
  anyValue(): Matcher {
    return new AnyValueMatcher();
  },
  /** Deep equality: objects at every depth must have exactly the pattern's keys. */
  exact(pattern: unknown): Matcher {
    return new ExactMatcher(pattern);
  },
  /** An object with at least the pattern's keys; nested plain objects are matched the same way. */
  objectLike(pattern: Readonly<Record<string, unknown>>): Matcher {
    return new ObjectMatcher('objectLike', pattern, true);
  },
  /** An object with exactly the pattern's keys; nested plain objects too. */
  objectEquals(pattern: Readonly<Record<string, unknown>>): Matcher {
    return new ObjectMatcher('objectEquals', pattern, false);
  },
  /**
   * An array containing items that match the pattern's items, in the same order, possibly with other items
   * between them. Plain object items compare exactly; wrap them in `Match.objectLike` for a partial match.
   */
  arrayWith(pattern: readonly unknown[]): Matcher {
    return new ArrayMatcher('arrayWith', pattern);
  },
  /** An array of exactly these items, in this order. */
  arrayEquals(pattern: readonly unknown[]): Matcher {
    return new ArrayMatcher('arrayEquals', pattern);
  },
  /** A string in which the expression finds a match (a string pattern is compiled with the `m` flag). */
  stringLikeRegexp(pattern: string | RegExp): Matcher {
    return new RegexpMatcher(pattern);
  },
  /** Anything the pattern does not match; a plain pattern is compared exactly. */
  not(pattern: unknown): Matcher {
    return new NotMatcher(pattern);
  },
} as const;
