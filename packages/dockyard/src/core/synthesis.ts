import type { IConstruct } from 'constructs';
import type { OutputLayout } from '../output/write-stack';
import type { ArtifactDefinition, RenderContext, RenderedArtifact } from './artifact';
import { problemsOf } from './checks';
import { ValidationError } from './errors';
import { type Diagnostic, type Problem, sortDiagnostics } from './problems';
import { Stack } from './stack';

/** Everything one synthesis produced in memory: the files of every stack, and what was said about them. */
export interface SynthesisOutcome {
  readonly outdir: string;
  readonly layout: OutputLayout;
  readonly files: readonly RenderedArtifact[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Runs every check of every construct below `root` once, in tree order, and returns all problems.
 * An error in a construct's own props hides the errors of the constructs it built below itself from those
 * props: they are consequences, and the user can only act on the first.
 */
export function collectDiagnostics(root: IConstruct): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const construct of root.node.findAll()) {
    const path = construct.node.path || '<app>';
    for (const { at, ...problem } of problemsOf(construct)) {
      diagnostics.push({ path: at ? at.node.path : path, ...problem });
    }
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
 * lists every error of the program when anything is wrong; nothing has been written at that point.
 */
export function synthesizeInMemory(
  root: IConstruct,
  stacks: readonly Stack[],
): Omit<SynthesisOutcome, 'outdir' | 'layout'> {
  const diagnostics = collectDiagnostics(root);
  if (diagnostics.some((diagnostic) => diagnostic.level === 'error')) {
    throw new ValidationError(sortDiagnostics(diagnostics));
  }
  const files: RenderedArtifact[] = [];
  for (const stack of stacks) files.push(...renderStack(stack, diagnostics));
  const sorted = sortDiagnostics(diagnostics);
  if (sorted.some((diagnostic) => diagnostic.level === 'error')) throw new ValidationError(sorted);
  return { files, diagnostics: sorted };
}

/** Stacks below a construct, in tree order. */
export function stacksBelow(root: IConstruct): Stack[] {
  return root.node.findAll().filter(Stack.isStack);
}

function renderStack(stack: Stack, diagnostics: Diagnostic[]): RenderedArtifact[] {
  const artifacts = new Map<string, ArtifactDefinition>(stack.artifacts.map((a) => [a.fileName, a]));
  const texts = new Map<string, string>();
  const rendering = new Set<string>();
  const context: RenderContext = {
    textOf: (fileName) => textOf(fileName),
    report: (owner: IConstruct, { at, ...problem }: Problem) =>
      diagnostics.push({ path: (at ?? owner).node.path, ...problem }),
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
