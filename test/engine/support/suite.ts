import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { App } from '../../../packages/dockyard/src';
import type { RequestsCommand, RequestsResult } from '../../e2e/harness/client-protocol';
import { ClientRunner } from '../../e2e/harness/client-runner';
import { pidExists } from '../../support/sandbox/netns-processes';
import { type Docker, pause, waitFor } from './docker';
import { connectEngine, type Engine } from './engine-info';

/** Where a test reaches the published port: from inside the engine's namespace, like a client on the host. */
export const PROXY = 'http://127.0.0.1';

/**
 * One test file's hold on the shared engine, and its jest timeout (`testTimeoutMs`, default 300 s). Test
 * files take turns (a lock in the engine's dir), since they publish the same host ports; each starts and ends
 * with nothing on the engine, and asserts that it left nothing (containers, services, volumes, networks,
 * configs), also after a failed test.
 */
export function engineSuite(options: { testTimeoutMs?: number } = {}): {
  readonly engine: Engine;
  readonly client: ClientRunner;
  readonly docker: Docker;
} {
  // Real engine work on a 2-core machine shared with other suites: bounded, generously.
  jest.setTimeout(options.testTimeoutMs ?? 300_000);
  let engine: Engine | undefined;
  let client: ClientRunner | undefined;
  let lock: string | undefined;
  beforeAll(async () => {
    engine = connectEngine();
    lock = await acquireLock(path.join(engine.info.baseDir, 'suite.lock'));
    client = new ClientRunner(engine.ns);
    await engine.docker.removeEverything();
  }, 900_000);
  afterAll(async () => {
    try {
      if (engine) {
        const left = await engine.docker.removeEverything();
        expect(left).toEqual({
          containers: [],
          services: [],
          configs: [],
          secrets: [],
          volumes: [],
          networks: [],
        });
      }
    } finally {
      if (lock) rmSync(lock, { recursive: true, force: true });
    }
  }, 120_000);
  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('engine suite: used outside a test');
    return value;
  };
  return {
    get engine() {
      return need(engine);
    },
    get client() {
      return need(client);
    },
    get docker() {
      return need(engine).docker;
    },
  };
}

async function acquireLock(dir: string): Promise<string> {
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(path.join(dir, 'pid'), String(process.pid));
      return dir;
    } catch {
      let holder = 0;
      try {
        holder = Number(readFileSync(path.join(dir, 'pid'), 'utf8'));
      } catch {
        // being written
      }
      if (holder !== 0 && !pidExists(holder)) rmSync(dir, { recursive: true, force: true });
      await pause(500);
    }
  }
}

/**
 * The tests' own programs check health every 2 s (Docker's default and Dockyard's is 10 s, and `up --wait` and
 * Swarm's convergence wait for the first check), lenient on a busy machine: a slow probe during the start period
 * does not count. For FlaskService and NginxProxy alike; the committed example files keep what they say.
 */
export const QUICK_HEALTH = { interval: '2s', startPeriod: '30s', timeout: '5s', retries: 5 } as const;

/** Synthesizes a program into a fresh folder and returns the stack folders' paths by stack id. */
export function synthProgram(engine: Engine, build: (app: App) => void): Record<string, string> {
  mkdirSync(engine.ns.scratch('programs'), { recursive: true });
  const outdir = mkdtempSync(path.join(engine.ns.scratch('programs'), 'p-'));
  const app = new App({ outdir });
  build(app);
  app.synth();
  const stacks: Record<string, string> = {};
  for (const child of app.node.children) stacks[child.node.id] = path.join(outdir, child.node.id);
  return stacks;
}

