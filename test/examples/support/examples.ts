import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository's root folder. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
/** Where the examples live. */
export const EXAMPLES_ROOT = path.join(REPO_ROOT, 'examples');
/** The `synth` CLI as users run it (the package's bin). */
export const SYNTH_BIN = path.join(REPO_ROOT, 'packages', 'dockyard', 'bin', 'synth.cjs');

/**
 * The examples the issue asks for, one per seed scenario plus the flagship. A folder missing from disk fails
 * the tests that iterate over this list rather than silently shrinking it.
 */
export const EXPECTED_EXAMPLES = [
  'backup-server',
  'flagship',
  'nginx-wsgi-flask',
  'scaled-dns',
  'swarm-replicas',
  'swarm-static',
  'two-sites',
] as const;

/** Every folder of examples/ with a program (`infra.ts`), sorted. */
export function exampleNames(): string[] {
  return fs
    .readdirSync(EXAMPLES_ROOT, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(EXAMPLES_ROOT, entry.name, 'infra.ts')))
    .map((entry) => entry.name)
    .sort();
}

/** One stack folder of a committed dist/ (a plain folder) and its artifacts. */
export interface CommittedStack {
  readonly name: string;
  /** Artifacts by file name (the synth record `.dockyard-files.json` is left out). */
  readonly files: Readonly<Record<string, { readonly text: string }>>;
}

/** The stacks committed under `examples/<name>/dist/`: every folder there, in name order. */
export function committedStacks(name: string): CommittedStack[] {
  const dist = path.join(EXAMPLES_ROOT, name, 'dist');
  return fs
    .readdirSync(dist, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((stack) => {
      const dir = path.join(dist, stack);
      const files = Object.fromEntries(
        fs
          .readdirSync(dir)
          .filter((file) => !file.startsWith('.'))
          .sort()
          .map((file) => [file, { text: fs.readFileSync(path.join(dir, file), 'utf8') }]),
      );
      return { name: stack, files };
    });
}

/** What a CLI run printed, and how it ended. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment a user's own terminal has: without the variables the package manager that runs this suite
 * (`pnpm test`) sets for its scripts. `npm_config_user_agent` among them would tell `npx dockyard init` that
 * pnpm started it, and npm would not replace it.
 */
function userEnvironment(): NodeJS.ProcessEnv {
  const scriptVariable =
    /^(npm_config_user_agent|npm_lifecycle_|npm_package_|npm_execpath|npm_node_execpath|PNPM_SCRIPT_SRC_DIR)/;
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !scriptVariable.test(key)));
}

/** Runs `file ...args` in `cwd` and resolves with its exit code and output (never rejects for a non-zero exit). */
export function runCommand(
  file: string,
  args: readonly string[],
  cwd: string,
  timeoutMs = 60_000,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      [...args],
      { cwd, env: userEnvironment(), timeout: timeoutMs, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        if (code === -1)
          reject(new Error(`${file} ${args.join(' ')} did not finish: ${error?.message}\n${stderr}`));
        else resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Runs a Node script (`node <bin> ...args`) in `cwd`; see {@link runCommand}. */
export function runNode(
  bin: string,
  args: readonly string[],
  cwd: string,
  timeoutMs = 60_000,
): Promise<CliRun> {
  return runCommand(process.execPath, [bin, ...args], cwd, timeoutMs);
}
