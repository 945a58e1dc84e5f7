/**
 * One synthesis pass: the checks of a whole tree and the renders that follow them, with the tree unchanged
 * in between (nothing a check or a renderer does adds, removes or changes a construct). What several of them
 * compute from the same state (a stack's Compose model: checked, rendered as compose.yaml, rendered as
 * stack.yaml) can be computed once per pass. A memo across passes needs to know the tree did not change;
 * that is the pipeline's render memo, which skips a whole pass instead.
 */

/** What the pass under way has computed, by owner; none outside a synthesis. Dropped when the pass ends. */
let current: Map<object, unknown> | undefined;

/** Runs `pass` as one synthesis pass (the pipeline's synthesis calls it; a nested one gets its own). */
export function inSynthesisPass<T>(pass: () => T): T {
  const outer = current;
  current = new Map();
  try {
    return pass();
  } finally {
    current = outer;
  }
}

/**
 * `compute()`, once per synthesis pass for `owner`: asked again in the same pass, the first answer. Outside a
 * pass (a tool or a test calling the construct directly), computed every time. The value is shared by everyone
 * who asks in the pass, so they must only read it.
 */
export function oncePerPass<T>(owner: object, compute: () => T): T {
  if (current === undefined) return compute();
  if (current.has(owner)) return current.get(owner) as T;
  const value = compute();
  current.set(owner, value);
  return value;
}
