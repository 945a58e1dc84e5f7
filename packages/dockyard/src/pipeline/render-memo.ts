import { Construct, type IConstruct } from 'constructs';
import type { RenderedArtifact } from '../core/artifact';
import type { Diagnostic } from '../core/problems';
import type { Stack } from '../core/stack';
import { treeReadsOutside, treeVersion } from '../core/tree-version';

/** One stack's render: its artifacts and the problems its renderers reported. */
export interface StackRender {
  readonly files: readonly RenderedArtifact[];
  readonly diagnostics: readonly Diagnostic[];
}

/** What has been computed for one state of a tree. */
export interface RenderMemo {
  /** The diagnostics of every check of the tree, once run. */
  validation?: readonly Diagnostic[];
  /** Each stack rendered so far. */
  readonly renders: Map<Stack, StackRender>;
}

interface Entry {
  readonly key: string;
  readonly memo: RenderMemo;
}

const memos = new WeakMap<IConstruct, Entry>();

/**
 * The memo for the tree's current state, empty when the tree changed since it was filled. A test asserts on
 * one program many times (`Template.fromStack` per stack, every `expect(stack).toHaveService(...)`), and each
 * call validated and rendered the whole program again. The state is the tree's version (bumped by every
 * mutator that leaves the tree's shape alone: checks added, upstream servers, service dependencies) plus its
 * shape (each construct's id, children, validations, dependencies and metadata), which a new or removed
 * construct or a user's `node.addValidation` changes. When the shape cannot be read, or synthesis read a
 * user's file (a config named by its content, a site's certificate; see `readsOutsideTree`), nothing is memoised.
 */
export function memoFor(root: IConstruct): RenderMemo {
  const shape = shapeOf(root);
  const fresh: RenderMemo = { renders: new Map() };
  if (shape === undefined || treeReadsOutside(root)) {
    memos.delete(root);
    return fresh;
  }
  const key = `${treeVersion(root)};${shape}`;
  const entry = memos.get(root);
  if (entry?.key === key) return entry.memo;
  memos.set(root, { key, memo: fresh });
  return fresh;
}

interface NodeInternals {
  // constructs keeps validations private (created on the first one) and offers no count.
  readonly _validations?: readonly unknown[];
}

const validationsOf = (construct: IConstruct) => (construct.node as unknown as NodeInternals)._validations;

// Whether this copy of constructs keeps validations where validationsOf reads them: asked once, of a throwaway
// construct, so that a constructs release that moves them turns the memo off instead of missing a validation.
let validationsReadable: boolean | undefined;
function canReadValidations(): boolean {
  if (validationsReadable === undefined) {
    const probe = new Construct(undefined as unknown as Construct, '');
    const before = validationsOf(probe);
    probe.node.addValidation({ validate: () => [] });
    const after = validationsOf(probe);
    validationsReadable =
      (before === undefined || before.length === 0) && Array.isArray(after) && after.length === 1;
  }
  return validationsReadable;
}

function shapeOf(root: IConstruct): string | undefined {
  if (!canReadValidations()) return undefined;
  const parts: string[] = [];
  const visit = (construct: IConstruct): void => {
    const node = construct.node;
    const children = node.children;
    parts.push(
      `${JSON.stringify(node.id)}:${children.length}:${validationsOf(construct)?.length ?? 0}:${node.dependencies.length}:${node.metadata.length}`,
    );
    for (const child of children) visit(child);
  };
  visit(root);
  return parts.join(',');
}
