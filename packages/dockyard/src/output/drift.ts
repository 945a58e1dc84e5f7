import * as path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { RenderedArtifact } from '../core/artifact';
import { readRecord, readStackFolder, readTextIfExists } from './stack-folder';
import { displayPath } from './write-stack';

/** A difference between the files on disk and what synth would write. */
export interface Drift {
  readonly path: string;
  /** `missing`: synth would create it; `differs`: its text changed; `stale`: synth wrote it last time but no longer would. */
  readonly kind: 'missing' | 'differs' | 'stale';
  /** A unified diff from the file on disk to what synth would write. */
  readonly diff: string;
}

/** Compares one stack's folder with the files synth would write, without writing anything. */
export function driftOfStack(outdir: string, stack: string, files: readonly RenderedArtifact[]): Drift[] {
  const folder = readStackFolder(outdir, stack);
  const dir = folder.kind === 'none' ? path.join(outdir, stack) : folder.dir;
  const shown = (fileName: string) => displayPath(path.join(outdir, stack, fileName));
  const drifts: Drift[] = [];
  for (const file of files) {
    const onDisk = readTextIfExists(path.join(dir, file.fileName));
    if (onDisk === file.text) continue;
    const name = shown(file.fileName);
    drifts.push({
      path: name,
      kind: onDisk === undefined ? 'missing' : 'differs',
      diff: createTwoFilesPatch(`a/${name}`, `b/${name}`, onDisk ?? '', file.text, 'on disk', 'synthesized'),
    });
  }
  const wanted = new Set(files.map((file) => file.fileName));
  for (const fileName of readRecord(dir)) {
    if (wanted.has(fileName)) continue;
    const onDisk = readTextIfExists(path.join(dir, fileName)) ?? '';
    const name = shown(fileName);
    drifts.push({
      path: name,
      kind: 'stale',
      diff: createTwoFilesPatch(`a/${name}`, `b/${name}`, onDisk, '', 'on disk', 'synthesized'),
    });
  }
  return drifts;
}
