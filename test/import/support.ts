import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { importProject, synthesize } from '../../packages/dockyard/src/import/import-project';

/** The repository's root, and a scratch folder inside it (so emitted programs resolve `dockyard`). */
export const ROOT = path.resolve(__dirname, '..', '..');
export const SCRATCH = path.join(ROOT, '.tmp');

/** A fresh folder under the repository's `.tmp` (ignored by git, biome and jest). */
export function scratchDir(prefix: string): string {
  fs.mkdirSync(SCRATCH, { recursive: true });
  return fs.mkdtempSync(path.join(SCRATCH, prefix));
}

/**
 * Imports the artifacts of one stack folder `<programDir>/dist/<stack>/` as the program `<programDir>/infra.ts`
 * would be, synthesizes the plan in memory, and returns each file's text before and after.
 */
export function roundTrip(programDir: string, stack: string) {
  const folder = path.join(programDir, 'dist', stack);
  const files = ['compose.yaml', 'stack.yaml', 'nginx.conf'].filter((name) =>
    fs.existsSync(path.join(folder, name)),
  );
  const result = importProject({
    yamlFiles: files.filter((name) => name.endsWith('.yaml')).map((name) => path.join(folder, name)),
    nginxFiles: files.filter((name) => name.endsWith('.conf')).map((name) => path.join(folder, name)),
    programFile: path.join(programDir, 'infra.ts'),
  });
  const after = synthesize(result.plan, programDir) ?? new Map<string, string>();
  const before = new Map(files.map((name) => [name, fs.readFileSync(path.join(folder, name), 'utf8')]));
  return { result, before, after };
}

/** Runs tsc over emitted programs as the workspace resolves `dockyard` (its source); returns its exit and output. */
export function typeCheck(folder: string, files: readonly string[]): { code: number | null; out: string } {
  const tsconfig = path.join(folder, 'tsconfig.json');
  fs.writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: path.join(ROOT, 'tsconfig.base.json'),
      // The workspace's own condition: `dockyard` resolves to the library's source, as in every other check here.
      compilerOptions: { noEmit: true, customConditions: ['dockyard-source'] },
      files,
    }),
  );
  const run = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', tsconfig], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: run.status, out: run.stdout };
}

/**
 * Writes `files` (relative path -> text) into `folder`, imports its `compose.yaml` and the nginx file named, as
 * the program `<folder>/infra.ts`, and synthesizes the plan in memory.
 */
export function importWritten(folder: string, files: Readonly<Record<string, string>>, nginxFile: string) {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
    fs.writeFileSync(path.join(folder, name), text);
  }
  const result = importProject({
    yamlFiles: [path.join(folder, 'compose.yaml')],
    nginxFiles: [path.join(folder, nginxFile)],
    programFile: path.join(folder, 'infra.ts'),
  });
  return { result, files: synthesize(result.plan, folder) };
}
