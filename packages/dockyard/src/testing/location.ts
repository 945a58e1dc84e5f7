import type { Directive } from '../model/nginx';
import { AbsentMatcher, ArrayMatcher, isRecord, matchPattern, NotMatcher } from './match';
import { Matcher, MatchResult } from './matcher';
import { show } from './show';

/**
 * What `hasLocation` expects of a location's directives: an object keyed by directive name (each value the
 * directive's arguments, or a matcher over them), or a matcher / array over the location's parsed directives, e.g.
 * `Match.arrayWith([{ name: 'proxy_pass', args: ['http://web'] }])`.
 */
export type LocationExpectation = Readonly<Record<string, unknown>> | readonly unknown[] | Matcher;

/** `/static`, `= /50x.html`, `~ \.php$`: a location's arguments as written after `location`. */
export function locationPath(location: Directive): string {
  return location.args.join(' ');
}

/**
 * Tests a location's directives. With an object, each key names a directive directly inside the location
 * and is compared with that directive's arguments joined by spaces (`proxy_set_header: 'Host $host'`).
 * A directive may occur several times, hence:
 * - a string or a value matcher (`Match.stringLikeRegexp`, a Capture) passes when SOME occurrence matches;
 * - `Match.absent()` passes when the directive is not there;
 * - `Match.not(x)` passes when NO occurrence matches x;
 * - an array, `Match.arrayWith` or `Match.arrayEquals` is compared with the list of all occurrences.
 */
export function matchLocation(block: readonly Directive[], props: LocationExpectation): MatchResult {
  if (Matcher.isMatcher(props) || Array.isArray(props)) return matchPattern(props, block, true);
  const result = new MatchResult(block);
  if (!isRecord(props))
    return result.fail(`expected directives as an object, an array or a matcher, got ${show(props)}`);
  for (const [name, expected] of Object.entries(props)) {
    const occurrences = block
      .filter((directive) => directive.name === name)
      .map((directive) => directive.args.join(' '));
    result.nest(name, matchOccurrences(name, occurrences, expected));
  }
  return result;
}

function matchOccurrences(name: string, occurrences: readonly string[], expected: unknown): MatchResult {
  const result = new MatchResult(occurrences);
  const got = occurrences.map((text) => show(text)).join(', ');
  if (expected instanceof AbsentMatcher) {
    return occurrences.length === 0 ? result : result.fail(`expected no ${name} directive, got ${got}`);
  }
  if (expected instanceof NotMatcher) {
    const hit = occurrences.find((text) => matchPattern(expected.pattern, text, false).ok);
    return hit === undefined
      ? result
      : result.fail(`expected no occurrence matching ${show(expected.pattern)}, got ${show(hit)}`);
  }
  if (Array.isArray(expected) || expected instanceof ArrayMatcher)
    return matchPattern(expected, occurrences, true);
  if (occurrences.length === 0)
    return result.fail(`expected ${show(expected)}, but there is no ${name} directive`);
  const attempts = occurrences.map((text) => matchPattern(expected, text, true));
  const success = attempts.find((attempt) => attempt.ok);
  if (success !== undefined) return success;
  if (attempts.length === 1) return attempts[0] as MatchResult;
  return result.fail(`expected an occurrence matching ${show(expected)}, got ${got}`);
}

const PASS_DIRECTIVES = ['proxy_pass', 'grpc_pass', 'uwsgi_pass', 'fastcgi_pass', 'scgi_pass'];

/** The first `*_pass` directive directly inside a location: where it sends requests. */
export function passDirective(block: readonly Directive[]): Directive | undefined {
  return block.find((directive) => PASS_DIRECTIVES.includes(directive.name));
}

/**
 * The host part of a pass target, which nginx looks up among upstream names before DNS:
 * `http://web/api` -> `web`, `web:5000` -> `web:5000`, `unix:/run/app.sock` -> `unix:/run/app.sock`.
 */
export function passHost(target: string): string {
  if (target.startsWith('unix:')) return target;
  const withoutScheme = target.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const slash = withoutScheme.indexOf('/');
  return slash === -1 ? withoutScheme : withoutScheme.slice(0, slash);
}
