import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { NamespaceRunner } from '../../e2e/harness/client-runner';
import type { ExecOptions, ExecResult } from '../../support/sandbox';
import { settleBounded } from '../../support/sandbox/bounded-exec';
import { killGroup } from '../../support/sandbox/netns-processes';

/**
 * Runs commands inside the engine's namespace from any jest worker: `nsenter` into the namespace whose first
 * process is `supervisorPid` (the sandbox the global setup made), each command in its own process group,
 * killed by PID when it outlives its bound.
 */
export class EngineNamespace implements NamespaceRunner {
  constructor(
    readonly supervisorPid: number,
    private readonly scratchDir: string,
  ) {
    mkdirSync(scratchDir, { recursive: true });
  }

  scratch(name: string): string {
    return path.join(this.scratchDir, name);
  }

  exec(command: string, args: readonly string[] = [], options: ExecOptions = {}): Promise<ExecResult> {
    return runBounded(
      'nsenter',
      ['-t', String(this.supervisorPid), '-m', '-n', '--', command, ...args],
      options,
    );
  }
}

/** Process groups of commands still running, ended by PID if this process exits first (a test timed out). */
const live = new Set<number>();
let hooked = false;
function track(pid: number): void {
  live.add(pid);
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const group of live) killGroup(group, 'SIGKILL');
  });
}

/** Runs a command to completion in its own process group; the group is SIGKILLed after `timeoutMs`. */
export function runBounded(
  command: string,
  args: readonly string[],
  options: ExecOptions = {},
): Promise<ExecResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const child = spawn(command, [...args], {
    detached: true,
    env: options.env ?? process.env,
    cwd: options.cwd,
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid !== undefined) track(pid);
  return settleBounded(child, `${command} ${args.join(' ')}`, timeoutMs, options.input).finally(() => {
    if (pid !== undefined) live.delete(pid);
  });
}
