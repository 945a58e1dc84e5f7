import type { OutputLayout } from '../output/write-stack';
import type { RenderedProgram } from './synthesis';

/** One App's synthesis in a CLI run: what it rendered, and where and how the CLI writes (or compares) it. */
export interface SynthesisOutcome extends RenderedProgram {
  readonly outdir: string;
  readonly layout: OutputLayout;
}

/**
 * Process-wide state shared between the `synth` CLI and the user's program. The program may load its own
 * copy of this library (the CLI loads it through a TypeScript loader), so the state lives on globalThis under
 * registered symbols rather than in module variables.
 */
export interface SynthDirective {
  /** Overrides every App's outdir (`synth --out`). */
  readonly outdir?: string;
  /** Base folder for relative paths in the program: the folder of the program the CLI loaded. */
  readonly baseDir?: string;
  /** Overrides every App's layout (`synth --layout`). */
  readonly layout?: OutputLayout;
  /** `check`: render, never write; the CLI compares the outcomes with the disk (`synth --check`). */
  readonly mode: 'write' | 'check';
  /** Every synthesis of the run, in order, for the CLI's report. */
  readonly outcomes: SynthesisOutcome[];
}

interface AppLike {
  readonly synthesized: boolean;
  synth(): unknown;
}

const APPS = Symbol.for('dockyard.apps');
const DIRECTIVE = Symbol.for('dockyard.synthDirective');

type Registry = { [APPS]?: AppLike[]; [DIRECTIVE]?: SynthDirective };
const registry = globalThis as unknown as Registry;

/**
 * Called by every App: lets the CLI synthesize apps whose program never called `app.synth()`. Only the CLI reads
 * the list, so an App is remembered only while a directive is installed: remembering every App of a process
 * kept every tree it built alive (20 tests' programs in a jest file, each size a bench builds).
 */
export function registerApp(app: AppLike): void {
  if (registry[DIRECTIVE] === undefined) return;
  registry[APPS] ??= [];
  registry[APPS].push(app);
}

/** Apps created while the current directive was installed. */
export function registeredApps(): readonly AppLike[] {
  return registry[APPS] ?? [];
}

/** What the CLI asked for, if a CLI is driving this process. */
export function synthDirective(): SynthDirective | undefined {
  return registry[DIRECTIVE];
}

/** Installs (or with undefined, removes) the CLI's directive and forgets previously registered apps. */
export function setSynthDirective(directive: SynthDirective | undefined): void {
  registry[APPS] = [];
  if (directive) registry[DIRECTIVE] = directive;
  else delete registry[DIRECTIVE];
}
