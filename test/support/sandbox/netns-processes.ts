import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** The network namespace id of a process (`net:[4026532…]`), or undefined once it is gone. */
export function netnsOf(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/ns/net`);
  } catch {
    return undefined;
  }
}

/** Every live process whose network namespace is `netns`, ascending: the proof that nothing lingers. */
export function processesInNetns(netns: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (netnsOf(pid) === netns) pids.push(pid);
  }
  return pids.sort((a, b) => a - b);
}

/**
 * True while a process with this pid runs. A zombie does not count: it has ended and only waits for its
 * parent (for an escaped daemon, init) to collect its exit status.
 */
export function pidExists(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Sends a signal to a whole process group, ignoring a group that is already gone. */
export function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/**
 * True while a live process belongs to process group `pgid`. A group's id is its leader's pid, which the
 * kernel gives out again once the leader and every member are gone (pid_max is 32768 here, and a full test run
 * starts more processes than that), so a group is signalled after its leader ended only while this says it
 * still exists: otherwise the signal could reach a stranger's new process group, such as another worker's
 * sandbox in the middle of its setup.
 */
export function groupHasMembers(pgid: number): boolean {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // After the command name: state, ppid, pgrp, ...
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (state !== 'Z' && Number(pgrp) === pgid) return true;
  }
  return false;
}
