import * as fs from 'node:fs';
import * as path from 'node:path';

/** Writes a file and flushes it to the disk before returning, so a rename of it can never expose a torn file. */
export function writeDurably(file: string, text: string): void {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Flushes a folder's entries (the renames done in it), so that what a later step relies on (a journal naming
 * staged files, a record naming renamed ones) is never on disk before the entries it describes.
 */
export function syncFolder(dir: string): void {
  // Windows cannot open a folder for flushing; NTFS journals its metadata itself.
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Replaces `file` with `text` in one rename: a reader or a crash sees the old complete file or the new one. */
export function replaceAtomically(file: string, text: string, staged: string): void {
  writeDurably(staged, text);
  fs.renameSync(staged, file);
  syncFolder(path.dirname(file));
}

export function randomSuffix(): string {
  return Math.random().toString(36).slice(2, 10);
}
