const MATCHER = Symbol.for('dockyard.Matcher');

/** One step into a value: an object key or an array index. */
export type PathSegment = string | number;

/** One reason a value does not match, at a path relative to where the match started. */
export interface MatchFailure {
  /** Where in the value the failure is, from its root. */
  readonly path: readonly PathSegment[];
  /** What was expected there and what was found. */
  readonly message: string;
  /** How far off this is; the closest candidate is the one with the lowest total. 0 for notes. */
  readonly cost: number;
}

/** Receives a value once the whole match it was captured in has succeeded (implemented by Capture). */
export const DELIVER_CAPTURE = Symbol('dockyard.deliverCapture');

/** Something that collects captured values, i.e. a {@link Capture}. */
export interface CaptureTarget {
  [DELIVER_CAPTURE](value: unknown): void;
}

/**
 * The outcome of testing one value against a pattern: every failure with its path, and the values captured
 * on the way. Captures reach their Capture objects only through {@link MatchResult.deliverCaptures}, which
 * the assertions call on a successful top-level match, so a capture inside a failed branch never leaks.
 */
export class MatchResult {
  private readonly failureList: MatchFailure[] = [];
  private readonly captured: Array<readonly [CaptureTarget, unknown]> = [];
  private delivered = false;

  constructor(
    /** The value that was tested. */
    readonly actual: unknown,
  ) {}

  /** Every failure, in the order the pattern was walked. */
  get failures(): readonly MatchFailure[] {
    return this.failureList;
  }

  /** True when no failure was found. */
  get ok(): boolean {
    return this.failureList.length === 0;
  }

  /** The sum of the failures' costs: lower means closer. */
  get cost(): number {
    return this.failureList.reduce((sum, failure) => sum + failure.cost, 0);
  }

  /** Records a failure at `path` (relative to this result's value). */
  fail(message: string, path: readonly PathSegment[] = [], cost = 1): this {
    this.failureList.push({ path, message, cost });
    return this;
  }

  /** Adopts the failures and captures of a match made one step (or more) deeper. */
  nest(at: PathSegment | readonly PathSegment[], inner: MatchResult): this {
    const prefix = Array.isArray(at) ? (at as readonly PathSegment[]) : [at as PathSegment];
    for (const failure of inner.failureList)
      this.failureList.push({ ...failure, path: [...prefix, ...failure.path] });
    this.captured.push(...inner.captured);
    return this;
  }

  /**
   * Remembers a captured value; it is delivered only if the whole match succeeds.
   * @internal {@link Capture} calls it; a custom matcher has no need to.
   */
  capture(target: CaptureTarget, value: unknown): this {
    this.captured.push([target, value]);
    return this;
  }

  /** Hands every captured value to its Capture when this (top-level) match succeeded. Idempotent. */
  deliverCaptures(): this {
    if (this.ok && !this.delivered)
      for (const [target, value] of this.captured) target[DELIVER_CAPTURE](value);
    this.delivered = true;
    return this;
  }
}

/**
 * A pattern with its own matching rule, usable anywhere a plain value is expected in a pattern. Subclass it
 * for a custom rule: `test` returns a {@link MatchResult} whose failures say "expected X, got Y".
 */
export abstract class Matcher {
  /** True for a matcher from any copy of this library (symbol brand instead of `instanceof`). */
  static isMatcher(x: unknown): x is Matcher {
    return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[MATCHER] === true;
  }

  /** A short name, e.g. `objectLike`. */
  abstract readonly name: string;

  constructor() {
    Object.defineProperty(this, MATCHER, { value: true });
  }

  /** Tests a value; never throws for a mismatch. */
  abstract test(actual: unknown): MatchResult;

  /** How the matcher reads in a failure message, e.g. `stringLikeRegexp(/^shop:/)`. */
  describe(): string {
    return `${this.name}()`;
  }
}
