import * as z from 'zod';

/**
 * One rule about a value, written once: the predicate the model checks call, the words after "expected" that
 * every message uses, and the zod schema the props schemas use. A props schema and a model check that share a
 * rule cannot disagree about what is valid, nor say it differently.
 */
export interface TextRule {
  /** What a valid value looks like, as the words after "expected" (`a duration such as "10s"`). */
  readonly expected: string;
  /** True for a valid value. */
  test(value: string): boolean;
  /** The rule as a zod schema, whose message is `expected <expected>`. */
  readonly schema: z.ZodString;
}

/** A {@link TextRule} from a regular expression. */
export function textRule(pattern: RegExp, expected: string): TextRule {
  return {
    expected,
    test: (value) => pattern.test(value),
    schema: z.string().regex(pattern, { error: `expected ${expected}` }),
  };
}

/** How a value is shown after "got" in a message: strings quoted, everything else as JSON. */
export function shown(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
