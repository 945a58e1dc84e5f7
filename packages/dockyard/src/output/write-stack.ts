import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RenderedArtifact } from '../core/artifact';
import { DockyardUserError } from '../core/errors';
import { generationName, isGenerationOf, isScratchOf, RECORD_FILE, sha256 } from './generations';
import type { FileStatus, ManifestStack } from './manifest';
import { foreignEntries, readRecord, readStackFolder, readTextIfExists, recordText } from './stack-folder';

/**
 * Writes one stack's files so that, whenever the process dies, `outdir/<stack>` shows either the complete old
 * output or the complete new one: the new files go into a fresh generation folder, then a symbolic link is
 * renamed over the stack's path (rename is atomic). Files the user put in the folder are carried over as hard
 * links; a user file that would be overwritten stops the write before anything changes.
 */
export function writeStack(outdir: string, stack: string, files: readonly RenderedArtifact[]): ManifestStack {
  fs.mkdirSync(outdir, { recursive: true });
  recoverInterruptedSwap(outdir, stack);
  const current = readStackFolder(outdir, stack);
  const currentDir = current.kind === 'none' ? undefined : current.dir;
  const previouslyWritten = currentDir ? readRecord(currentDir) : [];
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
  const generation = generationName(stack, files);
  const upToDate = current.kind === 'link' && current.target === generation && fs.existsSync(current.dir);

  if (!upToDate) {
    const scratch = fs.mkdtempSync(path.join(outdir, `.${stack}.tmp-`));
    // mkdtemp makes a private folder; the output is meant to be read by docker and by other users.
    fs.chmodSync(scratch, 0o755);
    for (const file of files) writeDurably(path.join(scratch, file.fileName), file.text);
    writeDurably(path.join(scratch, RECORD_FILE), recordText(files.map((file) => file.fileName)));
    if (currentDir)
      for (const entry of foreign) linkTree(path.join(currentDir, entry), path.join(scratch, entry));
    const generationDir = path.join(outdir, generation);
    if (fs.existsSync(generationDir)) fs.rmSync(generationDir, { recursive: true, force: true });
    fs.renameSync(scratch, generationDir);
    swapInto(outdir, stack, generation, current.kind === 'dir');
  }
  removeStaleGenerations(outdir, stack, generation);

  const directory = path.join(outdir, stack);
  return {
    name: stack,
    directory: displayPath(directory),
    files: files.map((file, index) => ({
      path: displayPath(path.join(directory, file.fileName)),
      bytes: Buffer.byteLength(file.text),
      sha256: sha256(file.text),
      status: statuses[index] ?? 'created',
    })),
  };
}

/** The one step that changes what a reader sees. */
function swapInto(outdir: string, stack: string, generation: string, currentIsRealDir: boolean): void {
  const stackPath = path.join(outdir, stack);
  let aside: string | undefined;
  if (currentIsRealDir) {
    // A plain folder (from an older writer or made by hand) cannot be replaced atomically by a link; it is
    // moved aside first, and a run that dies right here is repaired by recoverInterruptedSwap.
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

/** A run killed between moving a plain folder aside and linking the new one leaves no stack path: undo. */
function recoverInterruptedSwap(outdir: string, stack: string): void {
  if (readStackFolder(outdir, stack).kind !== 'none') return;
  const aside = fs.readdirSync(outdir).find((entry) => entry.startsWith(`.${stack}.previous-`));
  if (aside) fs.renameSync(path.join(outdir, aside), path.join(outdir, stack));
}

/** Removes our own leftovers: older generations and scratch folders of this stack, never anything else. */
function removeStaleGenerations(outdir: string, stack: string, keep: string): void {
  for (const entry of fs.readdirSync(outdir)) {
    if (entry === keep) continue;
    if (isGenerationOf(stack, entry) || isScratchOf(stack, entry)) {
      fs.rmSync(path.join(outdir, entry), { recursive: true, force: true });
    }
  }
}

function writeDurably(file: string, text: string): void {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
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

function randomSuffix(): string {
  return Math.random().toString(36).slice(2, 10);
}

/** Paths in manifests are relative to where the user is, with `/` on every platform. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file) || '.';
  return relative.split(path.sep).join('/');
}
