import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Every entry below `dir`, without following links: a file maps to its bytes (as latin1, which maps each byte
 * to one character, so equal strings mean equal bytes), a symbolic link to `-> <target>`.
 */
export function readFileTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (current: string, prefix: string) => {
    for (const entry of fs
      .readdirSync(current, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(current, entry.name);
      if (entry.isSymbolicLink()) out[`${prefix}${entry.name}`] = `-> ${fs.readlinkSync(full)}`;
      else if (entry.isDirectory()) walk(full, `${prefix}${entry.name}/`);
      else out[`${prefix}${entry.name}`] = fs.readFileSync(full, 'latin1');
    }
  };
  walk(dir, '');
  return out;
}
