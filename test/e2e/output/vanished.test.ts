import { App, LoadBalancedStack, type NginxProxyProps } from '../../../packages/dockyard/src';
import { ConfigValues, nginxTimeMs, type StartedStack, startStack, stopStack } from './support';

// Real processes on a 2-core machine that may be busy: bounded, but above jest's 5 s default.
jest.setTimeout(60_000);

// The bound: when every primary dies at once, no request fails and none waits longer than this.
const LONGEST_WAIT_MS = 3000;

// Every replica killed at once on a real Docker engine: their addresses leave the bridge, so nginx's
// connections to them time out instead of being refused. Before the hand-off, 3 replicas made the first
// request wait 3 x proxy_connect_timeout (6.0 s) for the backup and 5 replicas ran into
// proxy_next_upstream_timeout (a 504). `vanishReplica` reproduces the vanished address inside the sandbox.
// The defaults as they are (nginx 1.28, dns "resolve", run by unstable's nginx 1.30), and the same stack for
// nginx 1.22 with dns "static" (run by Debian's 1.22).
const cases: Array<[number, string, NginxProxyProps]> = [
  [3, 'the defaults (resolve)', {}],
  [5, 'the defaults (resolve)', {}],
  [3, 'nginx 1.22, dns static', { nginxVersion: '1.22', dns: 'static' }],
  [5, 'nginx 1.22, dns static', { nginxVersion: '1.22', dns: 'static' }],
];

describe.each(cases)('all %i replicas vanish at once, %s', (replicas, _name, proxy) => {
  let run: StartedStack;
  let stack: LoadBalancedStack;

  beforeAll(async () => {
    stack = new LoadBalancedStack(new App(), 'shop', {
      flask: { image: 'shop:1.4', port: 5000, replicas, workers: 1 },
      proxy,
      backup: {},
    });
    run = await startStack(stack);
  });

  afterAll(async () => {
    await stopStack(run);
  });

  test('the defaults bound the primary attempt below the wait allowed, for any number of replicas', () => {
    // GIVEN the proxy's connect timeout and next-upstream budget, read from the synthesized config
    const config = new ConfigValues(run.plan.proxy.config);
    const connectMs = nginxTimeMs(config.one('proxy_connect_timeout')[0] ?? '60s');
    const budgetMs = nginxTimeMs(config.one('proxy_next_upstream_timeout')[0] ?? '0');
    // THEN no new try starts after the budget, and the try in flight ends within the connect timeout
    expect(budgetMs).toBeGreaterThan(0);
    expect(budgetMs + connectMs).toBeLessThan(LONGEST_WAIT_MS);
  });

  test('every request succeeds through the backup, none waits > 3 s, and later ones go straight to it', async () => {
    // GIVEN nginx has used every replica, and then all their addresses vanish together
    const web = stack.flask.serviceName;
    const warm = await run.harness.request(`${run.url}/`, { count: 4 * replicas });
    expect(warm.byStatus).toEqual({ 200: 4 * replicas });
    expect(Object.keys(warm.byHeader['x-served-by'] ?? {})).toHaveLength(replicas);
    await Promise.all(run.harness.flask.running(web).map((r) => run.harness.vanishReplica(web, r.slot)));
    // WHEN the first requests meet the vanished addresses, then more follow
    const first = await run.harness.request(`${run.url}/`, { count: 10, requestTimeoutMs: 15_000 });
    const later = await run.harness.request(`${run.url}/`, { count: 20, requestTimeoutMs: 15_000 });
    // THEN
    const backup = `${stack.backup!.serviceName}.1`;
    console.log(
      `${replicas} replicas vanished, nginx ${run.nginx.version} dns ${stack.proxy.dns}: first 10 requests slowest ${first.slowestMs} ms, next 20 slowest ${later.slowestMs} ms`,
    );
    expect(first.errors).toEqual({});
    expect(first.byStatus).toEqual({ 200: 10 });
    expect(first.byHeader['x-served-by']).toEqual({ [backup]: 10 });
    expect(first.slowestMs).toBeLessThanOrEqual(LONGEST_WAIT_MS);
    // A vanished address was really waited on (the first request timed out on at least one connect):
    // otherwise this test would not be exercising the defect.
    expect(first.slowestMs).toBeGreaterThanOrEqual(900);
    expect(later.byStatus).toEqual({ 200: 20 });
    expect(later.byHeader['x-served-by']).toEqual({ [backup]: 20 });
    // nginx marked every primary failed (max_fails) while the first requests ran: no more connect waits.
    expect(later.slowestMs).toBeLessThan(500);
  });
});

