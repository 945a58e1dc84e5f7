import type { IConstruct } from 'constructs';

// A counter per construct tree, kept on the root under a registered symbol (like the brands), so two copies of
// the library agree on it.
const VERSION = Symbol.for('dockyard.treeVersion');

type Versioned = { [VERSION]?: number };

/**
 * Records that `scope` changed in a way a render can see without the tree's shape changing: a check added, a
 * server added to an upstream, a dependency added to a service. Every such mutator calls it, so that a
 * memoised render of the tree (see the pipeline) is never served after a change. New or removed constructs
 * and validations change the tree's shape, which the memo compares itself.
 */
export function touchTree(scope: IConstruct): void {
  const root = scope.node.root as Versioned;
  root[VERSION] = (root[VERSION] ?? 0) + 1;
}

/** How many changes {@link touchTree} has recorded on the tree `scope` belongs to. */
export function treeVersion(scope: IConstruct): number {
  return (scope.node.root as Versioned)[VERSION] ?? 0;
}

const READS_OUTSIDE = Symbol.for('dockyard.treeReadsOutside');

type Marked = { [READS_OUTSIDE]?: true };

/**
 * Records that synthesizing the tree reads something outside it (a user's file, read by a check or a renderer),
 * which no version follows: from then on nothing about the tree is memoised, so a test that rewrites the file
 * between two assertions sees the new bytes. Every check or renderer that reads the disk calls it first.
 */
export function readsOutsideTree(scope: IConstruct): void {
  (scope.node.root as Marked)[READS_OUTSIDE] = true;
}

/** Whether {@link readsOutsideTree} was called for the tree `scope` belongs to. */
export function treeReadsOutside(scope: IConstruct): boolean {
  return (scope.node.root as Marked)[READS_OUTSIDE] === true;
}
