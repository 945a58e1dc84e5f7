import type { IConstruct } from 'constructs';
import type { Problem } from './problems';

/** What kind of text an artifact holds; decides how `Testing` parses it back. */
export type ArtifactKind = 'compose' | 'swarm' | 'nginx' | 'text';

/**
 * Passed to every renderer: where the artifact goes, other artifacts of the same stack, and a place to report
 * problems. It is all a renderer learns of the synthesis driving it.
 */
export interface RenderContext {
  /** The absolute folder this stack's artifacts are written to (paths inside an artifact are relative to it). */
  readonly stackDir: string;
  /** The absolute folder relative paths in the program start from. */
  readonly baseDir: string;
  /** The final text of another artifact of the same stack, rendered once on first use. */
  textOf(fileName: string): string;
  /** A problem found while rendering (e.g. a target that cannot express a setting); errors stop synthesis. */
  report(owner: IConstruct, problem: Problem): void;
}

/**
 * A file a construct contributes to its stack's folder. Rendering is deferred to synth, after every
 * construct of the program exists and has been validated.
 */
export interface ArtifactDefinition {
  /** A plain file name inside the stack's folder, e.g. `nginx.conf`. */
  readonly fileName: string;
  /** What the text is, so `Testing` can parse it back. */
  readonly kind: ArtifactKind;
  /** The construct answerable for the file; problems without a better owner are reported on it. */
  readonly owner: IConstruct;
  /** The file's text, asked for once at synth, after every construct has been validated. */
  render(context: RenderContext): string;
}

/** A rendered artifact, as held in memory before it is written. */
export interface RenderedArtifact {
  /** The construct path of the stack it belongs to. */
  readonly stack: string;
  /** The file name inside the stack's folder. */
  readonly fileName: string;
  /** What the text is (how `Testing` parses it back). */
  readonly kind: ArtifactKind;
  /** The file's content, exactly as it is written. */
  readonly text: string;
}

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** File names stay inside the stack's folder: no separators, no `..`, nothing hidden. */
export function isSafeFileName(fileName: string): boolean {
  return FILE_NAME.test(fileName) && !fileName.includes('..');
}
