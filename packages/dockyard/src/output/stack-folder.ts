import * as fs from 'node:fs';
import * as path from 'node:path';
import { RECORD_FILE } from './generations';

/** How a stack's folder currently looks on disk. */
export type StackFolder =
  | { readonly kind: 'none' }
  | { readonly kind: 'link'; readonly target: string; readonly dir: string }
  | { readonly kind: 'dir'; readonly dir: string };

export function readStackFolder(outdir: string, stack: string): StackFolder {
  const folder = path.join(outdir, stack);
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(folder);
  } catch {
    return { kind: 'none' };
  }
  if (stat.isSymbolicLink()) {
    const target = fs.readlinkSync(folder);
    return { kind: 'link', target, dir: path.resolve(outdir, target) };
  }
  if (stat.isDirectory()) return { kind: 'dir', dir: folder };
  return { kind: 'none' };
}

/** The names of the files the last synthesis wrote into a folder (empty when it has no record). */
export function readRecord(dir: string): string[] {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(path.join(dir, RECORD_FILE), 'utf8'));
    const files = (parsed as { files?: unknown }).files;
    return Array.isArray(files) ? files.filter((name): name is string => typeof name === 'string') : [];
  } catch {
    return [];
  }
}

export function recordText(fileNames: readonly string[]): string {
  return `${JSON.stringify({ writtenBy: 'dockyard', files: [...fileNames].sort() }, null, 2)}\n`;
}

export function readTextIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Entries of a folder that a synthesis did not write: the user's own files, which we carry over untouched. */
export function foreignEntries(dir: string, written: readonly string[]): string[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const ours = new Set([...written, RECORD_FILE]);
  return entries.filter((entry) => !ours.has(entry)).sort();
}
