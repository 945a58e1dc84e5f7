// Seed 002 on a real engine: replicas added while nginx runs (`docker compose up --scale`, `docker service
// scale`) get traffic within the resolver's valid= of the synthesized nginx.conf; and weights split traffic.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { FlaskService, NginxProxy, Stack } from '../../packages/dockyard/src';
import { waitFor } from './support/docker';
import {
  byService,
  composeDown,
  composeUp,
  containers,
  engineSuite,
  PROXY,
  QUICK_HEALTH,
  requests,
  scratchDir,
  stackDeploy,
  stackRm,
  swarmTrafficVariant,
  synthProgram,
  waitConverged,
} from './support/suite';

const suite = engineSuite();
const DIR = path.resolve(__dirname, '../../examples/scaled-dns/dist/scaled-dns');
/** The resolver's `valid=` of the example's nginx.conf, in ms: the bound on noticing a new replica. */
const VALID_MS =
  Number(/resolver [^;]*valid=(\d+)s/.exec(readFileSync(path.join(DIR, 'nginx.conf'), 'utf8'))?.[1]) * 1000;
/** Margin over valid= for a busy 2-core machine (the query, the first request after it). */
const MARGIN_MS = 5000;

/** Polls until requests have reached `hostnames` distinct replicas; returns how long that took. */
async function timeToReach(replicas: number): Promise<number> {
  const started = Date.now();
  const seen = new Set<string>();
  await waitFor(
    `${replicas} replicas answering`,
    async () => {
      const result = await requests(suite.client, `${PROXY}:8080/`, { count: replicas * 3 });
      for (const name of Object.keys(result.byHeader['x-served-by'] ?? {})) seen.add(name);
      return seen.size >= replicas ? true : undefined;
    },
    VALID_MS + 30_000,
    200,
  );
  return Date.now() - started;
}

describe('engine: scaling while nginx runs (seed 002, examples/scaled-dns)', () => {
  test('the example resolves through Docker DNS with a bounded validity', () => {
    expect(VALID_MS).toBe(10_000);
  });

  test('docker compose up --scale: every new replica gets requests within valid=', async () => {
    const file = path.join(DIR, 'compose.yaml');
    try {
      // GIVEN the file as written: one replica, nginx started
      await composeUp(suite.docker, file);
      expect(await timeToReach(1)).toBeLessThan(VALID_MS);
      // WHEN the service is scaled to 4 while nginx runs
      await composeUp(suite.docker, file, '--scale', 'flaskapp=4', '--no-recreate');
      expect(await containers(suite.docker, 'com.docker.compose.service=flaskapp')).toHaveLength(4);
      // THEN all 4 answer within the resolver's validity
      expect(await timeToReach(4)).toBeLessThanOrEqual(VALID_MS + MARGIN_MS);
    } finally {
      await composeDown(suite.docker, file);
    }
  });

  test('docker service scale (Swarm, dnsrr + host-mode variant): every new task gets requests within valid=', async () => {
    // GIVEN the stack file with dnsrr endpoints and a host-mode port (no IPVS on this kernel; see docs/engine.md)
    const file = swarmTrafficVariant(DIR, path.join(scratchDir(suite.engine, 'variants'), 'scaled-dns'));
    try {
      await stackDeploy(suite.docker, file, 'scaled-dns');
      expect(await timeToReach(1)).toBeLessThan(VALID_MS + MARGIN_MS);
      // WHEN (detached: `--detach=false` waits a fixed 5 s more to see the tasks stay up; convergence is polled)
      await suite.docker.ok(['service', 'scale', '--detach', 'scaled-dns_flaskapp=4']);
      await waitConverged(suite.docker, 'scaled-dns');
      // THEN
      expect(await timeToReach(4)).toBeLessThanOrEqual(VALID_MS + MARGIN_MS);
    } finally {
      await stackRm(suite.docker, 'scaled-dns');
    }
  });

  test('weights 3 and 1 split 400 requests 300/100 (within 10%)', async () => {
    // GIVEN two services behind one upstream with weights
    const dirs = synthProgram(suite.engine, (app) => {
      const stack = new Stack(app, 'weights');
      const heavy = new FlaskService(stack, 'heavy', {
        image: 'shop:1.4',
        port: 5001,
        workers: 1,
        healthcheck: QUICK_HEALTH,
      });
      const light = new FlaskService(stack, 'light', {
        image: 'shop:1.4',
        port: 5002,
        workers: 1,
        healthcheck: QUICK_HEALTH,
      });
      const proxy = new NginxProxy(stack, 'nginx', { publish: 8080, healthcheck: QUICK_HEALTH });
      proxy.addRoute(
        '/',
        proxy.addUpstream('pool', {
          servers: [
            { service: heavy, weight: 3 },
            { service: light, weight: 1 },
          ],
        }),
      );
    });
    const file = path.join(dirs.weights ?? '', 'compose.yaml');
    try {
      await composeUp(suite.docker, file);
      const running = await containers(suite.docker, 'com.docker.compose.project=weights');
      // WHEN
      const result = await requests(suite.client, `${PROXY}:8080/`, { count: 400 });
      // THEN
      expect(result.byStatus).toEqual({ 200: 400 });
      const split = byService(result, running);
      expect(Object.keys(split).sort()).toEqual(['heavy', 'light']);
      expect(Math.abs((split.heavy ?? 0) - 300)).toBeLessThanOrEqual(30);
      expect(Math.abs((split.light ?? 0) - 100)).toBeLessThanOrEqual(10);
    } finally {
      await composeDown(suite.docker, file);
    }
  });
});
