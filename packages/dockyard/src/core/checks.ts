import type { IConstruct } from 'constructs';
import { formatProblem, type Problem } from './problems';
import { touchTree } from './tree-version';

/**
 * A construct's structured checks. One plain validation per construct (registered with `node.addValidation`)
 * shows them as strings to a user who calls `node.validate()` directly, as with any construct library;
 * `quiet` is set while {@link problemsOf} asks `node.validate()` for the user's own validations, so that ours
 * are not counted twice.
 */
interface Checks {
  readonly list: Array<() => readonly Problem[]>;
  quiet: boolean;
}

const checksOf = new WeakMap<IConstruct, Checks>();

/**
 * Registers a check that runs once at synth, after the whole program has been built, so it can look at
 * other constructs (cross-construct rules). Checks must be pure: they only read.
 */
export function addCheck(scope: IConstruct, check: () => readonly Problem[]): void {
  let checks = checksOf.get(scope);
  if (!checks) {
    const created: Checks = { list: [], quiet: false };
    checksOf.set(scope, created);
    scope.node.addValidation({
      validate: () =>
        created.quiet
          ? []
          : created.list.flatMap((each) =>
              each()
                .filter((problem) => problem.level === 'error')
                .map(formatProblem),
            ),
    });
    checks = created;
  }
  checks.list.push(check);
  touchTree(scope);
}

/** Records problems found while a construct was being built (e.g. invalid props). */
export function addProblems(scope: IConstruct, problems: readonly Problem[]): void {
  if (problems.length > 0) addCheck(scope, () => problems);
}

/**
 * Everything wrong with one construct: our structured checks, plus any plain validation a user added with
 * `node.addValidation` (reported as construct-wide errors).
 */
export function problemsOf(scope: IConstruct): Problem[] {
  const checks = checksOf.get(scope);
  const problems: Problem[] = [];
  for (const check of checks?.list ?? []) problems.push(...check());
  if (checks) checks.quiet = true;
  try {
    for (const message of scope.node.validate()) problems.push({ level: 'error', message });
  } finally {
    if (checks) checks.quiet = false;
  }
  return problems;
}
