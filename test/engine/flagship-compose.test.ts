// The flagship's shop stack (examples/flagship/dist/shop/compose.yaml, unmodified) on a real engine: nginx 1.30
// runs the synthesized nginx.conf with `resolve` in front of 3 replicas and a backup on a Compose bridge network.
import * as path from 'node:path';
import { killAll, logLines, revive, waitHealthy } from './support/compose-ops';
import { waitFor } from './support/docker';
import {
  byService,
  type Container,
  composeDown,
  composeUp,
  containers,
  engineSuite,
  PROXY,
  requests,
} from './support/suite';

const suite = engineSuite();
const FILE = path.resolve(__dirname, '../../examples/flagship/dist/shop/compose.yaml');
const URL = `${PROXY}:8080`;
let running: Container[] = [];
const primaries = () => running.filter((c) => c.service === 'web');

describe('engine: the flagship shop stack under docker compose', () => {
  beforeAll(async () => {
    await composeUp(suite.docker, FILE);
    running = await containers(suite.docker, 'com.docker.compose.project=shop');
  });

  afterAll(async () => {
    await composeDown(suite.docker, FILE);
  });

  test('round robin: 300 requests spread over the 3 replicas, each within 10% of a third; the backup idle', async () => {
    // GIVEN the file's 3 replicas and its backup, all running
    expect(running.map((c) => c.service).sort()).toEqual(['nginx', 'web', 'web', 'web', 'web-backup']);
    // WHEN
    const result = await requests(suite.client, `${URL}/`, { count: 300, concurrency: 3 });
    // THEN
    expect(result.byStatus).toEqual({ 200: 300 });
    const served = result.byHeader['x-served-by'] ?? {};
    expect(Object.keys(served).sort()).toEqual(
      primaries()
        .map((c) => c.hostname)
        .sort(),
    );
    for (const count of Object.values(served)) expect(Math.abs(count - 100)).toBeLessThanOrEqual(10);
  });

  test("seed 004: /static/ is the app's own files, written to the shared volume and served by nginx", async () => {
    // WHEN
    const result = await requests(suite.client, `${URL}/static/hello.txt`, { count: 1, keep: 1 });
    const css = await requests(suite.client, `${URL}/static/app.css`, { count: 1, keep: 1 });
    // THEN the app wrote them (it learnt the folder from STATIC_DIR) and nginx answered without the app
    expect(result.kept[0]?.status).toBe(200);
    expect(result.kept[0]?.body).toMatch(/^static hello, written by slot \d+\n$/);
    expect(result.kept[0]?.headers['x-slot']).toBeUndefined();
    expect(css.kept[0]?.body).toBe('body { font-family: sans-serif; }\n');
  });

  test('/cache-me: a MISS, then a HIT with the same body, the app asked once', async () => {
    // WHEN
    const first = await requests(suite.client, `${URL}/cache-me`, { count: 1, keep: 1 });
    const second = await requests(suite.client, `${URL}/cache-me`, { count: 1, keep: 1 });
    // THEN
    expect(first.kept[0]?.headers['x-cache-status']).toBe('MISS');
    expect(second.kept[0]?.headers['x-cache-status']).toBe('HIT');
    expect(second.kept[0]?.body).toBe(first.kept[0]?.body);
  });

  test('forwarded headers: the app sees the real client, not the ones a client forged', async () => {
    // WHEN a client sends forged forwarding headers
    const result = await requests(suite.client, `${URL}/info`, {
      count: 1,
      keep: 1,
      headers: { 'X-Forwarded-For': '203.0.113.9', 'X-Real-IP': '203.0.113.9', 'X-Forwarded-Proto': 'https' },
    });
    // THEN nginx replaced every one with what it saw
    const info = JSON.parse(result.kept[0]?.body ?? '{}') as Record<string, string>;
    expect(info.x_forwarded_for).not.toContain('203.0.113.9');
    expect(info.x_real_ip).not.toBe('203.0.113.9');
    expect(info.x_forwarded_for).toBe(info.x_real_ip);
    expect(info.x_real_ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(info.x_forwarded_proto).toBe('http');
    expect(info.host).toBe('127.0.0.1');
    expect(result.kept[0]?.headers.server).toBe('nginx');
  });

  test('killing 2 of 3 replicas (SIGKILL) under load loses no request a dying worker had not begun', async () => {
    // GIVEN load running through nginx
    const before = await logLines(suite.docker, 'shop-nginx-1');
    const load = requests(suite.client, `${URL}/`, { count: 600, concurrency: 4, deadlineMs: 60_000 });
    await waitFor(
      'load to reach nginx',
      async () => ((await logLines(suite.docker, 'shop-nginx-1')) - before >= 50 ? true : undefined),
      30_000,
      100,
    );
    // WHEN two replicas are killed at once
    const victims = primaries().slice(0, 2);
    await killAll(suite.docker, victims);
    const result = await load;
    // THEN every request was answered but those a dying worker had already begun to answer: nginx passed on
    // their status line and cannot retry them (docs/e2e.md); nginx's own log names each of those
    const logs = await suite.docker.run(['logs', 'shop-nginx-1']);
    const begun = (logs.stderr.match(/upstream prematurely closed connection/g) ?? []).length;
    try {
      const failed = Object.values(result.errors).reduce((sum, n) => sum + n, 0);
      expect(failed).toBeLessThanOrEqual(begun);
      expect(result.byStatus).toEqual({ 200: result.total - failed });
      expect(result.total - failed).toBeGreaterThan(500);
      // AND the backup took at most one request per dead replica while nginx learnt they were gone
      expect(byService(result, running)['web-backup'] ?? 0).toBeLessThanOrEqual(victims.length);
    } finally {
      await revive(suite.docker, victims);
    }
  });

  test('the backup is idle while any replica lives, takes all traffic when they die, gives it back after', async () => {
    // GIVEN every replica back and seen by nginx again (a returning replica is retried after fail_timeout 10s)
    const servedOnly = async (service: string, count: number) => {
      const result = await requests(suite.client, `${URL}/`, { count });
      return result.byStatus['200'] === count && Object.keys(byService(result, running)).join() === service;
    };
    await waitFor(
      'all traffic on the replicas',
      async () => ((await servedOnly('web', 30)) ? true : undefined),
      60_000,
    );
    // WHEN two of three die
    await killAll(suite.docker, primaries().slice(0, 2));
    // THEN no request is lost while nginx learns which died. Their addresses vanish, so each first attempt at a
    // dead one times out, and the bounded failover budget may hand a request to the backup meanwhile: at most
    // one per dead replica (docs/engine.md)
    const learning = await requests(suite.client, `${URL}/`, { count: 10 });
    expect(learning.byStatus).toEqual({ 200: 10 });
    expect(byService(learning, running)['web-backup'] ?? 0).toBeLessThanOrEqual(2);
    // AND once it knows, the backup gets nothing while one replica lives
    const oneLeft = await requests(suite.client, `${URL}/`, { count: 60 });
    expect(oneLeft.byStatus).toEqual({ 200: 60 });
    expect(byService(oneLeft, running)).toEqual({ web: 60 });
    // WHEN the last one dies too: THEN the backup answers everything
    await killAll(suite.docker, primaries().slice(2));
    const alone = await requests(suite.client, `${URL}/`, { count: 30 });
    expect(alone.byStatus).toEqual({ 200: 30 });
    expect(byService(alone, running)).toEqual({ 'web-backup': 30 });
    // WHEN they return (running and healthy again)
    await revive(suite.docker, primaries());
    const back = Date.now();
    // THEN within the resolver's valid= (10 s) plus nginx's fail_timeout (10 s), and a margin for a busy
    // machine, the backup is idle again
    await waitFor(
      'traffic back on the replicas',
      async () => ((await servedOnly('web', 30)) ? true : undefined),
      60_000,
    );
    expect(Date.now() - back).toBeLessThanOrEqual(30_000);
    await waitHealthy(
      suite.docker,
      running.map((c) => c.name),
    );
  });
});
