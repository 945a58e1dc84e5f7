import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Prefix of every sandbox's temp dir under the OS temp dir. */
export const SANDBOX_DIR_PREFIX = 'dockyard-sandbox-';
/** File in a sandbox's temp dir naming its supervisor's pid. */
export const SUPERVISOR_PID_FILE = 'supervisor.pid';

const YOUNG_MS = 5 * 60 * 1000;

/**
 * Removes temp dirs of sandboxes whose test process died without cleaning up (killed by a signal: the
 * supervisor then reaped their processes, but nothing removed the dir). A dir counts as stale when the
 * pid it names is gone or is no longer its supervisor, or when it has no pid file and is old. Only the
 * host's view is touched: mounts made inside a sandbox never propagate out, so the dir holds plain files.
 */
export function sweepStaleSandboxDirs(tmp: string = os.tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(tmp).filter((name) => name.startsWith(SANDBOX_DIR_PREFIX));
  } catch {
    return removed;
  }
  for (const name of names.sort()) {
    const dir = path.join(tmp, name);
    if (isStale(dir)) {
      rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    }
  }
  return removed;
}

function isStale(dir: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(dir, SUPERVISOR_PID_FILE), 'utf8'));
  } catch {
    try {
      return Date.now() - statSync(dir).mtimeMs > YOUNG_MS;
    } catch {
      return false;
    }
  }
  try {
    // The supervisor's command line carries the setup script, which names this dir.
    return !readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
  } catch {
    return true;
  }
}
