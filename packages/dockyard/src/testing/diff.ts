import type { MatchResult, PathSegment } from './matcher';

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** `services.web.deploy.replicas`, `ports[0].published`, `services["a.b"]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

/**
 * One line per failure, `path: message`, with paths from the document's root (`base` is where the match
 * started), in the order the pattern was walked.
 */
export function failureLines(result: MatchResult, base: readonly PathSegment[] = []): string[] {
  return result.failures.map((failure) => {
    const path = formatPath([...base, ...failure.path]);
    return path === '' ? failure.message : `${path}: ${failure.message}`;
  });
}

/** Indents lines (and the lines inside multi-line entries) under a heading: the body of a failure message. */
export function indent(lines: readonly string[], prefix = '  '): string {
  return lines
    .flatMap((line) => line.split('\n'))
    .map((line) => `${prefix}${line}`)
    .join('\n');
}
