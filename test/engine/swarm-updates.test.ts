// Swarm's day-2 operations on a real engine: a second `docker stack deploy` with a changed nginx.conf (the
// config is content-hashed, so Swarm accepts the new one and replaces the proxy), and a rolling update under
// load. Traffic on Swarm needs the dnsrr + host-mode variant: this kernel has no IPVS for VIPs (docs/engine.md).
import * as path from 'node:path';
import { LoadBalancedStack, type LoadBalancedStackProps } from '../../packages/dockyard/src';
import type { RequestsResult } from '../e2e/harness/client-protocol';
import { waitFor } from './support/docker';
import {
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
const NAME = 'rolling';

/** The flagship's shape with quick health checks and update delays, so a rolling update takes seconds. */
function program(clientMaxBodySize: string): string {
  const props: LoadBalancedStackProps = {
    flask: {
      image: 'shop:1.4',
      port: 5000,
      replicas: 3,
      workers: 2,
      healthcheck: QUICK_HEALTH,
      update: { delay: '1s' },
      // stopDelay and the resolver's valid= keep their defaults (11 s, 10 s): they are what this test proves.
      // They cost the file nothing: Swarm does not wait for an old task's stop, and stackRm kills.
    },
    proxy: { publish: 8080, clientMaxBodySize, healthcheck: QUICK_HEALTH },
  };
  const dirs = synthProgram(suite.engine, (app) => {
    new LoadBalancedStack(app, NAME, props);
  });
  return swarmTrafficVariant(
    dirs[NAME] ?? '',
    path.join(scratchDir(suite.engine, 'variants'), `${NAME}-${clientMaxBodySize}`),
  );
}

/** Adds one batch's counts to a running total. */
function add(total: RequestsResult, batch: RequestsResult): void {
  total.total += batch.total;
  for (const [status, n] of Object.entries(batch.byStatus))
    total.byStatus[status] = (total.byStatus[status] ?? 0) + n;
  for (const [code, n] of Object.entries(batch.errors)) total.errors[code] = (total.errors[code] ?? 0) + n;
  total.slowestMs = Math.max(total.slowestMs, batch.slowestMs);
}

describe('engine: Swarm redeploys and rolling updates', () => {
  beforeAll(async () => {
    await stackDeploy(suite.docker, program('1m'), NAME);
  });

  afterAll(async () => {
    await stackRm(suite.docker, NAME);
  });

  test('a second docker stack deploy with a changed nginx.conf succeeds, and the proxy serves the new config', async () => {
    // GIVEN the proxy refuses a 2 MB body under client_max_body_size 1m
    const body = { method: 'POST', bodyBytes: 2 * 1024 * 1024, count: 1 };
    expect((await requests(suite.client, `${PROXY}:8080/`, body)).byStatus).toEqual({ 413: 1 });
    const before = await suite.docker.lines(['config', 'ls', '--format', '{{.Name}}']);
    // WHEN the program changes the limit and the stack is deployed again
    await stackDeploy(suite.docker, program('20m'), NAME);
    // THEN Swarm holds a second config under a new content-hashed name
    const after = await suite.docker.lines(['config', 'ls', '--format', '{{.Name}}']);
    const added = after.filter((name) => !before.includes(name));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(new RegExp(`^${NAME}_nginx_conf`));
    // AND the proxy now lets the body through to the app (Flask answers 405 for POST /, not nginx's 413)
    await waitFor(
      'the new config to serve',
      async () =>
        (await requests(suite.client, `${PROXY}:8080/`, body)).byStatus['405'] === 1 ? true : undefined,
      60_000,
    );
  });

  test('a rolling update (docker service update --force) under load loses no request', async () => {
    // GIVEN every replica answering
    await waitConverged(suite.docker, NAME);
    const total: RequestsResult = {
      total: 0,
      byStatus: {},
      byHeader: {},
      errors: {},
      kept: [],
      durationMs: 0,
      slowestMs: 0,
    };
    // WHEN the web service is replaced task by task (start-first) while batches of requests keep coming
    let done = false;
    const update = suite.docker
      .ok(['service', 'update', '--force', '--detach=false', `${NAME}_web`], { timeoutMs: 180_000 })
      .finally(() => {
        done = true;
      });
    while (!done) add(total, await requests(suite.client, `${PROXY}:8080/`, { count: 100, concurrency: 4 }));
    await update;
    add(total, await requests(suite.client, `${PROXY}:8080/`, { count: 100, concurrency: 4 }));
    // THEN every request got a 200
    expect(total.total).toBeGreaterThan(200);
    expect(total.errors).toEqual({});
    expect(total.byStatus).toEqual({ 200: total.total });
  });
});
