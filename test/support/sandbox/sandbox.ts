import { type ChildProcess, spawn } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { Socket } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { pollUntil } from '../poll';
import { settleBounded } from './bounded-exec';
import { trackForExit, untrackForExit } from './cleanup-registry';
import { realHostView } from './host-view';
import {
  type HostsMap,
  renderHosts,
  renderNsswitch,
  renderResolvConf,
  SANDBOX_NAMESERVER,
  withUsers,
} from './identity-files';
import { type PlannedMount, planMounts } from './mount-plan';
import { groupHasMembers, killGroup, netnsOf, pidExists, processesInNetns } from './netns-processes';
import { SandboxProcess } from './sandbox-process';
import { READY_MARKER, renderSetupScript } from './setup-script';
import { SANDBOX_DIR_PREFIX, SUPERVISOR_PID_FILE, sweepStaleSandboxDirs } from './stale-sweep';

/**
 * A mount request. `dir` (the default kind) binds `source`, or a fresh empty temp dir, at `target`
 * (requests naming the same `volume` share one fresh dir, like one Docker volume in two containers);
 * `file` binds a file (or one written from `content`); `shadow` keeps the host's entries visible while
 * new entries stay private (for `/run` and log folders).
 */
export type MountRequest =
  | { kind?: 'dir'; target: string; source?: string; volume?: string }
  | { kind: 'file'; target: string; source?: string; content?: string }
  | { kind: 'shadow'; target: string; hide?: string[] };

/** Options of {@link Sandbox.create}. */
export interface SandboxOptions {
  /** Private /etc/hosts entries: name -> loopback addresses. @default {} */
  hosts?: HostsMap;
  /** Extra mounts inside the namespace. @default [] */
  mounts?: readonly MountRequest[];
  /** System users to add to the private /etc/passwd and /etc/group (e.g. `nginx`). @default [] */
  users?: readonly string[];
  /** The one name server in the private resolv.conf; must be loopback. @default '127.0.0.11' */
  nameserver?: string;
  /** Bound on namespace setup. @default 10000 */
  readyTimeoutMs?: number;
}

/** Options of {@link Sandbox.exec} and {@link Sandbox.spawn}. */
export interface RunOptions {
  /** Working directory inside the namespace. @default '/' */
  cwd?: string;
  /** Environment of the command. @default process.env */
  env?: NodeJS.ProcessEnv;
}

/** Options of {@link Sandbox.exec}. */
export interface ExecOptions extends RunOptions {
  /** Written to the command's stdin, which is then closed. */
  input?: string;
  /** The command's process group is killed and the call rejects after this long. @default 30000 */
  timeoutMs?: number;
}

/** What a finished command printed and how it ended. */
export interface ExecResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * A private mount + network namespace for tests: only loopback exists in it, names resolve through a
 * private hosts file and a resolv.conf pointing at 127.0.0.11, and container paths exist through bind
 * mounts. Nothing it does is visible on the host, and {@link Sandbox.destroy} ends every process in it.
 *
 * @example
 * const sb = await Sandbox.create({ hosts: { web: ['127.0.0.2'] }, mounts: [{ target: '/var/www-data' }] });
 * try { await sb.exec('getent', ['hosts', 'web']); } finally { await sb.destroy(); }
 */
export class Sandbox {
  private readonly processes = new Set<SandboxProcess>();
  private readonly startedPids: number[] = [];
  private destroying: Promise<void> | undefined;

  private constructor(
    /** Host temp dir holding everything this sandbox owns. */
    readonly baseDir: string,
    /** The network namespace id, e.g. `net:[4026532301]`. */
    readonly netns: string,
    private readonly supervisor: ChildProcess & { pid: number },
    private readonly supervisorDone: Promise<void>,
    private readonly mountSources: ReadonlyMap<string, string>,
    /**
     * An open file of the namespace, held until teardown has ended everything in it. A network namespace's id
     * is an inode number the kernel gives out again as soon as the namespace is gone, so without this a
     * teardown that kills "every process in `netns`" after the supervisor exited could kill the processes of
     * another sandbox (another jest worker's) that was just given the same id.
     */
    private readonly netnsFd: number,
  ) {
    this.startedPids.push(supervisor.pid);
  }

