import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Synth's bookkeeping inside a stack folder, all hidden (artifact names never start with a dot, so none can
 * clash with these):
 * - the record: the files the last complete synthesis wrote, with their sha256. Everything else in the folder is
 *   the user's, never overwritten or removed.
 * - the journal: written once every new file is staged and flushed, removed once every file is in place. While
 *   it exists the folder may mix old and new files; it names the new set, so the next synth (or `--check`) can
 *   tell and finish the switch.
 * - staged files: the new text of one artifact, renamed over it.
 */
export const RECORD_FILE = '.dockyard-files.json';
export const JOURNAL_FILE = '.dockyard-synth.json';
const STAGED_PREFIX = '.dockyard-new-';

/** Where the new text of `fileName` waits before it is renamed into place. */
export function stagedName(fileName: string): string {
  return `${STAGED_PREFIX}${fileName}`;
}

export function isStaged(entry: string): boolean {
  return entry.startsWith(STAGED_PREFIX);
}

/** True for the entries synth owns by name in any stack folder. */
function isBookkeeping(entry: string): boolean {
  return entry === RECORD_FILE || entry === JOURNAL_FILE || isStaged(entry);
}

/** How a stack's folder currently looks on disk. */
export type StackFolder =
  | { readonly kind: 'none' }
  | { readonly kind: 'link'; readonly target: string; readonly dir: string }
  | { readonly kind: 'dir'; readonly dir: string };

/**
 * True for the errors that mean "there is nothing there". Any other failure (EIO, EACCES...) must stop the write:
 * taken for an absent folder, it would make synth drop the user's files from the new output and then delete the
 * old one.
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

/** A set of synth's files by name, with the sha256 of each (empty when a record from an older writer had none). */
export type FileSet = Readonly<Record<string, string>>;

/** The files the last synthesis wrote into a folder (empty when it has no record). */
export function readRecord(dir: string): FileSet {
  return readFileSet(path.join(dir, RECORD_FILE))?.files ?? {};
}

/** The interrupted switch of a folder, if a synthesis died in the middle of one. */
export function readJournal(dir: string): { files: FileSet; remove: string[] } | undefined {
  return readFileSet(path.join(dir, JOURNAL_FILE));
}

function readFileSet(file: string): { files: FileSet; remove: string[] } | undefined {
  const text = readTextIfExists(file);
  if (text === undefined) return undefined;
  let data: { files?: unknown; remove?: unknown };
  try {
    data = JSON.parse(text) as typeof data;
  } catch {
    // A damaged record: every file then counts as the user's, and synth refuses to overwrite any of them.
    return { files: {}, remove: [] };
  }
  const names = (list: unknown): string[] =>
    Array.isArray(list) ? list.filter((name): name is string => typeof name === 'string') : [];
  // Records of the linked layout (Dockyard before plain folders) list names only.
  const files: Record<string, string> = Array.isArray(data.files)
    ? Object.fromEntries(names(data.files).map((name) => [name, '']))
    : Object.fromEntries(
        Object.entries((data.files ?? {}) as Record<string, unknown>).filter(
          (entry): entry is [string, string] => typeof entry[1] === 'string',
        ),
      );
  return { files, remove: names(data.remove) };
}

/** The text of a record (or, with `remove`, of a journal): sorted, so two runs give the same bytes. */
export function fileSetText(files: FileSet, remove?: readonly string[]): string {
  const sorted = Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)));
  const data =
    remove === undefined
      ? { writtenBy: 'dockyard', files: sorted }
      : { writtenBy: 'dockyard', files: sorted, remove: [...remove].sort() };
  return `${JSON.stringify(data, null, 2)}\n`;
}

export function readTextIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (isAbsent(error)) return undefined;
    throw error;
  }
}

/** Entries of a folder that a synthesis did not write: the user's own files, which we never touch. */
export function foreignEntries(dir: string, written: FileSet): string[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch (error) {
    if (isAbsent(error)) return [];
    throw error;
  }
  return entries.filter((entry) => !Object.hasOwn(written, entry) && !isBookkeeping(entry)).sort();
}
