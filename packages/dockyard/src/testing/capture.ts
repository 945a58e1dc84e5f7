import { matchPattern } from './match';
import { DELIVER_CAPTURE, Matcher, MatchResult } from './matcher';
import { show } from './show';

/**
 * Records the values it matches, for assertions on values you cannot write down in advance (a content
 * hash, a generated name). Values are kept only from matches that succeeded as a whole; when several
 * services (or locations) match, each contributes one value, in order, and `next()` steps through them.
 *
 * @example
 * const image = new Capture();
 * template.compose.hasService('web', { image });
 * expect(image.asString()).toMatch(/^shop:/);
 */
export class Capture extends Matcher {
  readonly name = 'Capture';
  private readonly values: unknown[] = [];
  private position = 0;

  /**
   * @param pattern what the captured value must also match (plain objects match partially, like
   *   `Match.objectLike`); any non-null value when omitted
   */
  constructor(private readonly pattern?: unknown) {
    super();
  }

  test(actual: unknown): MatchResult {
    const result = new MatchResult(actual);
    if (actual === undefined || actual === null)
      return result.fail(`expected a value to capture, got ${show(actual)}`);
    if (this.pattern !== undefined) {
      const inner = matchPattern(this.pattern, actual, true);
      if (!inner.ok) return inner;
    }
    return result.capture(this, actual);
  }

  /** @internal Receives the value once the whole match it was captured in has succeeded. */
  [DELIVER_CAPTURE](value: unknown): void {
    this.values.push(value);
  }

  override describe(): string {
    return this.pattern === undefined ? 'Capture()' : `Capture(${show(this.pattern)})`;
  }

  /** Every captured value, in the order they were captured. */
  get captured(): readonly unknown[] {
    return this.values;
  }

  /** Moves to the next captured value; false (and no move) when the current one is the last. */
  next(): boolean {
    if (this.position + 1 >= this.values.length) return false;
    this.position++;
    return true;
  }

  /** The current value, which must be a string. */
  asString(): string {
    return this.current('a string', (value): value is string => typeof value === 'string');
  }

  /** The current value, which must be a number. */
  asNumber(): number {
    return this.current('a number', (value): value is number => typeof value === 'number');
  }

  /** The current value, which must be a boolean. */
  asBoolean(): boolean {
    return this.current('a boolean', (value): value is boolean => typeof value === 'boolean');
  }

  /** The current value, which must be an array. */
  asArray(): unknown[] {
    return this.current('an array', (value): value is unknown[] => Array.isArray(value));
  }

  /** The current value, which must be a plain object. */
  asObject(): Record<string, unknown> {
    return this.current(
      'an object',
      (value): value is Record<string, unknown> =>
        typeof value === 'object' && value !== null && !Array.isArray(value),
    );
  }

  private current<T>(kind: string, is: (value: unknown) => value is T): T {
    if (this.values.length === 0) {
      throw new Error('Capture: nothing was captured (no successful match used this Capture)');
    }
    const value = this.values[this.position];
    if (!is(value)) {
      throw new Error(
        `Capture: expected ${kind}, got ${show(value)} (value ${this.position + 1} of ${this.values.length})`,
      );
    }
    return value;
  }
}
