// Issue 12, item 4: when every primary container is killed at once, their addresses vanish from the bridge, so
// connecting to them times out instead of being refused (which loopback imitations cannot show). With any number
// of replicas, no request may fail and none may wait longer than 3 s before the backup answers.
import * as path from 'node:path';
import { LoadBalancedStack } from '../../packages/dockyard/src';
import { killAll, waitHealthy } from './support/compose-ops';
import { waitFor } from './support/docker';
import {
  byService,
  composeDown,
  composeUp,
  containers,
  engineSuite,
  PROXY,
  requests,
  synthProgram,
} from './support/suite';

jest.setTimeout(300_000);

const suite = engineSuite();
/** The bound the issue sets on any one request while the primaries are gone. */
const MAX_WAIT_MS = 3000;

describe.each([3, 5])('engine: %i replicas and a backup, every replica killed at once', (replicas) => {
  const project = `failover${replicas}`;
  let file = '';

  beforeAll(async () => {
    // GIVEN the flagship's shape with the defaults: only the replica count changes
    const dirs = synthProgram(suite.engine, (app) => {
      new LoadBalancedStack(app, project, {
        flask: { image: 'shop:1.4', port: 5000, replicas, workers: 2 },
        proxy: { publish: 8080 },
        backup: { image: 'shop:1.4' },
      });
    });
    file = path.join(dirs[project] ?? '', 'compose.yaml');
    await composeUp(suite.docker, file);
  });

  afterAll(async () => {
    if (file) await composeDown(suite.docker, file);
  });

  test(`no request fails and none waits longer than ${MAX_WAIT_MS} ms; the backup answers them all`, async () => {
    const running = await containers(suite.docker, `com.docker.compose.project=${project}`);
    const primaries = running.filter((c) => c.service === 'web');
    expect(primaries).toHaveLength(replicas);
    await waitHealthy(
      suite.docker,
      running.map((c) => c.name),
    );
    // GIVEN nginx balancing over every replica
    await waitFor(
      'nginx to reach every replica',
      async () => {
        const warm = await requests(suite.client, `${PROXY}:8080/`, { count: replicas * 4 });
        return Object.keys(warm.byHeader['x-served-by'] ?? {}).length === replicas ? true : undefined;
      },
      30_000,
    );
    // WHEN every replica is killed at once
    await killAll(suite.docker, primaries);
    const result = await requests(suite.client, `${PROXY}:8080/`, { count: 20, requestTimeoutMs: 15_000 });
    // THEN
    expect(result.errors).toEqual({});
    expect(result.byStatus).toEqual({ 200: 20 });
    expect(byService(result, running)).toEqual({ 'web-backup': 20 });
    expect(result.slowestMs).toBeLessThanOrEqual(MAX_WAIT_MS);
  });
});
