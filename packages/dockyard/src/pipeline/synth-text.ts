import type { IConstruct } from 'constructs';
import type { RenderedArtifact } from '../core/artifact';
import type { Diagnostic } from '../core/problems';
import { stacksBelow, synthesizeInMemory } from './synthesis';

/** Every artifact's text from {@link synthText}, without anything written or parsed. */
export interface SynthesizedText {
  /** Each stack's files by name, e.g. `stacks.shop['compose.yaml']`; stacks in tree order, files by name. */
  readonly stacks: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** The same artifacts as a list, each with its stack, file name and kind. */
  readonly artifacts: readonly RenderedArtifact[];
  /** Warnings and notes of the synthesis (an error throws instead). */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Validates the whole program and renders, in memory, every artifact of the stacks below `scope`: the text
 * `app.synth()` would write, with nothing written, parsed or printed. Pass the App for every stack, or one
 * Stack to render only that one (the rest of the program is still validated). Throws a `ValidationError`
 * listing every problem of the program, as `app.synth()` does.
 *
 * @example
 * const app = new App();
 * new LoadBalancedStack(app, 'shop', { flask: { image: 'shop:1.4' } });
 * const { stacks } = synthText(app);
 * console.log(stacks.shop['nginx.conf']);
 */
export function synthText(scope: IConstruct): SynthesizedText {
  const { files, diagnostics } = synthesizeInMemory(scope.node.root, stacksBelow(scope));
  const stacks: Record<string, Record<string, string>> = {};
  for (const file of files) {
    const stack = stacks[file.stack] ?? {};
    stack[file.fileName] = file.text;
    stacks[file.stack] = stack;
  }
  return { stacks, artifacts: files, diagnostics };
}
