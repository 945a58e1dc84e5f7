import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RenderedArtifact } from '../core/artifact';
import { replaceAtomically, syncFolder, writeDurably } from './durable';
import { sha256 } from './generations';
import {
  type FileSet,
  fileSetText,
  isStaged,
  JOURNAL_FILE,
  RECORD_FILE,
  readJournal,
  readRecord,
  readTextIfExists,
  stagedName,
} from './stack-folder';

/**
 * Writes one stack's files into its plain folder `dir`:
 * 1. every changed file's new text is staged beside it and flushed;
 * 2. the journal (the new set with hashes, and the files to remove) is renamed into place: from here on the
 *    switch can always be finished, by this run or by the next synth;
 * 3. {@link finishSwitch}: each staged file is renamed over its artifact, files the program no longer writes
 *    are removed, the record is replaced and the journal removed.
 * Each file is always its complete old or new text (a rename); between 2 and 3 the folder may mix old and new
 * files, and the journal says so.
 */
export function writePlainFolder(dir: string, files: readonly RenderedArtifact[]): void {
  fs.mkdirSync(dir, { recursive: true });
  const previous = readRecord(dir);
  const wanted: Record<string, string> = {};
  for (const file of files) wanted[file.fileName] = sha256(file.text);
  const changed = files.filter((file) => readTextIfExists(path.join(dir, file.fileName)) !== file.text);
  const remove = Object.keys(previous).filter((name) => !Object.hasOwn(wanted, name));
  if (
    changed.length === 0 &&
    remove.length === 0 &&
    readTextIfExists(path.join(dir, RECORD_FILE)) === fileSetText(wanted)
  )
    return;

  for (const file of changed) writeDurably(path.join(dir, stagedName(file.fileName)), file.text);
  syncFolder(dir);
  replaceAtomically(
    path.join(dir, JOURNAL_FILE),
    fileSetText(wanted, remove),
    path.join(dir, stagedName(JOURNAL_FILE)),
  );
  finishSwitch(dir, wanted, remove);
}

/**
 * Finishes the switch an interrupted synthesis left in `dir` (roll forward), so the folder holds the complete
 * set its journal names. Returns false when there was nothing to finish. Staged files left by a run that died
 * before its journal are its own scratch and removed.
 */
export function repairPlainFolder(dir: string): boolean {
  const journal = readJournal(dir);
  if (journal) finishSwitch(dir, journal.files, journal.remove);
  removeStaged(dir);
  return journal !== undefined;
}

function finishSwitch(dir: string, files: FileSet, remove: readonly string[]): void {
  for (const name of Object.keys(files)) {
    const staged = path.join(dir, stagedName(name));
    // Missing: renamed already, by the run that died.
    if (fs.existsSync(staged)) fs.renameSync(staged, path.join(dir, name));
  }
  for (const name of remove) fs.rmSync(path.join(dir, name), { force: true });
  replaceAtomically(path.join(dir, RECORD_FILE), fileSetText(files), path.join(dir, stagedName(RECORD_FILE)));
  fs.rmSync(path.join(dir, JOURNAL_FILE), { force: true });
  syncFolder(dir);
}

function removeStaged(dir: string): void {
  for (const entry of fs.readdirSync(dir))
    if (isStaged(entry)) fs.rmSync(path.join(dir, entry), { force: true });
}
