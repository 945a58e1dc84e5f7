import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

export const BIN = path.resolve(__dirname, '..', '..', 'bin', 'synth.cjs');
export const DOCKYARD_BIN = path.resolve(__dirname, '..', '..', 'bin', 'dockyard.cjs');
export const PROGRAMS = path.resolve(__dirname, '..', 'fixtures', 'programs');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `synth` bin in a child process, as a user would. */
export function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): CliRun {
  return runBin(BIN, args, options);
}

/** Runs the real `dockyard` bin (`dockyard <command> ...`) in a child process. */
export function runDockyard(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): CliRun {
  return runBin(DOCKYARD_BIN, args, options);
}

function runBin(
  bin: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv },
): CliRun {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? PROGRAMS,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
