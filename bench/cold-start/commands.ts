import * as fs from 'node:fs';
import * as path from 'node:path';
import { CDK8S_DIR } from '../cdk8s/versions';
import { INSTALLED_FLAGSHIP, USER_DIR } from '../installed/project';
import { DOCKYARD_DIR, REPO_ROOT, WORK_DIR } from '../lib/paths';

/** One command line the cold-start bench times, and the check that it did its job. */
export interface ColdCommand {
  /** What the report looks the row up by. */
  readonly id: 'floor' | 'repository' | 'installed' | 'cdk8s';
  readonly label: string;
  /** The command as the README shows it. */
  readonly shown: string;
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** Throws when a run did not produce what it should (so a failing command is never timed as fast). */
  readonly verify: () => void;
}

/** The README's flagship program: what a user's `npx synth` runs. */
export const FLAGSHIP = path.join(REPO_ROOT, 'examples', 'flagship', 'infra.ts');

/** `node -e 0`: what starting any node process costs here. */
export function nodeFloor(): ColdCommand {
  return {
    id: 'floor',
    label: 'node -e 0 (floor)',
    shown: 'node -e 0',
    file: process.execPath,
    args: ['-e', '0'],
    cwd: REPO_ROOT,
    verify: () => {},
  };
}

/** Where the timed `synth` runs write (bench/.work, so the example's folder stays clean). */
const DOCKYARD_OUT = path.join(WORK_DIR, 'cold-start', 'dist');

function verifyDockyardOutput(): void {
  const written = fs.readdirSync(DOCKYARD_OUT, { recursive: true, encoding: 'utf8' });
  if (!written.some((f) => f.endsWith('compose.yaml')) || !written.some((f) => f.endsWith('nginx.conf'))) {
    throw new Error(
      `synth wrote no compose.yaml and nginx.conf under ${DOCKYARD_OUT}: ${written.join(', ')}`,
    );
  }
}

/**
 * This repository's `pnpm synth` path: the bin in packages/dockyard, which runs the CLI and the library as a
 * bundle of their TypeScript source, made on the first run after the source changed (the warm-up run here
 * pays for that when it happens; scripts/dev-bundle.cjs). Called directly, so pnpm's own start-up is not in it.
 */
export function dockyardSynth(program: string): ColdCommand {
  const bin = path.join(DOCKYARD_DIR, 'bin', 'synth.cjs');
  return {
    id: 'repository',
    label: 'Dockyard `synth`, this repository (`pnpm synth` path, from source)',
    shown: `synth ${path.relative(REPO_ROOT, program)} --out bench/.work/cold-start/dist --quiet`,
    file: process.execPath,
    args: [bin, path.basename(program), '--out', DOCKYARD_OUT, '--quiet'],
    cwd: path.dirname(program),
    verify: verifyDockyardOutput,
  };
}

/**
 * The installed package's `synth` (the packed tarball in a project `dockyard init` made), on the flagship. Like
 * every run after the first, the timed ones find V8's code for the bundle in the compile cache the warm-up run
 * filled (packages/dockyard/bin/compile-cache.cjs); the first run after an install compiles it all.
 */
export function installedSynth(): ColdCommand {
  return {
    id: 'installed',
    label: 'Dockyard `synth`, installed from the packed tarball',
    shown: `node node_modules/.bin/synth ${INSTALLED_FLAGSHIP} --out <dir> --quiet   # in the init project`,
    file: process.execPath,
    args: [path.join('node_modules', '.bin', 'synth'), INSTALLED_FLAGSHIP, '--out', DOCKYARD_OUT, '--quiet'],
    cwd: USER_DIR,
    verify: verifyDockyardOutput,
  };
}

/**
 * `cdk8s synth` in the tiny app's folder. Its bin is called directly, as `npx` would resolve it; the upgrade
 * check is off because by default the CLI asks the npm registry for its latest version on every run.
 */
export function cdk8sSynth(): ColdCommand {
  const dist = path.join(CDK8S_DIR, 'dist');
  return {
    id: 'cdk8s',
    label: '`cdk8s synth` (ts-node)',
    shown: 'cdk8s synth --check-upgrade=false   # cdk8s.yaml: app: npx ts-node main.ts',
    file: path.join(CDK8S_DIR, 'node_modules', '.bin', 'cdk8s'),
    args: ['synth', '--check-upgrade=false'],
    cwd: CDK8S_DIR,
    verify: () => {
      const manifest = path.join(dist, 'shop.k8s.yaml');
      if (!fs.existsSync(manifest) || !fs.readFileSync(manifest, 'utf8').includes('kind: ConfigMap')) {
        throw new Error(`cdk8s synth wrote no ${manifest}`);
      }
    },
  };
}

/** Removes what a command wrote last time, so every run does the full job. */
export function cleanOutputs(): void {
  fs.rmSync(DOCKYARD_OUT, { recursive: true, force: true });
  fs.rmSync(path.join(CDK8S_DIR, 'dist'), { recursive: true, force: true });
}
