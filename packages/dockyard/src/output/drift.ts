import * as path from 'node:path';
import type { RenderedArtifact } from '../core/artifact';
import { isGenerationOf } from './generations';
import { JOURNAL_FILE, readJournal, readRecord, readStackFolder, readTextIfExists } from './stack-folder';
import { displayPath, type OutputLayout } from './write-stack';

/** A difference between the files on disk and what synth would write. */
export interface Drift {
  readonly path: string;
  /**
   * `missing`: synth would create it; `differs`: its text changed; `stale`: synth wrote it last time but no
   * longer would; `interrupted`: a synthesis died while switching the folder (the path is its journal), so
   * the folder may mix old and new files; `layout`: the folder is plain and the App wants it linked, or the
   * other way round (the path is the folder).
   */
  readonly kind: 'missing' | 'differs' | 'stale' | 'interrupted' | 'layout';
  /** A unified diff from the file on disk to what synth would write (for `interrupted` and `layout`, a note). */
  readonly diff: string;
}

/** Compares one stack's folder with the files synth would write, without writing anything. */
export function driftOfStack(
  outdir: string,
  stack: string,
  files: readonly RenderedArtifact[],
  layout: OutputLayout = 'plain',
): Drift[] {
  const folder = readStackFolder(outdir, stack);
  const dir = folder.kind === 'none' ? path.join(outdir, stack) : folder.dir;
  const shown = (fileName: string) => displayPath(path.join(outdir, stack, fileName));
  const drifts: Drift[] = [];
  if (readJournal(dir) !== undefined) {
    drifts.push({
      path: shown(JOURNAL_FILE),
      kind: 'interrupted',
      diff: `# ${shown(JOURNAL_FILE)}: a synthesis was interrupted; the folder may mix old and new files\n`,
    });
  }
  const linked = folder.kind === 'link' && isGenerationOf(stack, folder.target);
  if (folder.kind !== 'none' && linked !== (layout === 'linked')) {
    drifts.push({
      path: displayPath(path.join(outdir, stack)),
      kind: 'layout',
      diff: `# ${displayPath(path.join(outdir, stack))}: ${linked ? 'a link to a generation' : 'a plain folder'}, the program wants ${layout === 'linked' ? 'a link' : 'a plain folder'}\n`,
    });
  }
  for (const file of files) {
    const onDisk = readTextIfExists(path.join(dir, file.fileName));
    if (onDisk === file.text) continue;
    const name = shown(file.fileName);
    drifts.push({
      path: name,
      kind: onDisk === undefined ? 'missing' : 'differs',
      diff: patchOf(name, onDisk ?? '', file.text),
    });
  }
  const wanted = new Set(files.map((file) => file.fileName));
  for (const fileName of Object.keys(readRecord(dir))) {
    if (wanted.has(fileName)) continue;
    const onDisk = readTextIfExists(path.join(dir, fileName)) ?? '';
    const name = shown(fileName);
    drifts.push({
      path: name,
      kind: 'stale',
      diff: patchOf(name, onDisk, ''),
    });
  }
  return drifts;
}

/**
 * A unified diff of one file. The `diff` library is required here, not at the top, because only a drift
 * report needs it and every `synth` run imports this module (about 1.4% of a cold start).
 */
function patchOf(name: string, onDisk: string, synthesized: string): string {
  const { createTwoFilesPatch } = require('diff') as typeof import('diff');
  return createTwoFilesPatch(`a/${name}`, `b/${name}`, onDisk, synthesized, 'on disk', 'synthesized');
}
