import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RenderedArtifact } from '../core/artifact';
import { DockyardUserError } from '../core/errors';
import { randomSuffix, syncFolder, writeDurably } from './durable';
import { generationName, isGenerationOf, isScratchOf, sha256 } from './generations';
import type { FileStatus, ManifestStack } from './manifest';
import { repairPlainFolder, writePlainFolder } from './plain-folder';
import {
  fileSetText,
  foreignEntries,
  RECORD_FILE,
  readRecord,
  readStackFolder,
  readTextIfExists,
  type StackFolder,
} from './stack-folder';

/**
 * How stack folders are laid out on disk.
 * - `plain`: `outdir/<stack>` is an ordinary folder of ordinary files, each replaced by one rename.
 * - `linked`: `outdir/<stack>` is a symbolic link to a content-addressed folder beside it
 *   (`outdir/.<stack>.<hash>`), and one rename of the link switches every file at once.
 */
export type OutputLayout = 'plain' | 'linked';

/**
 * Writes one stack's files. Whatever kills the process, every artifact is its complete old or new text and the
 * user's files in the folder are kept; a user file where synth would write stops the write before anything
 * changes. How the set of files switches depends on the layout (see {@link OutputLayout}); an interrupted
 * switch of either layout is finished by the next call.
 */
export function writeStack(
  outdir: string,
  stack: string,
  files: readonly RenderedArtifact[],
  layout: OutputLayout = 'plain',
): ManifestStack {
  fs.mkdirSync(outdir, { recursive: true });
  recoverInterruptedSwap(outdir, stack);
  let current = readStackFolder(outdir, stack);
  // A plain folder, or a folder of the user's own behind a link, may hold the journal of an interrupted switch.
  const ours = current.kind === 'link' && isGenerationOf(stack, current.target);
  if (current.kind !== 'none' && !ours && fs.existsSync(current.dir)) repairPlainFolder(current.dir);
  const currentDir = current.kind === 'none' ? undefined : current.dir;
  const previouslyWritten = currentDir ? readRecord(currentDir) : {};
  const foreign = currentDir ? foreignEntries(currentDir, previouslyWritten) : [];
  const clashes = foreign.filter((entry) => files.some((file) => file.fileName === entry));
  if (clashes.length > 0) {
    throw new DockyardUserError(
      `${clashes.map((entry) => path.join(outdir, stack, entry)).join(', ')} ${clashes.length === 1 ? 'was' : 'were'} not written by Dockyard; ` +
        'move it away so that synth does not overwrite it. Nothing was written.',
    );
  }

  const statuses = files.map((file): FileStatus => {
    const old = currentDir ? readTextIfExists(path.join(currentDir, file.fileName)) : undefined;
    return old === undefined ? 'created' : old === file.text ? 'unchanged' : 'updated';
  });
  if (layout === 'plain') {
    if (current.kind === 'link' && isGenerationOf(stack, current.target)) {
      unlinkGeneration(outdir, stack, current);
      current = readStackFolder(outdir, stack);
    }
    // A link the user made to a folder of their own is theirs: synth writes through it.
    writePlainFolder(current.kind === 'link' ? current.dir : path.join(outdir, stack), files);
    removeStaleGenerations(outdir, stack, undefined);
  } else {
    writeGeneration(outdir, stack, files, current, foreign);
  }

  return manifestStack(outdir, stack, files, (_file, index) => statuses[index] ?? 'created');
}

/** One stack's entry of a manifest: each file's path as the user sees it, its size, hash and status. */
export function manifestStack(
  outdir: string,
  stack: string,
  files: readonly RenderedArtifact[],
  statusOf: (file: RenderedArtifact, index: number) => FileStatus,
): ManifestStack {
  const directory = path.join(outdir, stack);
  return {
    name: stack,
    directory: displayPath(directory),
    files: files.map((file, index) => ({
      path: displayPath(path.join(directory, file.fileName)),
      bytes: Buffer.byteLength(file.text),
      sha256: sha256(file.text),
      status: statusOf(file, index),
    })),
  };
}

/**
 * Turns the linked layout into a plain folder: the generation the link points to (the user's files are in it)
 * becomes the stack folder. The link is moved aside first (a link cannot be replaced by a folder in one
 * rename); a run that dies between the two renames is repaired by {@link recoverInterruptedSwap}.
 */
function unlinkGeneration(outdir: string, stack: string, current: StackFolder & { kind: 'link' }): void {
  const stackPath = path.join(outdir, stack);
  if (!fs.existsSync(current.dir)) {
    // A dangling link holds nothing to keep.
    fs.rmSync(stackPath, { force: true });
    return;
  }
  const aside = path.join(outdir, `.${stack}.previous-${randomSuffix()}`);
  fs.renameSync(stackPath, aside);
  try {
    fs.renameSync(current.dir, stackPath);
  } catch (error) {
    // Put the link back, so that a failed write leaves the old output where it was.
    fs.renameSync(aside, stackPath);
    throw error;
  }
  syncFolder(outdir);
  fs.rmSync(aside, { force: true });
}

