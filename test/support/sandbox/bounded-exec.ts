import type { ChildProcess } from 'node:child_process';
import { killGroup } from './netns-processes';
import type { ExecResult } from './sandbox';

/**
 * Collects what a started command prints until it exits, feeding it `input` when given. The child must lead
 * its own process group (spawned `detached`): the group is SIGKILLed when the command outlives `timeoutMs`
 * (and the promise rejects, naming `what`), and once it exits, since it may leave background children there.
 */
export function settleBounded(
  child: ChildProcess,
  what: string,
  timeoutMs: number,
  input?: string,
): Promise<ExecResult> {
  const pid = child.pid;
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  if (input !== undefined) child.stdin?.end(input);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      if (pid !== undefined) killGroup(pid, 'SIGKILL');
      reject(new Error(`${what} timed out after ${timeoutMs} ms\n${stdout}${stderr}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (pid !== undefined) killGroup(pid, 'SIGKILL');
      resolve({ code, signal, stdout, stderr });
    });
  });
}
