import type { IConstruct } from 'constructs';
import { ValidationError } from '../core/errors';
import { type Diagnostic, formatDiagnostic, formatProblem, type ProblemLevel } from '../core/problems';
import { Stack } from '../core/stack';
import { stacksBelow, synthesizeInMemory } from '../pipeline/synthesis';
import { indent } from './diff';
import { AssertionError } from './errors';
import type { Matcher, MatchResult } from './matcher';
import { show } from './show';
import { didYouMean } from './suggest';

/**
 * Which diagnostics to look at: a construct path (exact; `'*'` for any) or a matcher over the path, and a
 * message (a substring of `property: message` as printed, or a matcher over that text).
 */
export type PathQuery = string | Matcher;
/** Which message to look for: a substring of `property: message` as printed, or a matcher over that text. */
export type MessageQuery = string | Matcher;

const PLURAL: Record<ProblemLevel, string> = { error: 'errors', warning: 'warnings', info: 'infos' };

/**
 * Assertions over the problems Dockyard reports for a stack: errors and warnings from props validation,
 * cross-construct checks and rendering. Works on programs with errors (it never throws a ValidationError).
 *
 * @example
 * const annotations = Annotations.fromStack(stack);
 * annotations.hasError('shop/web', 'replicas: expected an integer >= 1');
 */
export class Annotations {
  /**
   * Every problem of the program that belongs to this stack (or to no stack), found by running all checks
   * and, when they pass, rendering the stack in memory so that renderer warnings are included too.
   */
  static fromStack(stack: Stack): Annotations {
    if (!Stack.isStack(stack)) throw new TypeError('Annotations.fromStack expects a Stack');
    const root = stack.node.root;
    let diagnostics: readonly Diagnostic[];
    try {
      diagnostics = synthesizeInMemory(root, [stack]).diagnostics;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      diagnostics = error.diagnostics;
    }
    const others = stacksBelow(root).filter((other) => other !== stack);
    return new Annotations(
      diagnostics.filter((diagnostic) => !others.some((other) => isWithin(diagnostic, other))),
    );
  }

  private constructor(
    /** The diagnostics, errors first, then by path. */
    readonly diagnostics: readonly Diagnostic[],
  ) {}

  /** Asserts that an error at `path` matches `message`. */
  hasError(path: PathQuery, message: MessageQuery): void {
    this.has('error', path, message);
  }

  /** Asserts that a warning at `path` matches `message`. */
  hasWarning(path: PathQuery, message: MessageQuery): void {
    this.has('warning', path, message);
  }

  /** Asserts that there are no errors, listing them when there are. */
  hasNoErrors(): void {
    const errors = this.find('error', '*', undefined);
    if (errors.length > 0) {
      throw new AssertionError(
        `expected no errors, got ${errors.length}:\n${indent(errors.map(formatDiagnostic))}`,
      );
    }
  }

  /** The errors at `path` (any path when omitted) that match `message` (any when omitted). */
  findErrors(path?: PathQuery, message?: MessageQuery): Diagnostic[] {
    return this.find('error', path ?? '*', message);
  }

  /** The warnings at `path` (any path when omitted) that match `message` (any when omitted). */
  findWarnings(path?: PathQuery, message?: MessageQuery): Diagnostic[] {
    return this.find('warning', path ?? '*', message);
  }

  private has(level: ProblemLevel, path: PathQuery, message: MessageQuery): void {
    if (this.find(level, path, message).length > 0) return;
    const paths = [...new Set(this.diagnostics.map((diagnostic) => diagnostic.path))];
    const hint =
      typeof path === 'string' && path !== '*' && !paths.includes(path) ? didYouMean(path, paths) : '';
    const elsewhere = (['error', 'warning', 'info'] as const)
      .filter((other) => other !== level)
      .flatMap((other) =>
        this.find(other, path, message, false).map(
          (diagnostic) => `${other}: ${formatDiagnostic(diagnostic)}`,
        ),
      );
    const lines = [
      `expected ${level === 'error' ? 'an' : 'a'} ${level} ${describePath(path)} ${describeMessage(message)}${hint}`,
    ];
    if (elsewhere.length > 0) lines.push(`found at another level:\n${indent(elsewhere)}`);
    const same = this.find(level, '*', undefined);
    lines.push(
      same.length === 0
        ? `there are no ${PLURAL[level]}`
        : `${PLURAL[level]} (${same.length}):\n${indent(same.map(formatDiagnostic))}`,
    );
    throw new AssertionError(lines.join('\n'));
  }

  /** Captures in the queries receive values only from whole matches in searches that answer the user. */
  private find(
    level: ProblemLevel,
    path: PathQuery,
    message: MessageQuery | undefined,
    deliver = true,
  ): Diagnostic[] {
    return this.diagnostics.filter((diagnostic) => {
      if (diagnostic.level !== level) return false;
      const text = formatProblem(diagnostic);
      const results: MatchResult[] = [];
      const test = (
        query: string | Matcher,
        actual: string,
        byString: (wanted: string) => boolean,
      ): boolean => {
        if (typeof query === 'string') return byString(query);
        const result = query.test(actual);
        results.push(result);
        return result.ok;
      };
      const hit =
        test(path, diagnostic.path, (wanted) => wanted === '*' || diagnostic.path === wanted) &&
        (message === undefined || test(message, text, (wanted) => text.includes(wanted)));
      if (hit && deliver) for (const result of results) result.deliverCaptures();
      return hit;
    });
  }
}

function isWithin(diagnostic: Diagnostic, scope: IConstruct): boolean {
  const path = scope.node.path;
  return diagnostic.path === path || diagnostic.path.startsWith(`${path}/`);
}

function describePath(path: PathQuery): string {
  if (path === '*') return 'anywhere';
  return typeof path === 'string' ? `at ${JSON.stringify(path)}` : `at a path matching ${show(path)}`;
}

function describeMessage(message: MessageQuery): string {
  return typeof message === 'string' ? `containing ${JSON.stringify(message)}` : `matching ${show(message)}`;
}