  /** Creates the namespace and waits until it is set up. */
  static async create(options: SandboxOptions = {}): Promise<Sandbox> {
    sweepStaleSandboxDirs();
    const base = mkdtempSync(path.join(os.tmpdir(), SANDBOX_DIR_PREFIX));
    chmodSync(base, 0o755);
    try {
      const { mounts, sources } = prepareMounts(base, options);
      const steps = planMounts(mounts, realHostView, path.join(base, 'stage'));
      for (const step of steps) {
        if (step.op === 'host-mkdir') mkdirSync(step.path, { recursive: true, mode: 0o755 });
        if (step.op === 'host-touch') writeFileSync(step.path, '', { flag: 'a' });
      }
      const script = renderSetupScript(steps);
      writeFileSync(path.join(base, 'supervisor.sh'), script);
      const child = spawn(
        'unshare',
        ['--mount', '--net', '--propagation', 'private', '--', '/bin/sh', '-c', script],
        {
          detached: true,
          stdio: ['pipe', 'pipe', 'pipe'],
        },
      );
      writeFileSync(path.join(base, SUPERVISOR_PID_FILE), String(child.pid ?? ''));
      const { netns, done } = await waitReady(child, options.readyTimeoutMs ?? 10_000);
      const netnsFd = holdNetns(child, netns);
      // A sandbox a test forgot to destroy must not keep the test process alive: the exit hook ends it.
      unrefChild(child);
      const sandbox = new Sandbox(
        base,
        netns,
        child as ChildProcess & { pid: number },
        done,
        sources,
        netnsFd,
      );
      trackForExit(sandbox);
      return sandbox;
    } catch (error) {
      rmSync(base, { recursive: true, force: true });
      throw error;
    }
  }

  /** Pid of the supervisor: the namespace's first process, the `-t` of every nsenter. */
  get pid(): number {
    return this.supervisor.pid;
  }

  /** Host path of the directory bound at `target` (a fresh temp dir unless a source was given). */
  pathOf(target: string): string {
    const source = this.mountSources.get(path.posix.normalize(target).replace(/(.)\/+$/, '$1'));
    if (source === undefined) throw new Error(`sandbox: no dir mount at ${target}`);
    return source;
  }

  /** Host path of a named volume's dir (see {@link MountRequest}). */
  volumePath(volume: string): string {
    return path.join(this.baseDir, 'volumes', volume);
  }

  /** Host path of a scratch file or dir name inside the sandbox's temp dir (visible inside too). */
  scratch(name: string): string {
    return path.join(this.baseDir, 'scratch', name);
  }

  /** Rewrites the private /etc/hosts in place (same inode, so the bind mount shows the new text). */
  writeHosts(hosts: HostsMap): void {
    writeFileSync(path.join(this.baseDir, 'etc', 'hosts'), renderHosts(hosts));
  }

  /** Runs a command inside the namespace to completion (bounded by `timeoutMs`). */
  exec(command: string, args: readonly string[] = [], options: ExecOptions = {}): Promise<ExecResult> {
    const child = this.start(command, args, options, options.input === undefined ? 'ignore' : 'pipe');
    return settleBounded(
      child,
      `sandbox exec ${command} ${args.join(' ')}`,
      options.timeoutMs ?? 30_000,
      options.input,
    );
  }

  /** Starts a long-running command inside the namespace, tracked until {@link Sandbox.destroy}. */
  spawn(
    name: string,
    command: string,
    args: readonly string[] = [],
    options: RunOptions = {},
  ): SandboxProcess {
    const child = this.start(command, args, options, 'ignore');
    unrefChild(child);
    const proc = new SandboxProcess(name, child);
    this.processes.add(proc);
    return proc;
  }

  /**
   * Ends every process this sandbox started (process groups, SIGKILL), lets the supervisor reap anything
   * else left in the namespace, then removes the temp dir. Idempotent.
   */
  destroy(): Promise<void> {
    this.destroying ??= this.teardown();
    return this.destroying;
  }

  /** Pids of processes that still exist: ones we started, or any process left in our namespace. */
  leftovers(): number[] {
    const alive = new Set(this.startedPids.filter(pidExists));
    for (const pid of processesInNetns(this.netns)) alive.add(pid);
    return [...alive].sort((a, b) => a - b);
  }

  /** @internal Synchronous teardown for the process exit hook. */
  cleanupNow(): void {
    for (const proc of this.processes) proc.killNow();
    if (groupHasMembers(this.supervisor.pid)) killGroup(this.supervisor.pid, 'SIGKILL');
    for (const pid of processesInNetns(this.netns)) killGroup(pid, 'SIGKILL');
    this.releaseNetns();
    rmSync(this.baseDir, { recursive: true, force: true });
  }

  private start(
    command: string,
    args: readonly string[],
    options: RunOptions,
    stdin: 'pipe' | 'ignore',
  ): ChildProcess {
    if (this.destroying !== undefined) throw new Error('sandbox: already destroyed');
    const nsenterArgs = ['-t', String(this.pid), '-m', '-n'];
    if (options.cwd !== undefined) nsenterArgs.push(`--wd=${options.cwd}`);
    const child = spawn('nsenter', [...nsenterArgs, '--', command, ...args], {
      detached: true,
      env: options.env ?? process.env,
      stdio: [stdin, 'pipe', 'pipe'],
    });
    if (child.pid !== undefined) this.startedPids.push(child.pid);
    return child;
  }

  private netnsHeld = true;

  /** Lets the namespace go (once: the exit hook may end a sandbox whose teardown is still running). */
  private releaseNetns(): void {
    if (!this.netnsHeld) return;
    this.netnsHeld = false;
    closeSync(this.netnsFd);
  }

