import type { IConstruct } from 'constructs';
import type { ArtifactDefinition, RenderContext, RenderedArtifact } from '../core/artifact';
import { problemsOf } from '../core/checks';
import { ValidationError } from '../core/errors';
import { foldersOf, stackDirOf } from '../core/folders';
import { type Diagnostic, type Problem, sortDiagnostics } from '../core/problems';
import { Stack } from '../core/stack';
import { inSynthesisPass } from '../core/synthesis-pass';
import { memoFor } from './render-memo';

/** What one synthesis produced in memory: the files of the stacks it rendered, and what was said about them. */
export interface RenderedProgram {
  /** Every rendered artifact, stacks in tree order and each stack's files by name. */
  readonly files: readonly RenderedArtifact[];
  /** Warnings and notes, ordered by level, construct path and property (errors throw instead). */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Runs every check of every construct below `root` once, in tree order, and returns all problems.
 * An error in a construct's own props hides the errors of the constructs it built below itself from those
 * props: they are consequences, and the user can only act on the first.
 */
function collectDiagnostics(root: IConstruct): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const construct of root.node.findAll()) {
    const path = construct.node.path || '<app>';
    for (const problem of problemsOf(construct)) diagnostics.push(locate(problem, construct, path));
  }
  const failed = new Set(diagnostics.filter((d) => d.level === 'error').map((d) => d.path));
  const hasFailedAncestor = (path: string) => {
    for (let cut = path.lastIndexOf('/'); cut > 0; cut = path.lastIndexOf('/', cut - 1)) {
      if (failed.has(path.slice(0, cut))) return true;
    }
    return false;
  };
  return diagnostics.filter((d) => d.level !== 'error' || !hasFailedAncestor(d.path));
}

/**
 * Validates the whole tree, then renders every artifact of the given stacks. Throws a ValidationError that
 * lists every error of the program when anything is wrong; nothing has been written at that point. Asked
 * again while the tree is unchanged, it reuses the checks' and renders' results (see {@link memoFor}).
 */
export function synthesizeInMemory(root: IConstruct, stacks: readonly Stack[]): RenderedProgram {
  return inSynthesisPass(() => synthesizePass(root, stacks));
}

function synthesizePass(root: IConstruct, stacks: readonly Stack[]): RenderedProgram {
  const memo = memoFor(root);
  memo.validation ??= collectDiagnostics(root);
  const diagnostics = [...memo.validation];
  if (diagnostics.some((diagnostic) => diagnostic.level === 'error')) {
    throw new ValidationError(sortDiagnostics(diagnostics));
  }
  const files: RenderedArtifact[] = [];
  for (const stack of stacks) {
    let rendered = memo.renders.get(stack);
    if (rendered === undefined) {
      const reported: Diagnostic[] = [];
      rendered = { files: renderStack(stack, reported), diagnostics: reported };
      memo.renders.set(stack, rendered);
    }
    files.push(...rendered.files);
    diagnostics.push(...rendered.diagnostics);
  }
  const sorted = sortDiagnostics(diagnostics);
  if (sorted.some((diagnostic) => diagnostic.level === 'error')) throw new ValidationError(sorted);
  return { files, diagnostics: sorted };
}

/** Stacks below a construct, in tree order. */
export function stacksBelow(root: IConstruct): Stack[] {
  return root.node.findAll().filter(Stack.isStack);
}

/** A problem a check or renderer reported on `owner`, placed at the construct it is about. */
function locate({ at, ...problem }: Problem, owner: IConstruct, ownerPath = owner.node.path): Diagnostic {
  return { path: at ? at.node.path : ownerPath, ...problem };
}

function renderStack(stack: Stack, diagnostics: Diagnostic[]): RenderedArtifact[] {
  const artifacts = new Map<string, ArtifactDefinition>(stack.artifacts.map((a) => [a.fileName, a]));
  const texts = new Map<string, string>();
  const rendering = new Set<string>();
  const context: RenderContext = {
    stackDir: stackDirOf(stack),
    baseDir: foldersOf(stack).baseDir,
    textOf: (fileName) => textOf(fileName),
    report: (owner: IConstruct, problem: Problem) => diagnostics.push(locate(problem, owner)),
  };
  // Artifacts may embed each other (a config's content hash in stack.yaml), so each renders once on demand.
  const textOf = (fileName: string): string => {
    const done = texts.get(fileName);
    if (done !== undefined) return done;
    const artifact = artifacts.get(fileName);
    if (!artifact) throw new Error(`stack ${stack.node.path} has no artifact named ${fileName}`);
    if (rendering.has(fileName))
      throw new Error(`artifacts of ${stack.node.path} depend on each other in a cycle through ${fileName}`);
    rendering.add(fileName);
    const text = artifact.render(context);
    rendering.delete(fileName);
    texts.set(fileName, text);
    return text;
  };
  return [...artifacts.values()].map((artifact) => ({
    stack: stack.stackName,
    fileName: artifact.fileName,
    kind: artifact.kind,
    text: textOf(artifact.fileName),
  }));
}
