import type { Diagnostic } from '../core/problems';

/** What happened to one file in this synthesis. */
export type FileStatus = 'created' | 'updated' | 'unchanged' | 'not written';

/** One file a synthesis wrote (or, under `--check`, compared). */
export interface ManifestFile {
  /** The file's path relative to the current working directory, with `/` separators. */
  readonly path: string;
  /** The file's size in bytes. */
  readonly bytes: number;
  /** sha256 of the file's bytes, hex. */
  readonly sha256: string;
  /** Whether the synthesis created, changed or kept the file. */
  readonly status: FileStatus;
}

/** One stack's folder and the files synthesized into it. */
export interface ManifestStack {
  /** The stack's name (its folder's name). */
  readonly name: string;
  /** The stack's folder, relative to the current working directory. */
  readonly directory: string;
  /** Its files, in the order synth rendered them. */
  readonly files: readonly ManifestFile[];
}

/** What a synthesis wrote (or, under `--check`, would write). */
export interface Manifest {
  /** The App's output folder, relative to the current working directory. */
  readonly outdir: string;
  /** Every stack of the App that has files. */
  readonly stacks: readonly ManifestStack[];
  /** Warnings and notes of the synthesis (errors never reach a manifest: they stop it). */
  readonly diagnostics: readonly Diagnostic[];
}
