import type { IConstruct } from 'constructs';
import type { ProblemLevel } from '../model/compose/problem';

// The one vocabulary of problems, bottom up: the model reports a `ModelProblem` at a structured path into the
// data; a construct's check reports a `Problem` about one of its props; synthesis places each at its construct
// as a `Diagnostic`, and `formatDiagnostic` prints it. The level is one type throughout.
export type { ProblemLevel };

/** One thing wrong with (or worth saying about) a construct, found at construction or at synth. */
export interface Problem {
  /** `error` stops synthesis; `warning` and `info` are reported with the result. */
  readonly level: ProblemLevel;
  /** The prop it is about, as a dotted path (`flask.replicas`); absent for a construct-wide problem. */
  readonly property?: string;
  /** What was expected and what was given, e.g. `expected an integer >= 1, got 0`. */
  readonly message: string;
  /**
   * The construct the problem is about, when a check registered on one construct finds it in another
   * (e.g. the project-wide model check finding a bad port on one service).
   */
  readonly at?: IConstruct;
}

/** A problem together with the construct it belongs to. */
export interface Diagnostic extends Omit<Problem, 'at'> {
  /** The construct path, e.g. `shop/web`. */
  readonly path: string;
}

/** `[shop/web] replicas: expected an integer >= 1, got 0` */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const property = diagnostic.property ? `${diagnostic.property}: ` : '';
  return `[${diagnostic.path}] ${property}${diagnostic.message}`;
}

/** The same text without the path, as `node.validate()` reports it (constructs prefixes nothing itself). */
export function formatProblem(problem: Problem): string {
  return problem.property ? `${problem.property}: ${problem.message}` : problem.message;
}

export const error = (property: string | undefined, message: string): Problem => ({
  level: 'error',
  ...(property ? { property } : {}),
  message,
});

export const warning = (property: string | undefined, message: string): Problem => ({
  level: 'warning',
  ...(property ? { property } : {}),
  message,
});

export const info = (property: string | undefined, message: string): Problem => ({
  level: 'info',
  ...(property ? { property } : {}),
  message,
});

/** A value as a user would recognise it in a message: strings quoted, objects abbreviated. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') {
    const name = (value as object).constructor?.name;
    if (name && name !== 'Object') {
      const path = (value as Partial<IConstruct>).node?.path;
      return path !== undefined ? `${name} "${path}"` : `a ${name}`;
    }
    return 'an object';
  }
  return typeof value;
}

/** Orders diagnostics by construct path, then property, so output never depends on discovery order. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const rank: Record<ProblemLevel, number> = { error: 0, warning: 1, info: 2 };
  return [...diagnostics].sort(
    (a, b) =>
      rank[a.level] - rank[b.level] ||
      compareText(a.path, b.path) ||
      compareText(a.property ?? '', b.property ?? '') ||
      compareText(a.message, b.message),
  );
}

/** Locale-independent ordering: output must not change with the machine's language settings. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
