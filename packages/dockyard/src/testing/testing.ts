import type { ArtifactKind } from '../core/artifact';
import type { Diagnostic } from '../core/problems';
import type { Stack } from '../core/stack';
import { readYaml } from '../model/compose/yaml-reader';
import { parseNginx } from '../model/nginx/parser';
import { synthText } from '../pipeline/synth-text';
import { parseRemembered } from './parse-cache';

/** One artifact of a stack, in memory. */
export interface SynthesizedArtifact {
  /** The file name inside the stack's folder. */
  readonly fileName: string;
  /** What the text is, which decides how `parsed` was read. */
  readonly kind: ArtifactKind;
  /** The file's content, exactly as synth would write it. */
  readonly text: string;
  /**
   * The text parsed back: a plain object for YAML, a Directive[] tree for nginx, undefined for plain text.
   * Parsed on first read and kept, so a test that never looks at it does not pay for it.
   */
  readonly parsed: unknown;
}

/** A stack's artifacts by file name, plus the warnings and notes of the synthesis. */
export interface SynthesizedStack {
  /** The stack's artifacts, by file name. */
  readonly files: Readonly<Record<string, SynthesizedArtifact>>;
  /** The warnings and notes of the synthesis (errors make `Testing.synth` throw). */
  readonly diagnostics: readonly Diagnostic[];
}

type Parser = (text: string) => unknown;
// The printer's own output is read without the yaml library (which loads only for a text outside that shape),
// with the library's result: three cold library parses were most of what a test file paid to read artifacts.
const parsers = new Map<ArtifactKind, Parser>([
  ['compose', readYaml],
  ['swarm', readYaml],
  ['nginx', parseNginx],
]);

/**
 * An artifact whose `parsed` is computed on first read, once. Parsing the text back was most of what
 * `Testing.synth` cost (63% at 1000 services) while most tests read one view or none. The getter is an
 * own enumerable property, so `toEqual`, spreading and `structuredClone` still see `parsed` as a value.
 */
function lazyArtifact(fileName: string, kind: ArtifactKind, text: string): SynthesizedArtifact {
  let parsed: unknown;
  let done = false;
  return {
    fileName,
    kind,
    text,
    get parsed(): unknown {
      if (!done) {
        const parser = parsers.get(kind);
        parsed = parser === undefined ? undefined : parseRemembered(kind, text, parser);
        done = true;
      }
      return parsed;
    },
  };
}

/** Test helpers: synthesize without touching the disk. */
export const Testing = {
  /**
   * Validates the whole program the stack belongs to and renders this stack's artifacts in memory.
   * Throws a ValidationError, like `app.synth()`, when the program has errors. Each artifact's `parsed`
   * is parsed from its text when first read.
   *
   * @example
   * const { files } = Testing.synth(stack);
   * expect(files['compose.yaml'].parsed).toMatchObject({ services: { web: {} } });
   */
  synth(stack: Stack): SynthesizedStack {
    // The public in-memory synthesis, so a test pays what `synthText` pays and nothing more until it reads.
    const { artifacts, diagnostics } = synthText(stack);
    const entries = artifacts.map((file): [string, SynthesizedArtifact] => [
      file.fileName,
      lazyArtifact(file.fileName, file.kind, file.text),
    ]);
    return { files: Object.fromEntries(entries), diagnostics };
  },
};
