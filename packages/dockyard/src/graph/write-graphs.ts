import * as fs from 'node:fs';
import * as path from 'node:path';
import { DockyardUserError } from '../core/errors';
import { displayPath } from '../output/write-stack';
import { GRAPH_MARKER } from './style';

/** One file `dockyard graph` writes. */
export interface GraphFile {
  /** Absolute path. */
  readonly path: string;
  readonly text: string;
}

/** What happened to a graph file, for the CLI's table. */
export interface WrittenGraphFile {
  /** The path as the CLI prints it: relative to the current directory, with forward slashes. */
  readonly path: string;
  readonly bytes: number;
  readonly status: 'created' | 'updated' | 'unchanged';
}

/** How far into a file the marker is looked for: the head of a Mermaid or SVG file we wrote. */
const MARKER_WINDOW = 512;

/**
 * Writes the graph files, each atomically (a temporary file in the same folder, renamed over the old one), and
 * leaves a file whose bytes are already right untouched. Before anything is written it checks every target: a
 * file that exists without the marker of `dockyard graph` is someone else's, and the whole write is refused.
 */
export function writeGraphFiles(files: readonly GraphFile[]): WrittenGraphFile[] {
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.path)) {
      throw new DockyardUserError(
        `two stacks would both be drawn to ${displayPath(file.path)}: give the apps different graph folders (--out) or the stacks different names`,
      );
    }
    seen.add(file.path);
    const existing = readHead(file.path);
    if (existing !== undefined && !existing.includes(GRAPH_MARKER)) {
      throw new DockyardUserError(
        `${displayPath(file.path)} exists and was not written by dockyard graph: move it away or pass --out <dir>; nothing was written`,
      );
    }
  }
  return files.map((file) => {
    const before = readIfExists(file.path);
    const status = before === undefined ? 'created' : before === file.text ? 'unchanged' : 'updated';
    if (status !== 'unchanged') writeAtomically(file.path, file.text);
    return { path: displayPath(file.path), bytes: Buffer.byteLength(file.text), status };
  });
}

function writeAtomically(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

function readHead(file: string): string | undefined {
  return readIfExists(file)?.slice(0, MARKER_WINDOW);
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
