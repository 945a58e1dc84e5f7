import * as path from 'node:path';
import { Construct } from 'constructs';
import * as z from 'zod';
import { declareFolders } from '../core/folders';
import { formatDiagnostic } from '../core/problems';
import { parseProps, propsSchema } from '../core/props';
import type { Manifest } from '../output/manifest';
import { unwrittenManifest, writeApp } from '../output/write-app';
import type { OutputLayout } from '../output/write-stack';
import { registerApp, type SynthesisOutcome, synthDirective } from './runtime';
import { type SynthesizedText, synthText } from './synth-text';
import { stacksBelow, synthesizeInMemory } from './synthesis';

const APP = Symbol.for('dockyard.App');

/** Props of an {@link App}. */
export interface AppProps {
  /**
   * Where stack folders are written, relative to `baseDir`.
   * @default 'dist'
   */
  readonly outdir?: string;
  /**
   * The folder that relative paths in the program (build contexts, bind mounts, outdir) start from.
   * @default the folder of the program `synth` loaded, else the current working directory
   */
  readonly baseDir?: string;
  /**
   * How stack folders are laid out. `plain`: `outdir/<stack>` is an ordinary folder; each file is replaced
   * atomically, and a journal lets the next synth finish a switch that a crash interrupted. `linked`:
   * `outdir/<stack>` is a symbolic link to a hidden content-addressed folder, so the whole set switches in one
   * rename (for readers that must never see old and new files side by side; forges and Windows checkouts show
   * the link as a file). `synth --layout` overrides it.
   * @default 'plain'
   */
  readonly layout?: OutputLayout;
  /**
   * Whether `app.synth()` prints the synthesis's warnings to standard error. Off by default, so that a test
   * that synthesizes an App keeps its output clean; the warnings are always in the returned manifest's
   * `diagnostics`. Under the `synth` CLI this is ignored: the CLI prints warnings (and, with `--verbose`,
   * notes) itself.
   * @default false
   */
  readonly printWarnings?: boolean;
}

/** The schema {@link AppProps} are validated with. */
export const AppPropsSchema = propsSchema<AppProps>()(
  z.strictObject({
    outdir: z.string().min(1).default('dist'),
    baseDir: z.string().min(1).optional(),
    layout: z.enum(['plain', 'linked']).default('plain'),
    printWarnings: z.boolean().default(false),
  }),
);

/**
 * The root of a Dockyard program. `app.synth()` validates the whole program once, renders every stack's
 * artifacts and writes them atomically to `outdir/<stack>/`; it returns a manifest of what was written.
 * `app.synthText()` does the same in memory and returns the texts instead.
 *
 * @example
 * const app = new App();            // writes to dist/
 * new LoadBalancedStack(app, 'shop', { ... });
 * app.synth();
 */
export class App extends Construct {
  /** True for an App, from any copy of the library (a brand, not `instanceof`). */
  static isApp(x: unknown): x is App {
    return typeof x === 'object' && x !== null && APP in x;
  }

  /** The absolute folder stacks are written to. */
  readonly outdir: string;
  /** The absolute folder relative paths in the program are resolved from. */
  readonly baseDir: string;
  /** How stack folders are laid out on disk (see {@link AppProps}). */
  readonly layout: OutputLayout;
  private readonly printWarnings: boolean;
  private manifest: Manifest | undefined;

  constructor(props: AppProps = {}) {
    super(undefined as unknown as Construct, '');
    Object.defineProperty(this, APP, { value: true });
    const parsed = parseProps(this, AppPropsSchema, props);
    const directive = synthDirective();
    this.baseDir = path.resolve(parsed.baseDir ?? directive?.baseDir ?? process.cwd());
    this.outdir = path.resolve(directive?.outdir ?? path.resolve(this.baseDir, parsed.outdir));
    this.layout = directive?.layout ?? parsed.layout;
    this.printWarnings = parsed.printWarnings;
    declareFolders(this, { baseDir: this.baseDir, outdir: this.outdir });
    registerApp(this);
  }

  /** Whether `synth()` has run; a second call returns the first manifest and writes nothing. */
  get synthesized(): boolean {
    return this.manifest !== undefined;
  }

  /**
   * Validates, renders and writes every stack. Throws a ValidationError listing every problem of the program
   * (and writes nothing) when anything is wrong.
   */
  synth(): Manifest {
    if (this.manifest) return this.manifest;
    const directive = synthDirective();
    const outcome: SynthesisOutcome = {
      outdir: this.outdir,
      layout: this.layout,
      ...synthesizeInMemory(this, stacksBelow(this)),
    };
    directive?.outcomes.push(outcome);
    this.manifest =
      directive?.mode === 'check'
        ? unwrittenManifest(outcome.outdir, outcome.files, outcome.diagnostics)
        : writeApp(outcome.outdir, outcome.files, outcome.diagnostics, outcome.layout);
    // Under the CLI the CLI prints; notes (info) stay in the manifest either way.
    if (!directive && this.printWarnings) {
      for (const diagnostic of outcome.diagnostics.filter((d) => d.level === 'warning')) {
        process.stderr.write(`warning: ${formatDiagnostic(diagnostic)}\n`);
      }
    }
    return this.manifest;
  }

  /**
   * Validates the program and renders every stack's artifacts in memory, writing, parsing and printing
   * nothing: `stacks.<stack>['<file>']` is the text `synth()` would write. See {@link synthText}.
   *
   * @example
   * const { stacks } = app.synthText();
   * expect(stacks.shop['compose.yaml']).toContain('image: shop:1.4');
   */
  synthText(): SynthesizedText {
    return synthText(this);
  }
}
