import {
  type SpawnSyncOptionsWithStringEncoding,
  type SpawnSyncReturns,
  spawnSync,
} from 'node:child_process';
import * as fs from 'node:fs';

/** GNU time, which reports a child's CPU time; wall time alone says little on a machine others load. */
const TIME = '/usr/bin/time';
const CPU_LINE = /^DOCKYARD_BENCH_CPU ([\d.]+) ([\d.]+)$/m;

/** A finished child process, its wall time, and its CPU time (user + system) when GNU time could tell. */
export interface TimedResult {
  readonly result: SpawnSyncReturns<string>;
  readonly wallMs: number;
  readonly cpuMs?: number;
}

/**
 * Runs a command to completion under GNU time when the machine has it (the CPU line goes to standard error,
 * after the command's own output), else as it is.
 */
export function spawnTimed(
  file: string,
  args: readonly string[],
  options: SpawnSyncOptionsWithStringEncoding,
): TimedResult {
  const withTime = fs.existsSync(TIME);
  const [command, commandArgs] = withTime
    ? [TIME, ['-f', 'DOCKYARD_BENCH_CPU %U %S', file, ...args]]
    : [file, [...args]];
  const started = performance.now();
  const result = spawnSync(command, commandArgs, options);
  const wallMs = performance.now() - started;
  const cpu = withTime ? CPU_LINE.exec(result.stderr) : null;
  return cpu ? { result, wallMs, cpuMs: (Number(cpu[1]) + Number(cpu[2])) * 1000 } : { result, wallMs };
}
