import type { IConstruct, IValidation } from 'constructs';
import { formatProblem, type Problem } from './problems';

/**
 * Structured checks per construct. They are also registered with `node.addValidation`, so a user who calls
 * `node.validate()` directly sees our errors as plain strings, as with any construct library.
 */
const checksOf = new WeakMap<IConstruct, Array<() => readonly Problem[]>>();

/** While synthesis gathers structured problems itself, the string view stays quiet to avoid counting twice. */
let gatheringStructured = false;

/**
 * Registers a check that runs once at synth, after the whole program has been built, so it can look at
 * other constructs (cross-construct rules). Checks must be pure: they only read.
 */
export function addCheck(scope: IConstruct, check: () => readonly Problem[]): void {
  const list = checksOf.get(scope) ?? [];
  if (list.length === 0) checksOf.set(scope, list);
  list.push(check);
  const validation: IValidation = {
    validate: () =>
      gatheringStructured
        ? []
        : check()
            .filter((problem) => problem.level === 'error')
            .map(formatProblem),
  };
  scope.node.addValidation(validation);
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
  const problems: Problem[] = [];
  for (const check of checksOf.get(scope) ?? []) problems.push(...check());
  gatheringStructured = true;
  try {
    for (const message of scope.node.validate()) problems.push({ level: 'error', message });
  } finally {
    gatheringStructured = false;
  }
  return problems;
}
