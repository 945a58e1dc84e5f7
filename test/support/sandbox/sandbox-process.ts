import type { ChildProcess } from 'node:child_process';
import { groupHasMembers, killGroup } from './netns-processes';

/** How a process ended. */
export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const OUTPUT_LIMIT = 64 * 1024;

/**
 * A long-running process inside a sandbox. It leads its own process group (spawned detached), so
 * {@link SandboxProcess.kill} reaches its children too (gunicorn and nginx workers).
 */
export class SandboxProcess {
  /** Pid of the process (nsenter execs the command in place, so this is the command itself). */
  readonly pid: number;
  /** Resolves when the process has exited. Never rejects. */
  readonly exited: Promise<ExitStatus>;
  private status: ExitStatus | undefined;
  private output = '';

  constructor(
    /** A label for messages, e.g. `gunicorn web.2`. */
    readonly name: string,
    child: ChildProcess,
  ) {
    if (child.pid === undefined) throw new Error(`sandbox: could not start ${name}`);
    this.pid = child.pid;
    const append = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    this.exited = new Promise((resolve) => {
      child.once('error', (error) => {
        append(Buffer.from(`\n[spawn error] ${error.message}\n`));
        this.status ??= { code: null, signal: null };
        resolve(this.status);
      });
      child.once('close', (code, signal) => {
        this.status = { code, signal };
        resolve(this.status);
      });
    });
  }

  /** True until the process has exited. */
  get running(): boolean {
    return this.status === undefined;
  }

  /** Exit status once exited. */
  get exitStatus(): ExitStatus | undefined {
    return this.status;
  }

  /** The last 64 KiB of its stdout and stderr, interleaved as they arrived. */
  get log(): string {
    return this.output;
  }

  /** Sends a signal to the process only (e.g. SIGHUP to make nginx or dnsmasq reload). */
  signal(signal: NodeJS.Signals): void {
    if (this.running) process.kill(this.pid, signal);
  }

  /**
   * Stops the whole process group: `signal` first, SIGKILL after `graceMs`, and waits for the exit.
   * Safe to call twice or after the process ended.
   */
  async kill(signal: NodeJS.Signals = 'SIGTERM', graceMs = 2000): Promise<ExitStatus> {
    // The group may outlive its leader (workers), so signal it even when the leader is gone.
    this.signalGroup(signal);
    if (this.running) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      });
      await Promise.race([this.exited, timeout]);
      clearTimeout(timer);
    }
    this.signalGroup('SIGKILL');
    return this.exited;
  }

  /** Synchronous last resort for process exit handlers. */
  killNow(): void {
    this.signalGroup('SIGKILL');
  }

  // While the leader runs, its pid (the group's id) is ours; once it ended, only while the group still has
  // members (see groupHasMembers).
  private signalGroup(signal: NodeJS.Signals): void {
    if (this.running || groupHasMembers(this.pid)) killGroup(this.pid, signal);
  }
}
