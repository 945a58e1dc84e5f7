import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Folders {@link tempDir} made for the current test file. */
const made: string[] = [];
// jest evaluates this module once per test file, at the file's top level (where its imports run), so this hook
// belongs to that file: its folders go when it ends, whether its tests passed or not.
afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the test file. */
export function tempDir(prefix = 'dockyard-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Every file below a folder (following the stack links) with its text, for whole-folder comparisons. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (current: string, prefix: string) => {
    for (const entry of fs.readdirSync(current).sort()) {
      const full = path.join(current, entry);
      const stat = fs.statSync(full);
      if (stat.isDirectory()) walk(full, `${prefix}${entry}/`);
      else out[`${prefix}${entry}`] = fs.readFileSync(full, 'utf8');
    }
  };
  if (fs.existsSync(dir)) walk(dir, '');
  return out;
}
