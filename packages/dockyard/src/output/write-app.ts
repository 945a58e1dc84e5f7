import type { RenderedArtifact } from '../core/artifact';
import type { Diagnostic } from '../core/problems';
import type { Manifest, ManifestStack } from './manifest';
import { manifestStack, type OutputLayout, writeStack } from './write-stack';

/** Writes every stack's folder (each file replaced atomically; see writeStack) and returns the manifest. */
export function writeApp(
  outdir: string,
  files: readonly RenderedArtifact[],
  diagnostics: readonly Diagnostic[],
  layout: OutputLayout = 'plain',
): Manifest {
  const stacks: ManifestStack[] = [];
  for (const [stack, stackFiles] of groupByStack(files))
    stacks.push(writeStack(outdir, stack, stackFiles, layout));
  return { outdir, stacks, diagnostics };
}

/** The manifest of a synthesis that writes nothing (`synth --check`): every file `not written`. */
export function unwrittenManifest(
  outdir: string,
  files: readonly RenderedArtifact[],
  diagnostics: readonly Diagnostic[],
): Manifest {
  const stacks = [...groupByStack(files)].map(([stack, stackFiles]) =>
    manifestStack(outdir, stack, stackFiles, () => 'not written'),
  );
  return { outdir, stacks, diagnostics };
}

/** Rendered artifacts by stack name, in the order they came. */
export function groupByStack(files: readonly RenderedArtifact[]): Map<string, RenderedArtifact[]> {
  const byStack = new Map<string, RenderedArtifact[]>();
  for (const file of files) {
    const list = byStack.get(file.stack) ?? [];
    if (list.length === 0) byStack.set(file.stack, list);
    list.push(file);
  }
  return byStack;
}
