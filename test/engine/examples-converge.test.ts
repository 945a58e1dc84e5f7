// Item 2 of issue 12: every example's committed compose.yaml comes up with `docker compose up --wait` as
// written (every service healthy, every replica running), and every committed stack.yaml converges with
// `docker stack deploy` as written, on a real dockerd. Runs that publish different ports go side by side.
import * as path from 'node:path';
import { type CommittedStack, committedStacks, runByPort } from './support/examples';
import { composeDown, composeUp, containers, engineSuite, stackDeploy, stackRm } from './support/suite';

// Sixteen runs of committed files, each waiting out their 10 s health checks: a longer bound.
const suite = engineSuite({ testTimeoutMs: 600_000 });
const stacks = committedStacks();

describe('engine: every committed example, as written', () => {
  const composeOutcome: Record<string, string> = {};
  const swarmOutcome: Record<string, string> = {};

  beforeAll(async () => {
    // WHEN every compose.yaml comes up and every stack.yaml is deployed, as written: the two targets' runs side
    // by side, two at a time, never two holding one host port
    const jobs = stacks.flatMap((stack) => [
      { ...stack, target: 'compose' as const },
      { ...stack, target: 'swarm' as const },
    ]);
    await runByPort(
      jobs,
      async (job) => {
        if (job.target === 'compose') composeOutcome[job.label] = await composeUpAsWritten(job);
        else swarmOutcome[job.label] = await stackDeployAsWritten(job);
      },
      2,
    );
    await Promise.all(stacks.map((stack) => stackRm(suite.docker, stack.stack)));
  });

  test('finds the committed stacks of every example', () => {
    // THEN eight stacks of seven examples, each publishing the proxy's port
    expect(stacks.map((s) => s.label)).toEqual([
      'backup-server/backup-server',
      'flagship/legacy',
      'flagship/shop',
      'nginx-wsgi-flask/nginx-wsgi-flask',
      'scaled-dns/scaled-dns',
      'swarm-replicas/loadbalancer',
      'swarm-static/web',
      'two-sites/two-sites',
    ]);
    for (const stack of stacks) expect(stack.ports.length).toBeGreaterThan(0);
  });

  test('docker compose up --wait: every service healthy, every replica running', () => {
    // THEN
    expect(composeOutcome).toEqual(Object.fromEntries(stacks.map((s) => [s.label, 'healthy'])));
  });

  test('docker stack deploy: every stack converges (all replicas running and healthy)', () => {
    // THEN
    expect(swarmOutcome).toEqual(Object.fromEntries(stacks.map((s) => [s.label, 'converged'])));
  });

  test("seed 000 on Swarm: each replica has its slot's hostname, SLOT and log volume, and logs there", () => {
    // THEN (read while the unmodified stack.yaml of examples/swarm-replicas ran)
    expect(identities).toEqual([
      { hostname: 'backend.1', slot: '1', volume: 'log-1', logFile: 'log1.log' },
      { hostname: 'backend.2', slot: '2', volume: 'log-2', logFile: 'log2.log' },
      { hostname: 'backend.3', slot: '3', volume: 'log-3', logFile: 'log3.log' },
    ]);
  });
});

/** Brings one compose.yaml up; 'healthy' when each service runs its replicas and docker reports them healthy. */
async function composeUpAsWritten(stack: CommittedStack): Promise<string> {
  const file = path.join(stack.dir, 'compose.yaml');
  try {
    await composeUp(suite.docker, file);
    const running = await containers(suite.docker, `com.docker.compose.project=${stack.stack}`);
    const counts: Record<string, number> = {};
    for (const c of running) counts[c.service] = (counts[c.service] ?? 0) + 1;
    const health = await suite.docker.lines([
      'ps',
      '--filter',
      `label=com.docker.compose.project=${stack.stack}`,
      '--format',
      '{{.Status}}',
    ]);
    const unhealthy = health.filter((status) => !status.includes('(healthy)'));
    return JSON.stringify(sortKeys(counts)) === JSON.stringify(sortKeys(stack.replicas)) &&
      unhealthy.length === 0
      ? 'healthy'
      : `replicas ${JSON.stringify(counts)}, status ${unhealthy.join(', ')}`;
  } catch (error) {
    return String(error);
  } finally {
    await composeDown(suite.docker, file);
  }
}

/** Deploys one stack.yaml; 'converged' when every service runs the replicas the file asks for, all healthy. */
async function stackDeployAsWritten(stack: CommittedStack): Promise<string> {
  try {
    await stackDeploy(suite.docker, path.join(stack.dir, 'stack.yaml'), stack.stack);
    const services = await suite.docker.lines([
      'stack',
      'services',
      stack.stack,
      '--format',
      '{{.Name}} {{.Replicas}}',
    ]);
    const got = Object.fromEntries(
      services.map((line) => {
        const [name = '', replicas = ''] = line.split(' ');
        return [name.slice(stack.stack.length + 1), Number(replicas.split('/')[0])];
      }),
    );
    if (stack.stack === SEED_000) identities = await slotIdentities(stack.stack);
    return JSON.stringify(sortKeys(got)) === JSON.stringify(sortKeys(stack.replicas))
      ? 'converged'
      : `replicas ${JSON.stringify(got)}`;
  } catch (error) {
    return String(error);
  } finally {
    // The port is free for the next job as soon as the services are gone; their containers stop meanwhile.
    await suite.docker.run(['stack', 'rm', stack.stack]);
  }
}

/** The stack of examples/swarm-replicas (seed 000). */
const SEED_000 = 'loadbalancer';
let identities: Array<Record<string, string>> = [];

/** Per task of seed 000's backend: its hostname, SLOT, the volume at /app/logs and the log file in it. */
async function slotIdentities(stack: string): Promise<Array<Record<string, string>>> {
  const found: Array<Record<string, string>> = [];
  const ids = await suite.docker.lines([
    'ps',
    '-q',
    '--filter',
    `label=com.docker.swarm.service.name=${stack}_backend`,
  ]);
  for (const id of ids) {
    const [row] = JSON.parse(await suite.docker.ok(['inspect', id])) as Array<{
      Config: { Hostname: string; Env: string[] };
      Mounts: Array<{ Name?: string; Destination: string }>;
    }>;
    if (row === undefined) continue;
    const slot = row.Config.Env.find((e) => e.startsWith('SLOT='))?.slice('SLOT='.length) ?? '';
    const logs = await suite.docker.ok(['exec', id, 'ls', '/app/logs']);
    found.push({
      hostname: row.Config.Hostname,
      slot,
      volume: (row.Mounts.find((m) => m.Destination === '/app/logs')?.Name ?? '').replace(`${stack}_`, ''),
      logFile: logs
        .split('\n')
        .filter((name) => name.endsWith('.log'))
        .join(','),
    });
  }
  return found.sort((a, b) => (a.slot ?? '').localeCompare(b.slot ?? ''));
}

function sortKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
