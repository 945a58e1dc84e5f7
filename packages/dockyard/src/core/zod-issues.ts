import type { z } from 'zod';
import { describeValue, type Problem } from './problems';

type Issue = z.core.$ZodIssue;

/** `flask.ports[0].published` from zod's path segments. */
function propertyPath(prefix: string | undefined, path: readonly PropertyKey[]): string | undefined {
  let text = prefix ?? '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text ? `.${String(segment)}` : String(segment);
  }
  return text || undefined;
}

/**
 * Turns a zod issue into "expected X, got Y". Schemas with a custom message (`{ error: 'expected ...' }`)
 * keep it; the built-in codes get a wording that always names both sides.
 */
function describeIssue(issue: Issue): string {
  const got = `got ${describeValue(issue.input)}`;
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `is required (expected ${article(issue.expected)})`;
      return `expected ${article(issue.expected)}, ${got}`;
    case 'too_small':
      return `expected ${bound(issue.origin, issue.inclusive ? '>=' : '>', issue.minimum)}, ${got}`;
    case 'too_big':
      return `expected ${bound(issue.origin, issue.inclusive ? '<=' : '<', issue.maximum)}, ${got}`;
    case 'invalid_value':
      return `expected ${issue.values.map((value) => describeValue(value)).join(' | ')}, ${got}`;
    case 'invalid_format':
      return isCustomMessage(issue.message)
        ? withGot(issue.message, got)
        : `expected ${formatExpectation(issue)}, ${got}`;
    case 'invalid_key': {
      // A record key that failed its own schema: say what a key must look like, not just "invalid key".
      const inner = issue.issues[0] as Issue | undefined;
      return inner
        ? describeIssue({ ...inner, input: issue.input } as Issue)
        : `expected a valid key, ${got}`;
    }
    case 'unrecognized_keys':
      return `unknown ${issue.keys.length === 1 ? 'property' : 'properties'} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
    case 'not_multiple_of':
      return `expected a multiple of ${String(issue.divisor)}, ${got}`;
    case 'invalid_union':
      return isCustomMessage(issue.message)
        ? withGot(issue.message, got)
        : `expected ${unionExpectation(issue)}, ${got}`;
    default:
      return isCustomMessage(issue.message) ? withGot(issue.message, got) : `${issue.message} (${got})`;
  }
}

/** A schema's own message, plus what was given unless the message already says it. */
function withGot(message: string, got: string): string {
  return /(^|, )got /.test(message) ? message : `${message}, ${got}`;
}

/** What a string format asks for, in words: `text starting with "/"`. */
function formatExpectation(issue: Extract<Issue, { code: 'invalid_format' }>): string {
  const details = issue as { pattern?: unknown; prefix?: unknown; suffix?: unknown; includes?: unknown };
  switch (issue.format) {
    case 'regex':
      return `text matching ${String(details.pattern)}`;
    case 'starts_with':
      return `text starting with ${JSON.stringify(details.prefix)}`;
    case 'ends_with':
      return `text ending with ${JSON.stringify(details.suffix)}`;
    case 'includes':
      return `text containing ${JSON.stringify(details.includes)}`;
    default:
      return `a valid ${issue.format}`;
  }
}

/** zod's own messages start with "Invalid"/"Too"; anything else was written for us by a schema. */
function isCustomMessage(message: string): boolean {
  return !/^(Invalid|Too |Unrecognized)/.test(message);
}

function unionExpectation(issue: Extract<Issue, { code: 'invalid_union' }>): string {
  const options = issue.errors
    .map((errors) => errors[0])
    .filter((first): first is Issue => first !== undefined)
    .map(expectationOf);
  return [...new Set(options)].join(' or ') || 'one of the allowed forms';
}

/** Just the "what was expected" part of an issue, for listing the alternatives of a union. */
function expectationOf(issue: Issue): string {
  if (issue.code === 'invalid_type') return article(issue.expected);
  const described = describeIssue(issue);
  return described.replace(/^expected /, '').replace(/, got .*$/s, '');
}

function article(expected: string): string {
  const words: Record<string, string> = {
    int: 'an integer',
    number: 'a number',
    string: 'a string',
    boolean: 'a boolean',
    object: 'an object',
    array: 'an array',
    record: 'an object',
  };
  return words[expected] ?? expected;
}

function bound(origin: string, operator: string, limit: unknown): string {
  const value = String(limit);
  switch (origin) {
    case 'string':
      return `text of length ${operator} ${value}`;
    case 'array':
    case 'set':
      return `${operator.startsWith('>') ? 'at least' : 'at most'} ${value} item(s)`;
    default:
      return `a number ${operator} ${value}`;
  }
}

/** Every issue of a failed parse as problems, one per issue. */
export function issuesToProblems(issues: readonly Issue[], prefix?: string): Problem[] {
  return issues.map((issue) => ({
    level: 'error' as const,
    property: propertyPath(prefix, issue.path),
    message: describeIssue(issue),
  }));
}
