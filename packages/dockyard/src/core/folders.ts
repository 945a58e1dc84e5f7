import * as path from 'node:path';
import type { IConstruct } from 'constructs';
import { Stack } from './stack';

/**
 * The two folders a program's relative paths depend on. The root of the tree (an App) declares them; constructs
 * read them here, so that nothing below the pipeline has to know what an App is.
 */
export interface ProgramFolders {
  /** The absolute folder that relative paths in the program (build contexts, bind mounts, files) start from. */
  readonly baseDir: string;
  /** The absolute folder stack folders are written to. */
  readonly outdir: string;
}

const FOLDERS = Symbol.for('dockyard.programFolders');

/** Declares the folders of the tree rooted at `root` (the App does, at construction). */
export function declareFolders(root: IConstruct, folders: ProgramFolders): void {
  Object.defineProperty(root, FOLDERS, { value: folders, configurable: true });
}

/**
 * The folders of the program `scope` belongs to. A tree whose root declared none (a bare `Construct` as root,
 * in a test) reads paths from the current working directory and writes to `dist/` below it.
 */
export function foldersOf(scope: IConstruct): ProgramFolders {
  const declared = (scope.node.root as unknown as { [FOLDERS]?: ProgramFolders })[FOLDERS];
  if (declared) return declared;
  const baseDir = process.cwd();
  return { baseDir, outdir: path.resolve(baseDir, 'dist') };
}

/** The absolute folder the artifacts of `scope`'s stack are written to. */
export function stackDirOf(scope: IConstruct): string {
  return path.join(foldersOf(scope).outdir, Stack.of(scope).stackName);
}
