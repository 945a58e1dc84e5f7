import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The workspace root (the folder with `pnpm-workspace.yaml`), found by walking up from this file, so the helpers
 * work whatever the current directory of the test run is.
 */
export function repoRoot(start: string = __dirname): string {
  let dir = start;
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no pnpm-workspace.yaml above ${start}`);
    dir = parent;
  }
  return dir;
}

/** A reference schema kept in the repository (`test/fixtures/schemas/<file>`, sources in its README). */
export function schemaPath(file: string): string {
  return join(repoRoot(), 'test', 'fixtures', 'schemas', file);
}

/** A compose/stack fixture under `test/fixtures/compose/`. */
export function composeFixturePath(...segments: string[]): string {
  return join(repoRoot(), 'test', 'fixtures', 'compose', ...segments);
}
