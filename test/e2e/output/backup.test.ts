import { App, LoadBalancedStack } from '../../../packages/dockyard/src';
import { pollUntil } from '../../support/poll';
import type { RequestsResult } from '../harness';
import { ConfigValues, nginxTimeMs, type StartedStack, startStack, stopStack } from './support';

// Real processes on a 2-core machine that may be busy: bounded, but above jest's 5 s default.
jest.setTimeout(30_000);

const servedBy = (result: RequestsResult) => result.byHeader['x-served-by'] ?? {};

/** Seed 001's shape: 3 replicas and a backup, for Debian's nginx 1.22 (static DNS). */
function shopWithBackup(): LoadBalancedStack {
  return new LoadBalancedStack(new App(), 'shop', {
    flask: { image: 'shop:1.4', port: 5000, replicas: 3, workers: 1 },
    proxy: { nginxVersion: '1.22', dns: 'static' },
    backup: {},
  });
}

describe('Dockyard LoadBalancedStack with a backup (seed 001)', () => {
  let run: StartedStack;
  let stack: LoadBalancedStack;
  let web: string;
  let backup: string;
  let slots: number[];

  beforeAll(async () => {
    stack = shopWithBackup();
    run = await startStack(stack);
    web = stack.flask.serviceName;
    backup = stack.backup!.serviceName;
    slots = run.harness.flask.running(web).map((r) => r.slot);
  });

  afterAll(async () => {
    await stopStack(run);
  });

  test('the config marks the backup service as nginx backup of the app upstream', () => {
    // THEN
    const servers = new ConfigValues(run.plan.proxy.config).upstreamServers(web);
    expect(servers).toEqual([
      { address: `${web}:${stack.flask.port}`, params: {} },
      { address: `${backup}:${stack.backup!.port}`, params: { backup: true } },
    ]);
    expect(run.plan.services[web]?.replicas).toBe(3);
    expect(run.plan.services[backup]?.replicas).toBe(1);
  });

  test('while every replica lives, the backup gets nothing', async () => {
    // WHEN
    const result = await run.harness.request(`${run.url}/`, { count: 60 });
    // THEN
    expect(result.byStatus).toEqual({ 200: 60 });
    expect(servedBy(result)).toEqual(Object.fromEntries(slots.map((slot) => [`${web}.${slot}`, 20])));
  });

  test('while one replica lives, it takes everything and the backup still gets nothing', async () => {
    // GIVEN
    const [survivor, ...others] = slots;
    await Promise.all(others.map((slot) => run.harness.killReplica(web, slot)));
    // WHEN
    const result = await run.harness.request(`${run.url}/`, { count: 40 });
    // THEN
    expect(result.byStatus).toEqual({ 200: 40 });
    expect(servedBy(result)).toEqual({ [`${web}.${survivor}`]: 40 });
    expect((await run.harness.stats(backup, 1)).counts['/'] ?? 0).toBe(0);
  });

  test('once every replica is dead, the backup answers every request', async () => {
    // GIVEN
    await run.harness.killReplica(web, slots[0]!);
    // WHEN
    const result = await run.harness.request(`${run.url}/`, { count: 40 });
    // THEN
    expect(result.byStatus).toEqual({ 200: 40 });
    expect(servedBy(result)).toEqual({ [`${backup}.1`]: 40 });
    expect((await run.harness.stats(backup, 1)).counts['/']).toBe(40);
  });

  test('once the replicas are back, the backup gives the traffic back within fail_timeout', async () => {
    // GIVEN nginx's fail_timeout for the app's servers (none set in the config: nginx's 10 s)
    const [server] = new ConfigValues(run.plan.proxy.config).upstreamServers(web);
    const failTimeoutMs = nginxTimeMs(String(server?.params.fail_timeout ?? '10s'));
    await Promise.all(slots.map((slot) => run.harness.restartReplica(web, slot)));
    // WHEN polled until every replica serves again and the backup nothing. Each replica was marked failed at
    // its own moment (two died a test earlier than the third), so each comes back at its own fail_timeout: a
    // batch without the backup is not yet a batch of all three. Bounded by fail_timeout (the last failure
    // came before the restart) plus a margin for a busy machine.
    const allPrimaries = (r: RequestsResult) =>
      JSON.stringify(Object.keys(servedBy(r)).sort()) ===
      JSON.stringify(slots.map((slot) => `${web}.${slot}`).sort());
    const recovered = await pollUntil(() => run.harness.request(`${run.url}/`, { count: 30 }), allPrimaries, {
      withinMs: failTimeoutMs + 3000,
      everyMs: 250,
    });
    expect(Object.keys(servedBy(recovered.value)).sort()).toEqual(
      slots.map((slot) => `${web}.${slot}`).sort(),
    );
    const result = await run.harness.request(`${run.url}/`, { count: 30 });
    // THEN
    expect(result.byStatus).toEqual({ 200: 30 });
    expect(servedBy(result)).toEqual(Object.fromEntries(slots.map((slot) => [`${web}.${slot}`, 10])));
  });
});

// Every replica dying at once, their addresses still refusing connections (a crashed process). In Compose the
// app's name resolves to its 3 replicas; with `proxy_next_upstream_tries 3` (Dockyard's old default, which counts
// the backup among the tries) the first request tried 3 dead addresses and got 502 (measured: 19 x 200 and
// 1 x 502). The default is now 0, nginx's own (each server once, bounded by proxy_next_upstream_timeout).
// Addresses that vanish instead (timeouts): vanished.test.ts.
describe('Dockyard LoadBalancedStack with a backup: every replica dying at once', () => {
  let run: StartedStack;
  let stack: LoadBalancedStack;

  beforeAll(async () => {
    stack = shopWithBackup();
    run = await startStack(stack);
  });

  afterAll(async () => {
    await stopStack(run);
  });

  test('the backup answers from the very first request', async () => {
    // GIVEN nginx has used every replica, and then they all die together
    const web = stack.flask.serviceName;
    expect(new ConfigValues(run.plan.proxy.config).one('proxy_next_upstream_tries')).toEqual(['0']);
    expect((await run.harness.request(`${run.url}/`, { count: 30 })).byStatus).toEqual({ 200: 30 });
    await Promise.all(run.harness.flask.running(web).map((r) => run.harness.killReplica(web, r.slot)));
    // WHEN
    const result = await run.harness.request(`${run.url}/`, { count: 20 });
    // THEN
    expect(result.byStatus).toEqual({ 200: 20 });
    expect(result.byHeader['x-served-by']).toEqual({ [`${stack.backup!.serviceName}.1`]: 20 });
  });
});