/** The linked layout: a complete new generation, then one rename of a new link over the stack's path. */
function writeGeneration(
  outdir: string,
  stack: string,
  files: readonly RenderedArtifact[],
  current: StackFolder,
  foreign: readonly string[],
): void {
  const generation = generationName(stack, files);
  const upToDate = current.kind === 'link' && current.target === generation && fs.existsSync(current.dir);
  if (!upToDate) {
    const scratch = fs.mkdtempSync(path.join(outdir, `.${stack}.tmp-`));
    // mkdtemp makes a private folder; the output is meant to be read by docker and by other users.
    fs.chmodSync(scratch, 0o755);
    for (const file of files) writeDurably(path.join(scratch, file.fileName), file.text);
    const record = Object.fromEntries(files.map((file) => [file.fileName, sha256(file.text)]));
    writeDurably(path.join(scratch, RECORD_FILE), fileSetText(record));
    if (current.kind !== 'none')
      for (const entry of foreign) linkTree(path.join(current.dir, entry), path.join(scratch, entry));
    const generationDir = path.join(outdir, generation);
    if (fs.existsSync(generationDir)) fs.rmSync(generationDir, { recursive: true, force: true });
    fs.renameSync(scratch, generationDir);
    swapInto(outdir, stack, generation, current.kind === 'dir');
  }
  removeStaleGenerations(outdir, stack, generation);
}

/** The one step of the linked layout that changes what a reader sees. */
function swapInto(outdir: string, stack: string, generation: string, currentIsRealDir: boolean): void {
  const stackPath = path.join(outdir, stack);
  let aside: string | undefined;
  if (currentIsRealDir) {
    // A plain folder cannot be replaced atomically by a link; it is moved aside first, and a run that dies
    // right here is repaired by recoverInterruptedSwap.
    aside = path.join(outdir, `.${stack}.previous-${randomSuffix()}`);
    fs.renameSync(stackPath, aside);
  }
  const link = path.join(outdir, `.${stack}.link-${randomSuffix()}`);
  try {
    fs.symlinkSync(generation, link, 'dir');
    fs.renameSync(link, stackPath);
  } catch (error) {
    // Put the plain folder back, so that a failed write leaves the old output where it was.
    if (aside !== undefined) fs.renameSync(aside, stackPath);
    throw error;
  }
}

/**
 * A run killed between the two renames of a layout change leaves no stack path, only the old folder moved
 * aside (plain to linked) or the old link moved aside (linked to plain): put the old output back.
 */
function recoverInterruptedSwap(outdir: string, stack: string): void {
  if (readStackFolder(outdir, stack).kind !== 'none') return;
  const aside = fs.readdirSync(outdir).find((entry) => entry.startsWith(`.${stack}.previous-`));
  if (aside === undefined) return;
  const asidePath = path.join(outdir, aside);
  const stackPath = path.join(outdir, stack);
  if (!fs.lstatSync(asidePath).isSymbolicLink()) {
    fs.renameSync(asidePath, stackPath);
    return;
  }
  const target = path.resolve(outdir, fs.readlinkSync(asidePath));
  if (fs.existsSync(target)) fs.renameSync(target, stackPath);
  fs.rmSync(asidePath, { force: true });
}

/** Removes our own leftovers: generations and scratch folders of this stack but `keep`, never anything else. */
function removeStaleGenerations(outdir: string, stack: string, keep: string | undefined): void {
  for (const entry of fs.readdirSync(outdir)) {
    if (entry === keep) continue;
    if (isGenerationOf(stack, entry) || isScratchOf(stack, entry)) {
      fs.rmSync(path.join(outdir, entry), { recursive: true, force: true });
    }
  }
}

/** Carries a user's file or folder into the new generation without copying data (hard links). */
function linkTree(from: string, to: string): void {
  const stat = fs.lstatSync(from);
  if (stat.isDirectory()) {
    fs.mkdirSync(to);
    for (const entry of fs.readdirSync(from)) linkTree(path.join(from, entry), path.join(to, entry));
  } else if (stat.isSymbolicLink()) {
    fs.symlinkSync(fs.readlinkSync(from), to);
  } else {
    try {
      fs.linkSync(from, to);
    } catch {
      fs.copyFileSync(from, to);
    }
  }
}

/** Paths in manifests are relative to where the user is, with `/` on every platform. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file) || '.';
  return relative.split(path.sep).join('/');
}
