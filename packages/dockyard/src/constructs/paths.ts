import * as path from 'node:path';
import type { IConstruct } from 'constructs';
import { foldersOf, stackDirOf } from '../core/folders';

/**
 * Paths a user writes (build contexts, bind mounts, config files) are relative to the program's base folder;
 * inside an artifact they must be relative to the folder the artifact is written to, so that
 * `docker compose -f dist/shop/compose.yaml up` works from any directory.
 */
export function pathForArtifact(scope: IConstruct, userPath: string): string {
  const absolute = path.resolve(foldersOf(scope).baseDir, userPath);
  const relative = path.relative(stackDirOf(scope), absolute).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}