/** Creates the scratch parent of {@link synthProgram}'s folders. */
export function scratchDir(engine: Engine, name: string): string {
  const dir = engine.ns.scratch(name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A running container of a Compose project or Swarm stack. */
export interface Container {
  id: string;
  name: string;
  service: string;
  /** The container's host name: what the app reports as X-Served-By. */
  hostname: string;
}

/** Containers of a compose project (label `com.docker.compose.project`) or a stack (`com.docker.stack.namespace`). */
export async function containers(docker: Docker, filter: string): Promise<Container[]> {
  const ids = await docker.lines(['ps', '-q', '--filter', `label=${filter}`]);
  if (ids.length === 0) return [];
  const rows = JSON.parse(await docker.ok(['inspect', ...ids])) as Array<{
    Id: string;
    Name: string;
    Config: { Hostname: string; Labels: Record<string, string> };
  }>;
  return rows
    .map((row) => ({
      id: row.Id.slice(0, 12),
      name: row.Name.replace(/^\//, ''),
      service:
        row.Config.Labels['com.docker.compose.service'] ??
        row.Config.Labels['com.docker.swarm.service.name'] ??
        '',
      hostname: row.Config.Hostname,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** `docker compose -f FILE up -d --wait` (every service healthy), bounded. */
export async function composeUp(docker: Docker, file: string, ...extra: string[]): Promise<void> {
  await docker.ok(['compose', '-f', file, 'up', '-d', '--wait', '--wait-timeout', '150', ...extra], {
    timeoutMs: 180_000,
  });
}

/**
 * `docker compose -f FILE down -v` (containers, networks, volumes), killing at once: teardown needs no drain,
 * and FlaskService's stop delay (11 s before gunicorn hears SIGTERM) would otherwise make every down wait out
 * its timeout. No test asserts anything about how a compose project stops.
 */
export async function composeDown(docker: Docker, file: string): Promise<void> {
  await docker.ok(['compose', '-f', file, 'down', '-v', '--remove-orphans', '--timeout', '0'], {
    timeoutMs: 120_000,
  });
}

/** `docker stack deploy` without asking a registry for digests (there is none), then waits for convergence. */
export async function stackDeploy(docker: Docker, file: string, name: string): Promise<void> {
  await docker.ok(['stack', 'deploy', '--resolve-image', 'never', '-c', file, name], {
    timeoutMs: 120_000,
  });
  await waitConverged(docker, name);
}

/**
 * Waits until every service of a stack runs all its replicas, each task's container running and healthy (when it
 * has a health check), and no task of the current spec is still starting.
 */
export async function waitConverged(docker: Docker, name: string, timeoutMs = 150_000): Promise<void> {
  let last = '';
  await waitFor(
    `stack ${name} to converge`,
    async () => {
      const services = await docker.lines(['stack', 'services', name, '--format', '{{.Name}} {{.Replicas}}']);
      const statuses = await docker.lines([
        'ps',
        '--filter',
        `label=com.docker.stack.namespace=${name}`,
        '--format',
        '{{.Names}} {{.Status}}',
      ]);
      last = [...services, ...statuses].join('; ');
      const replicasOk =
        services.length > 0 &&
        services.every((line) => {
          const match = /(\d+)\/(\d+)/.exec(line);
          return match !== null && match[1] === match[2] && Number(match[2]) > 0;
        });
      const healthy = statuses.every((line) => !/starting|unhealthy/.test(line));
      return replicasOk && healthy && statuses.length > 0 ? true : undefined;
    },
    timeoutMs,
    500,
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}\nlast state: ${last}`);
  });
}

/** `docker stack rm`, then waits until its containers, networks and configs are gone. */
export async function stackRm(docker: Docker, name: string): Promise<void> {
  // A second `stack rm` while the first one's networks are going away may report them missing: the wait decides.
  await docker.run(['stack', 'rm', name]);
  // Teardown needs no drain: FlaskService's stop delay and grace period (46 s by default) would make every
  // stack rm wait for it, so the stack's containers are killed once their services are gone.
  const running = await docker.lines(['ps', '-q', '--filter', `label=com.docker.stack.namespace=${name}`]);
  if (running.length > 0) await docker.run(['kill', ...running]);
  await waitFor(
    `stack ${name} to be removed`,
    async () => {
      const left = [
        ...(await docker.lines(['ps', '-aq', '--filter', `label=com.docker.stack.namespace=${name}`])),
        ...(await docker.lines([
          'network',
          'ls',
          '-q',
          '--filter',
          `label=com.docker.stack.namespace=${name}`,
        ])),
      ];
      return left.length === 0 ? true : undefined;
    },
    120_000,
  );
}

/**
 * The Swarm traffic variant of a stack file: this kernel has no IPVS, so Swarm's virtual IPs and its ingress
 * routing mesh do not route. Every service without published ports gets `endpoint_mode: dnsrr` (its name
 * resolves to the task addresses, which nginx balances over itself) and every published port `mode: host`.
 * Nothing else changes; the file is written beside a copy of the stack's nginx.conf.
 */
export function swarmTrafficVariant(stackDir: string, outDir: string): string {
  mkdirSync(outDir, { recursive: true });
  const doc = parse(readFileSync(path.join(stackDir, 'stack.yaml'), 'utf8')) as {
    services: Record<string, { ports?: Array<Record<string, unknown>>; deploy?: Record<string, unknown> }>;
  };
  for (const service of Object.values(doc.services)) {
    if (service.ports && service.ports.length > 0) {
      service.ports = service.ports.map((port) => ({ ...port, mode: 'host' }));
    } else {
      service.deploy = { ...service.deploy, endpoint_mode: 'dnsrr' };
    }
  }
  copyFileSync(path.join(stackDir, 'nginx.conf'), path.join(outDir, 'nginx.conf'));
  const file = path.join(outDir, 'stack.yaml');
  writeFileSync(file, stringify(doc));
  return file;
}

/** Counts of responses by the container that answered (X-Served-By), mapped to service names. */
export function byService(result: RequestsResult, running: readonly Container[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [hostname, count] of Object.entries(result.byHeader['x-served-by'] ?? {})) {
    const service = running.find((c) => c.hostname === hostname)?.service ?? `unknown:${hostname}`;
    counts[service] = (counts[service] ?? 0) + count;
  }
  return counts;
}

/** Sends requests from inside the namespace, counting X-Served-By. */
export function requests(
  client: ClientRunner,
  url: string,
  command: Partial<Omit<RequestsCommand, 'mode' | 'url'>> = {},
): Promise<RequestsResult> {
  return client.requests({ url, count: 1, countHeaders: ['x-served-by'], keepAlive: false, ...command });
}
