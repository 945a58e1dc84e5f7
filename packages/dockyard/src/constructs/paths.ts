import * as path from 'node:path';
import type { IConstruct } from 'constructs';
import { App } from '../core/app';
import { Stack } from '../core/stack';

/**
 * Paths a user writes (build contexts, bind mounts, config files) are relative to the program's base folder;
 * inside an artifact they must be relative to the folder the artifact is written to, so that
 * `docker compose -f dist/shop/compose.yaml up` works from any directory.
 */
export function pathForArtifact(scope: IConstruct, userPath: string): string {
  const root = scope.node.root;
  const app = App.isApp(root) ? root : undefined;
  const baseDir = app?.baseDir ?? process.cwd();
  const outdir = app?.outdir ?? path.resolve(baseDir, 'dist');
  const stackDir = path.join(outdir, Stack.of(scope).stackName);
  const relative = path.relative(stackDir, path.resolve(baseDir, userPath)).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}
