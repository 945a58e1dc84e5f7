import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Every entry below `dir` as it is on disk, links NOT followed: `{ 'shop': 'link -> .shop.3f2a...',
 * '.shop.3f2a.../nginx.conf': 'file <sha-free bytes as text>', ... }`. Two equal snapshots mean nothing was
 * created, removed, renamed, relinked or rewritten (hidden generation and scratch folders included).
 */
export function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (current: string, prefix: string): void => {
    for (const entry of fs.readdirSync(current).sort()) {
      const full = path.join(current, entry);
      const key = `${prefix}${entry}`;
      const stat = fs.lstatSync(full);
      if (stat.isSymbolicLink()) out[key] = `link -> ${fs.readlinkSync(full)}`;
      else if (stat.isDirectory()) {
        out[key] = 'dir';
        walk(full, `${key}/`);
      } else out[key] = `file ${fs.readFileSync(full).toString('base64')}`;
    }
  };
  if (fs.existsSync(dir)) walk(dir, '');
  return out;
}

/** The files a reader sees in `outdir/<stack>` (through its link), by name, with their text. */
export function readStackFolder(outdir: string, stack: string): Record<string, string> {
  const dir = path.join(outdir, stack);
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir).sort()) {
    const full = path.join(dir, entry);
    if (fs.statSync(full).isFile()) out[entry] = fs.readFileSync(full, 'utf8');
  }
  return out;
}
