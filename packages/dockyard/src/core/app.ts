import * as path from 'node:path';
import { Construct } from 'constructs';
import { z } from 'zod';
import { sha256 } from '../output/generations';
import type { Manifest, ManifestStack } from '../output/manifest';
import { groupByStack, writeApp } from '../output/write-app';
import { displayPath, type OutputLayout } from '../output/write-stack';
import { formatDiagnostic } from './problems';
import { parseProps } from './props';
import { registerApp, synthDirective } from './runtime';
import { type SynthesisOutcome, stacksBelow, synthesizeInMemory } from './synthesis';

const APP = Symbol.for('dockyard.App');

/** Props of an {@link App}. */
export const AppPropsSchema = z.strictObject({
  /**
   * Where stack folders are written, relative to `baseDir`.
   * @default 'dist'
   */
  outdir: z.string().min(1).default('dist'),
  /**
   * The folder that relative paths in the program (build contexts, bind mounts, outdir) start from.
   * @default the folder of the program `synth` loaded, else the current working directory
   */
  baseDir: z.string().min(1).optional(),
  /**
   * How stack folders are laid out. `plain`: `outdir/<stack>` is an ordinary folder; each file is replaced
   * atomically, and a journal lets the next synth finish a switch that a crash interrupted. `linked`:
   * `outdir/<stack>` is a symbolic link to a hidden content-addressed folder, so the whole set switches in one
   * rename (for readers that must never see old and new files side by side; forges and Windows checkouts show
   * the link as a file). `synth --layout` overrides it.
   * @default 'plain'
   */
  layout: z.enum(['plain', 'linked']).default('plain'),
});
export type AppProps = z.input<typeof AppPropsSchema>;

/**
 * The root of a Dockyard program. `app.synth()` validates the whole program once, renders every stack's
 * artifacts and writes them atomically to `outdir/<stack>/`; it returns a manifest of what was written.
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
  private manifest: Manifest | undefined;

  constructor(props: AppProps = {}) {
    super(undefined as unknown as Construct, '');
    Object.defineProperty(this, APP, { value: true });
    const parsed = parseProps(this, AppPropsSchema, props);
    const directive = synthDirective();
    this.baseDir = path.resolve(parsed.baseDir ?? directive?.baseDir ?? process.cwd());
    this.outdir = path.resolve(directive?.outdir ?? path.resolve(this.baseDir, parsed.outdir));
    this.layout = directive?.layout ?? parsed.layout;
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
        ? unwrittenManifest(outcome)
        : writeApp(outcome.outdir, outcome.files, outcome.diagnostics, outcome.layout);
    // Without the CLI nobody else would show warnings; notes (info) stay in the manifest.
    if (!directive) {
      for (const diagnostic of outcome.diagnostics.filter((d) => d.level === 'warning')) {
        process.stderr.write(`warning: ${formatDiagnostic(diagnostic)}\n`);
      }
    }
    return this.manifest;
  }
}

function unwrittenManifest(outcome: SynthesisOutcome): Manifest {
  const stacks: ManifestStack[] = [...groupByStack(outcome.files)].map(([name, files]) => ({
    name,
    directory: displayPath(path.join(outcome.outdir, name)),
    files: files.map((file) => ({
      path: displayPath(path.join(outcome.outdir, name, file.fileName)),
      bytes: Buffer.byteLength(file.text),
      sha256: sha256(file.text),
      status: 'not written' as const,
    })),
  }));
  return { outdir: outcome.outdir, stacks, diagnostics: outcome.diagnostics };
}
