import type { Diagnostic } from '../core/problems';

/** What happened to one file in this synthesis. */
export type FileStatus = 'created' | 'updated' | 'unchanged' | 'not written';

export interface ManifestFile {
  /** The file's path relative to the current working directory, with `/` separators. */
  readonly path: string;
  readonly bytes: number;
  /** sha256 of the file's bytes, hex. */
  readonly sha256: string;
  readonly status: FileStatus;
}

export interface ManifestStack {
  readonly name: string;
  /** The stack's folder, relative to the current working directory. */
  readonly directory: string;
  readonly files: readonly ManifestFile[];
}

/** What a synthesis wrote (or, under `--check`, would write). */
export interface Manifest {
  readonly outdir: string;
  readonly stacks: readonly ManifestStack[];
  /** Warnings and notes of the synthesis (errors never reach a manifest: they stop it). */
  readonly diagnostics: readonly Diagnostic[];
}