  private async teardown(): Promise<void> {
    await Promise.all([...this.processes].map((proc) => proc.kill('SIGKILL', 0)));
    this.supervisor.stdin?.end();
    let timer: NodeJS.Timeout | undefined;
    const reaped = await Promise.race([
      this.supervisorDone.then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), 5000);
      }),
    ]);
    clearTimeout(timer);
    if (!reaped) killGroup(this.supervisor.pid, 'SIGKILL');
    for (const pid of processesInNetns(this.netns)) killGroup(pid, 'SIGKILL');
    // SIGKILL is delivered at once but a process in the middle of a system call exits when it returns: on a
    // loaded machine one can still be there a moment later. Wait (bounded) until none is, so `leftovers()`
    // reports only what teardown could not end.
    await pollUntil(
      () => this.leftovers(),
      (left) => left.length === 0,
      { withinMs: 5000 },
    );
    untrackForExit(this);
    this.releaseNetns();
    rmSync(this.baseDir, { recursive: true, force: true });
  }
}

/**
 * Opens the supervisor's network namespace, which keeps the namespace (and so its id) alive while the file is
 * open; checked to be the namespace the setup script reported, else the supervisor is killed and setup fails.
 */
function holdNetns(child: ChildProcess, netns: string): number {
  const pid = child.pid as number;
  const fd = openSync(`/proc/${pid}/ns/net`, 'r');
  if (netnsOf(pid) !== netns) {
    closeSync(fd);
    killGroup(pid, 'SIGKILL');
    throw new Error(`sandbox: the supervisor ${pid} is no longer in ${netns}`);
  }
  return fd;
}

function unrefChild(child: ChildProcess): void {
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) {
    if (stream instanceof Socket) stream.unref();
  }
}

function prepareMounts(
  base: string,
  options: SandboxOptions,
): { mounts: PlannedMount[]; sources: Map<string, string> } {
  const etc = path.join(base, 'etc');
  mkdirSync(etc, { recursive: true, mode: 0o755 });
  mkdirSync(path.join(base, 'scratch'), { mode: 0o755 });
  const identity = withUsers(
    readFileSync('/etc/passwd', 'utf8'),
    readFileSync('/etc/group', 'utf8'),
    options.users ?? [],
  );
  const files: Record<string, string> = {
    hosts: renderHosts(options.hosts ?? {}),
    'resolv.conf': renderResolvConf(options.nameserver ?? SANDBOX_NAMESERVER),
    'nsswitch.conf': renderNsswitch(),
    passwd: identity.passwd,
    group: identity.group,
  };
  const mounts: PlannedMount[] = [];
  for (const [name, content] of Object.entries(files)) {
    const source = path.join(etc, name);
    writeFileSync(source, content, { mode: 0o644 });
    mounts.push({ kind: 'file', target: `/etc/${name}`, source });
  }
  const sources = new Map<string, string>();
  (options.mounts ?? []).forEach((request, index) => {
    if (request.kind === 'shadow') {
      mounts.push({ kind: 'shadow', target: request.target, hide: request.hide ?? [] });
    } else if (request.kind === 'file') {
      let source = request.source;
      if (source === undefined) {
        source = path.join(base, 'files', String(index));
        mkdirSync(path.dirname(source), { recursive: true, mode: 0o755 });
        writeFileSync(source, request.content ?? '', { mode: 0o644 });
      }
      mounts.push({ kind: 'file', target: request.target, source });
    } else {
      let source = request.source;
      if (source === undefined && request.volume !== undefined) {
        if (!/^[a-z0-9][a-z0-9_-]*$/.test(request.volume))
          throw new Error(`sandbox: bad volume ${request.volume}`);
        source = path.join(base, 'volumes', request.volume);
        mkdirSync(source, { recursive: true });
        chmodSync(source, 0o755);
      } else if (source === undefined) {
        source = path.join(base, 'dirs', String(index));
        mkdirSync(source, { recursive: true });
        chmodSync(source, 0o755);
      }
      mounts.push({ kind: 'dir', target: request.target, source });
      sources.set(path.posix.normalize(request.target).replace(/(.)\/+$/, '$1'), source);
    }
  });
  return { mounts, sources };
}

function waitReady(child: ChildProcess, timeoutMs: number): Promise<{ netns: string; done: Promise<void> }> {
  let stdout = '';
  let stderr = '';
  const done = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
      reject(new Error(`sandbox: namespace setup ${why}\n${stderr}`));
    };
    const timer = setTimeout(() => fail(`timed out after ${timeoutMs} ms`), timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = new RegExp(`${READY_MARKER} (net:\\[\\d+\\])`).exec(stdout);
      if (match?.[1] !== undefined && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve({ netns: match[1], done });
      }
    });
    child.once('error', (error) => fail(`could not start: ${error.message}`));
    child.once('close', (code, signal) =>
      fail(signal === null ? `exited with code ${code}` : `was killed by ${signal}`),
    );
  });
}