describe('Dockyard defaults without a backup: every replica vanishes (dns "variable")', () => {
  let run: StartedStack;
  let stack: LoadBalancedStack;

  beforeAll(async () => {
    stack = new LoadBalancedStack(new App(), 'shop', {
      flask: { image: 'shop:1.4', port: 5000, replicas: 5, workers: 1 },
      proxy: { nginxVersion: '1.22', dns: 'variable' },
    });
    run = await startStack(stack);
  });

  afterAll(async () => {
    await stopStack(run);
  });

  test("a dead pool still ends in the image's 50x page, within 3 s", async () => {
    // GIVEN
    const web = stack.flask.serviceName;
    expect((await run.harness.request(`${run.url}/`, { count: 10 })).byStatus).toEqual({ 200: 10 });
    await Promise.all(run.harness.flask.running(web).map((r) => run.harness.vanishReplica(web, r.slot)));
    // WHEN
    const result = await run.harness.request(`${run.url}/`, { count: 4, keep: 4, requestTimeoutMs: 15_000 });
    // THEN nginx's own 504 (the budget ran out on connects that time out), answered with the page
    console.log(`5 replicas vanished, no backup, nginx ${run.nginx.version}: slowest ${result.slowestMs} ms`);
    expect(result.errors).toEqual({});
    expect(result.byStatus).toEqual({ 504: 4 });
    for (const response of result.kept) expect(response.body).toContain('<h1>An error occurred.</h1>');
    expect(result.slowestMs).toBeLessThanOrEqual(LONGEST_WAIT_MS);
  });
});

// The same sandbox with the old defaults reproduces the figures, so the vanished addresses above really
// are the engine's failure mode: without the hand-off the first request waits one connect timeout per replica.
describe('the old defaults (connect 2s, next-upstream 10s, no hand-off) on vanished addresses', () => {
  const OLD_DEFAULTS: NginxProxyProps = {
    nginxVersion: '1.22',
    dns: 'static',
    timeouts: { connect: '2s' },
    failover: { timeout: '10s', handOff: false },
  };

  test.each([
    [3, { 200: 1 }, 5500, 7000],
    [5, { 504: 1 }, 9500, 11_500],
  ])('%i replicas: the first request gets %j after %i-%i ms', async (replicas, statuses, atLeast, atMost) => {
    // GIVEN
    const stack = new LoadBalancedStack(new App(), 'shop', {
      flask: { image: 'shop:1.4', port: 5000, replicas, workers: 1 },
      proxy: OLD_DEFAULTS,
      backup: {},
    });
    const run = await startStack(stack);
    try {
      const web = stack.flask.serviceName;
      expect((await run.harness.request(`${run.url}/`, { count: 2 * replicas })).byStatus).toEqual({
        200: 2 * replicas,
      });
      await Promise.all(run.harness.flask.running(web).map((r) => run.harness.vanishReplica(web, r.slot)));
      // WHEN
      const first = await run.harness.request(`${run.url}/`, { count: 1, requestTimeoutMs: 15_000 });
      // THEN
      console.log(
        `old defaults, ${replicas} replicas vanished: ${JSON.stringify(first.byStatus)} after ${first.slowestMs} ms`,
      );
      expect(first.byStatus).toEqual(statuses);
      expect(first.slowestMs).toBeGreaterThanOrEqual(atLeast);
      expect(first.slowestMs).toBeLessThanOrEqual(atMost);
    } finally {
      await stopStack(run);
    }
  });
});
