// Issue 12, item 4: when every primary container is killed at once, their addresses vanish from the bridge, so
// connecting to them times out instead of being refused (which loopback imitations cannot show). With any number
// of replicas, no request may fail and none may wait longer than 3 s before the backup answers.
import * as path from 'node:path';
import { LoadBalancedStack } from '../../packages/dockyard/src';
import { killAll } from './support/compose-ops';
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
  synthProgram,
} from './support/suite';

const suite = engineSuite();
/** The bound the issue sets on any one request while the primaries are gone. */
const MAX_WAIT_MS = 3000;

const CASES = [
  { replicas: 3, port: 8083 },
  { replicas: 5, port: 8085 },
];
const files: Record<number, string> = {};

describe('engine: every replica killed at once, a backup, the defaults', () => {
  beforeAll(async () => {
    // GIVEN the flagship's shape for each replica count, on a port of its own, both running
    for (const { replicas, port } of CASES) {
      const project = `failover${replicas}`;
      const dirs = synthProgram(suite.engine, (app) => {
        new LoadBalancedStack(app, project, {
          flask: { image: 'shop:1.4', port: 5000, replicas, workers: 2, healthcheck: QUICK_HEALTH },
          // nginx's failover settings keep their defaults; only its health check is quick
          proxy: { publish: port, healthcheck: QUICK_HEALTH },
          backup: { image: 'shop:1.4', healthcheck: QUICK_HEALTH },
        });
      });
      files[replicas] = path.join(dirs[project] ?? '', 'compose.yaml');
    }
    await Promise.all(Object.values(files).map((file) => composeUp(suite.docker, file)));
  });

  afterAll(async () => {
    await Promise.all(Object.values(files).map((file) => composeDown(suite.docker, file)));
  });

  test.each(CASES)(
    `$replicas replicas: no request fails and none waits longer than ${MAX_WAIT_MS} ms; the backup answers them all`,
    async ({ replicas, port }) => {
      const running = await containers(suite.docker, `com.docker.compose.project=failover${replicas}`);
      const primaries = running.filter((c) => c.service === 'web');
      expect(primaries).toHaveLength(replicas);
      // GIVEN nginx balancing over every replica
      await waitFor(
        'nginx to reach every replica',
        async () => {
          const warm = await requests(suite.client, `${PROXY}:${port}/`, { count: replicas * 4 });
          return Object.keys(warm.byHeader['x-served-by'] ?? {}).length === replicas ? true : undefined;
        },
        30_000,
      );
      // WHEN every replica is killed at once
      await killAll(suite.docker, primaries);
      const result = await requests(suite.client, `${PROXY}:${port}/`, {
        count: 20,
        requestTimeoutMs: 15_000,
      });
      // THEN
      expect(result.errors).toEqual({});
      expect(result.byStatus).toEqual({ 200: 20 });
      expect(byService(result, running)).toEqual({ 'web-backup': 20 });
      expect(result.slowestMs).toBeLessThanOrEqual(MAX_WAIT_MS);
    },
  );
});
