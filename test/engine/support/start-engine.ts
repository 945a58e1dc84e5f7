import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Sandbox } from '../../support/sandbox';
import { pidExists, processesInNetns } from '../../support/sandbox/netns-processes';
import { Docker, pause, waitFor } from './docker';
import type { EngineInfo } from './engine-info';
import { buildImages } from './images';

const ROOT = path.resolve(__dirname, '../../..');
/** Prefix of every engine's temp dir; a dir whose setup process is gone is swept by the next run. */
export const ENGINE_DIR_PREFIX = 'dockyard-engine-';
const RECORD = 'engine.json';
/** The namespace's veth pair: only these two ends exist, both inside the namespace. */
const VETH = { name: 'dy0', peer: 'dy1', cidr: '10.213.0.1/24', address: '10.213.0.1' };
/** Address pools of bridge networks (compose) and of overlay networks (swarm), private to the namespace. */
const BRIDGE_POOL = 'base=10.214.0.0/16,size=24';
const SWARM_POOL = '10.215.0.0/16';

/** A started engine as the global setup holds it (the sandbox object lives only in jest's main process). */
export interface RunningEngine {
  info: EngineInfo;
  sandbox: Sandbox;
}

function script(name: string, args: string[] = []): string {
  return execFileSync('bash', [path.join(ROOT, 'scripts', name), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

/**
 * Starts Debian's dockerd in a private network + mount namespace of our own (the sandbox): its socket,
 * data-root, exec-root and pidfile in a temp dir, `/run` and `/etc/docker` private, iptables rules in the
 * namespace's own tables, containers under a cgroup parent of our own. A veth pair inside the namespace gives
 * Swarm an address. Then the swarm is initialized and every image the examples need is made.
 */
export async function startEngine(): Promise<RunningEngine> {
  sweepStaleEngines();
  const timings: Record<string, number> = {};
  const step = async <T>(name: string, run: () => T | Promise<T>): Promise<T> => {
    const started = Date.now();
    const value = await run();
    timings[name] = Date.now() - started;
    return value;
  };
  const rootfs = await step('rootfs', () => script('engine-rootfs.sh'));
  const composeRoot = await step('compose', () => script('fetch-unstable.sh', ['docker-compose']));

  const baseDir = mkdtempSync(path.join(os.tmpdir(), ENGINE_DIR_PREFIX));
  chmodSync(baseDir, 0o755);
  const cgroupParent = path.basename(baseDir);
  const configDir = path.join(baseDir, 'config');
  mkdirSync(path.join(configDir, 'cli-plugins'), { recursive: true });
  symlinkSync(
    path.join(composeRoot, 'usr/libexec/docker/cli-plugins/docker-compose'),
    path.join(configDir, 'cli-plugins', 'docker-compose'),
  );
  writeFileSync(path.join(baseDir, RECORD), JSON.stringify({ owner: process.pid, cgroupParent }));

  let sandbox: Sandbox | undefined;
  try {
    sandbox = await step('namespace', () =>
      Sandbox.create({ mounts: [{ kind: 'shadow', target: '/run' }, { target: '/etc/docker' }] }),
    );
    const sb = sandbox;
    const ip = async (...args: string[]) => {
      const result = await sb.exec('ip', args);
      if (result.code !== 0) throw new Error(`ip ${args.join(' ')}: ${result.stderr}`);
    };
    await ip('link', 'add', VETH.name, 'type', 'veth', 'peer', 'name', VETH.peer);
    await ip('addr', 'add', VETH.cidr, 'dev', VETH.name);
    await ip('link', 'set', VETH.name, 'up');
    await ip('link', 'set', VETH.peer, 'up');

    // The data-root is a tmpfs of the namespace's own mount table: image layers never touch the host's disk,
    // and they vanish with the namespace instead of costing a long `rm -rf`.
    const dataRoot = path.join(baseDir, 'data');
    mkdirSync(dataRoot);
    const tmpfs = await sb.exec('mount', [
      '-t',
      'tmpfs',
      '-o',
      'size=6g,mode=0710',
      'dockyard-engine',
      dataRoot,
    ]);
    if (tmpfs.code !== 0) throw new Error(`mount tmpfs at ${dataRoot}: ${tmpfs.stderr}`);

    const host = `unix://${path.join(baseDir, 'docker.sock')}`;
    const dockerd = sb.spawn('dockerd', 'dockerd', [
      `--host=${host}`,
      `--data-root=${dataRoot}`,
      `--exec-root=${path.join(baseDir, 'exec')}`,
      `--pidfile=${path.join(baseDir, 'dockerd.pid')}`,
      `--default-address-pool=${BRIDGE_POOL}`,
      `--cgroup-parent=${cgroupParent}`,
      '--storage-driver=overlay2',
      '--log-level=warn',
    ]);
    const docker = new Docker({ host, configDir });
    await step('dockerd', () =>
      waitFor(
        'dockerd to answer',
        async () => {
          if (!dockerd.running) throw new Error(`dockerd exited:\n${dockerd.log}`);
          return (await docker.run(['version'])).code === 0 ? true : undefined;
        },
        60_000,
      ),
    );
    await step('swarm', () =>
      docker.ok(['swarm', 'init', '--advertise-addr', VETH.address, '--default-addr-pool', SWARM_POOL]),
    );
    await step('images', () => buildImages(docker, rootfs, path.join(baseDir, 'images')));
    const versions = await toolVersions(docker);
    const info: EngineInfo = {
      baseDir,
      supervisorPid: sb.pid,
      dockerdPid: dockerd.pid,
      host,
      configDir,
      advertiseAddr: VETH.address,
      cgroupParent,
      versions,
      timings,
    };
    writeFileSync(path.join(baseDir, RECORD), JSON.stringify({ owner: process.pid, ...info }));
    return { info, sandbox: sb };
  } catch (error) {
    if (sandbox) await sandbox.destroy();
    killCgroup(cgroupParent);
    rmSync(baseDir, { recursive: true, force: true });
    throw error;
  }
}

async function toolVersions(docker: Docker): Promise<Record<string, string>> {
  // One run each: `nginx -v` writes to stderr, python to stdout.
  const inImage = async (image: string, ...command: string[]) => {
    const result = await docker.run(['run', '--rm', '--network', 'none', image, ...command]);
    return result.stdout.trim() || result.stderr.trim();
  };
  return {
    dockerd: (await docker.ok(['version', '--format', '{{.Server.Version}}'])).trim(),
    cli: (await docker.ok(['version', '--format', '{{.Client.Version}}'])).trim(),
    compose: (await docker.ok(['compose', 'version', '--short'])).trim(),
    nginx: (await inImage('nginx:1.28.0-alpine', 'nginx', '-v')).replace(/^nginx version: /, ''),
    flask: await inImage(
      'dockyard-engine/base:sid',
      'python3',
      '-c',
      'import importlib.metadata as m; print(m.version("flask"), m.version("gunicorn"))',
    ),
  };
}

/**
 * Ends the engine: removes every stack, container, volume, network and config, leaves the swarm, stops dockerd
 * by its PID (SIGTERM, then SIGKILL after a bound), checks that no process is left in the namespace or the
 * cgroup parent, and removes the temp dir. Throws (after cleaning all it can) when something was left.
 */
export async function stopEngine(engine: RunningEngine): Promise<void> {
  // The sandbox's processes are unref'd (a forgotten sandbox must not keep jest alive), so while teardown waits
  // for them nothing else may hold the event loop: without this timer node could exit half-way.
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    await stopEngineNow(engine);
  } finally {
    clearInterval(keepAlive);
  }
}

async function stopEngineNow({ info, sandbox }: RunningEngine): Promise<void> {
  const docker = new Docker({ host: info.host, configDir: info.configDir });
  const problems: string[] = [];
  const started = Date.now();
  const took: Record<string, number> = {};
  const lap = (name: string) => {
    took[name] = Date.now() - started;
  };
  try {
    const left = await docker.removeEverything();
    lap('removed');
    const named = Object.entries(left).filter(([, ids]) => ids.length > 0);
    if (named.length > 0) problems.push(`left after cleanup: ${JSON.stringify(Object.fromEntries(named))}`);
    await docker.run(['swarm', 'leave', '--force']);
    lap('swarm-left');
  } catch (error) {
    problems.push(`cleanup: ${String(error)}`);
  }
  await stopPid(info.dockerdPid, 30_000);
  lap('dockerd-stopped');
  const inNamespace = processesInNetns(sandbox.netns).filter((pid) => pid !== sandbox.pid);
  if (inNamespace.length > 0) problems.push(`processes left in the namespace: ${inNamespace.join(' ')}`);
  const inCgroup = killCgroup(info.cgroupParent);
  if (inCgroup.length > 0) problems.push(`container processes left: ${inCgroup.join(' ')}`);
  lap('cgroups-removed');
  await sandbox.destroy();
  lap('namespace-gone');
  removeDir(info.baseDir);
  lap('removed-dir');
  process.stderr.write(`engine: teardown ${JSON.stringify(took)}\n`);
  if (problems.length > 0) throw new Error(`engine teardown: ${problems.join('; ')}`);
}

async function stopPid(pid: number, graceMs: number): Promise<void> {
  if (!pidExists(pid)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (pidExists(pid) && Date.now() < deadline) await pause(100);
  if (pidExists(pid)) process.kill(pid, 'SIGKILL');
}

/** The data-root holds image layers of tens of thousands of files: `rm -rf` removes them several times faster. */
function removeDir(dir: string): void {
  execFileSync('rm', ['-rf', '--one-file-system', dir]);
}

/** Every cgroup hierarchy's folder for a cgroup parent (cgroup v1 controllers and the v2 tree). */
function cgroupDirs(parent: string): string[] {
  const root = '/sys/fs/cgroup';
  const candidates = [path.join(root, parent)];
  try {
    for (const entry of readdirSync(root)) candidates.push(path.join(root, entry, parent));
  } catch {
    return [];
  }
  return candidates.filter((dir) => existsSync(dir));
}

/**
 * SIGKILLs every process in the cgroup parent (containers of a run whose dockerd died with it) and removes the
 * then empty cgroups, deepest first. Returns the pids it found.
 */
export function killCgroup(parent: string): number[] {
  const found = new Set<number>();
  for (const dir of cgroupDirs(parent)) {
    for (const sub of walk(dir)) {
      try {
        for (const line of readFileSync(path.join(sub, 'cgroup.procs'), 'utf8').split('\n')) {
          if (line.trim() !== '') found.add(Number(line));
        }
      } catch {
        // gone meanwhile
      }
    }
  }
  for (const pid of found) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const dir of cgroupDirs(parent)) {
    for (const sub of walk(dir).reverse()) {
      for (let attempt = 0; attempt < 50; attempt++) {
        try {
          rmdirSync(sub);
          break;
        } catch (error) {
          // Gone already (two hierarchies can be one folder); busy while the kernel frees a killed task.
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') break;
          execFileSync('sleep', ['0.1']);
        }
      }
    }
  }
  return [...found].sort((a, b) => a - b);
}

function walk(dir: string): string[] {
  const dirs = [dir];
  try {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) dirs.push(...walk(path.join(dir, entry.name)));
    }
  } catch {
    // gone meanwhile
  }
  return dirs;
}

/**
 * Removes what a run killed by a signal left: its containers' processes (found by cgroup parent, since they
 * are not in the namespace the sandbox's supervisor reaps) and its temp dir.
 */
export function sweepStaleEngines(tmp: string = os.tmpdir()): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(tmp).filter((entry) => entry.startsWith(ENGINE_DIR_PREFIX))) {
    const dir = path.join(tmp, name);
    let owner = 0;
    try {
      owner = (JSON.parse(readFileSync(path.join(dir, RECORD), 'utf8')) as { owner: number }).owner;
    } catch {
      // no record: a setup that died before writing it
    }
    if (owner !== 0 && pidExists(owner)) continue;
    killCgroup(name);
    removeDir(dir);
    removed.push(dir);
  }
  return removed;
}
