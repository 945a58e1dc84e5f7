import * as fs from 'node:fs';
import * as path from 'node:path';
import { RECORD_FILE } from './generations';

/** How a stack's folder currently looks on disk. */
export type StackFolder =
  | { readonly kind: 'none' }
  | { readonly kind: 'link'; readonly target: string; readonly dir: string }
  | { readonly kind: 'dir'; readonly dir: string };

/**
 * True for the errors that mean "there is nothing there". Any other failure (EIO, EACCES...) must stop the write:
 * taken for an absent folder, it would make synth drop the user's files from the new generation and then
 * delete the old one.
 */
function isAbsent(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export function readStackFolder(outdir: string, stack: string): StackFolder {
  const folder = path.join(outdir, stack);
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(folder);
  } catch (error) {
    if (isAbsent(error)) return { kind: 'none' };
    throw error;
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
  const text = readTextIfExists(path.join(dir, RECORD_FILE));
  if (text === undefined) return [];
  try {
    const files = (JSON.parse(text) as { files?: unknown }).files;
    return Array.isArray(files) ? files.filter((name): name is string => typeof name === 'string') : [];
  } catch {
    // A damaged record: every file then counts as the user's, and synth refuses to overwrite any of them.
    return [];
  }
}

export function recordText(fileNames: readonly string[]): string {
  return `${JSON.stringify({ writtenBy: 'dockyard', files: [...fileNames].sort() }, null, 2)}\n`;
}

export function readTextIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (isAbsent(error)) return undefined;
    throw error;
  }
}

/** Entries of a folder that a synthesis did not write: the user's own files, which we carry over untouched. */
export function foreignEntries(dir: string, written: readonly string[]): string[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch (error) {
    if (isAbsent(error)) return [];
    throw error;
  }
  const ours = new Set([...written, RECORD_FILE]);
  return entries.filter((entry) => !ours.has(entry)).sort();
}
