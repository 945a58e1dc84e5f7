import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Writes a stack's artifacts side by side into a fresh folder, as synth lays them out, so that checks that
 * read neighbouring files (a stack file's `configs: file: ./nginx.conf`) see them. Returns the folder and a
 * function that removes it.
 */
export function writeStackFiles(
  files: Readonly<Record<string, { text: string }>>,
  parent?: string,
): { dir: string; remove(): void } {
  // Two levels below `parent`, like `<base>/dist/<stack>`, so `../../file` paths resolve as they would after synth.
  const outer = mkdtempSync(join(parent ?? tmpdir(), 'dockyard-artifacts-'));
  const dir = join(outer, 'stack');
  mkdirSync(dir);
  for (const [name, file] of Object.entries(files)) writeFileSync(join(dir, name), file.text);
  return { dir, remove: () => rmSync(outer, { recursive: true, force: true }) };
}
