import type { ArtifactKind } from '../core/artifact';
import type { Diagnostic } from '../core/problems';
import { Stack } from '../core/stack';
import { type Directive, parseNginx } from '../model/nginx';
import { ComposeView } from './compose-view';
import { AssertionError } from './errors';
import { NginxView } from './nginx-view';
import { didYouMean } from './suggest';
import { type SynthesizedArtifact, type SynthesizedStack, Testing } from './testing';

const TEMPLATE = Symbol.for('dockyard.Template');

/**
 * A synthesized stack to assert on, one view per artifact: `compose` (compose.yaml), `swarm` (the Swarm stack
 * file) and `nginx` (nginx.conf). Synthesis validates the whole program first, like `app.synth()`; a
 * program with errors throws its ValidationError here (use `Annotations` to assert on those errors).
 *
 * @example
 * const template = Template.fromStack(stack);
 * template.compose.hasService('web', { deploy: { replicas: 3 } });
 * template.nginx.routesTo('/', 'web');
 */
export class Template {
  /** Synthesizes `stack` in memory (nothing is written). */
  static fromStack(stack: Stack): Template {
    if (!Stack.isStack(stack)) throw new TypeError('Template.fromStack expects a Stack');
    return new Template(stack.stackName, Testing.synth(stack));
  }

  /** True for a Template from any copy of this library (symbol brand instead of `instanceof`). */
  static isTemplate(x: unknown): x is Template {
    return typeof x === 'object' && x !== null && TEMPLATE in x;
  }

  private readonly views = new Map<ArtifactKind, ComposeView | NginxView>();

  private constructor(
    /** The stack's name (its folder). */
    readonly stackName: string,
    private readonly synthesized: SynthesizedStack,
  ) {
    Object.defineProperty(this, TEMPLATE, { value: true });
  }

  /** Every artifact by file name, in file-name order. */
  get files(): Readonly<Record<string, SynthesizedArtifact>> {
    return this.synthesized.files;
  }

  /** Warnings and notes of the synthesis (a program with errors never gets this far). */
  get diagnostics(): readonly Diagnostic[] {
    return this.synthesized.diagnostics;
  }

  /** The stack's Compose file. @throws AssertionError when the stack has no artifact of kind `compose` */
  get compose(): ComposeView {
    return this.view('compose', (file) => new ComposeView(file.fileName, file.parsed));
  }

  /** The stack's Swarm stack file. @throws AssertionError when the stack has no artifact of kind `swarm` */
  get swarm(): ComposeView {
    return this.view('swarm', (file) => new ComposeView(file.fileName, file.parsed));
  }

  /** The stack's nginx.conf. @throws AssertionError when the stack has no artifact of kind `nginx` */
  get nginx(): NginxView {
    return this.view('nginx', (file) => {
      const config = Array.isArray(file.parsed) ? (file.parsed as Directive[]) : parseNginx(file.text);
      return new NginxView(file.fileName, file.text, config);
    });
  }

  /** The text of one artifact. @throws AssertionError when there is no such file */
  text(fileName: string): string {
    const file = this.synthesized.files[fileName];
    if (file === undefined) {
      const names = Object.keys(this.synthesized.files);
      throw new AssertionError(
        `stack "${this.stackName}" has no file ${JSON.stringify(fileName)}${didYouMean(fileName, names)} (files: ${names.join(', ') || 'none'})`,
      );
    }
    return file.text;
  }

  private view<View extends ComposeView | NginxView>(
    kind: ArtifactKind,
    create: (file: SynthesizedArtifact) => View,
  ): View {
    const cached = this.views.get(kind);
    if (cached !== undefined) return cached as View;
    const files = Object.values(this.synthesized.files);
    const ofKind = files.filter((file) => file.kind === kind);
    if (ofKind.length !== 1) {
      const listing = files.map((file) => `${file.fileName} (${file.kind})`).join(', ') || 'none';
      const problem =
        ofKind.length === 0 ? `has no ${kind} artifact` : `has ${ofKind.length} ${kind} artifacts`;
      throw new AssertionError(`stack "${this.stackName}" ${problem} (files: ${listing})`);
    }
    const view = create(ofKind[0] as SynthesizedArtifact);
    this.views.set(kind, view);
    return view;
  }
}
