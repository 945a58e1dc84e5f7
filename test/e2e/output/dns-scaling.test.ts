import { App, LoadBalancedStack } from '../../../packages/dockyard/src';
import { pollUntil } from '../../support/poll';
import { SANDBOX_NAMESERVER } from '../../support/sandbox';
import type { NginxServer, RequestsResult } from '../harness';
import { ConfigValues, type StartedStack, seed002StaticConfig, startStack, stopStack } from './support';

// Real processes on a 2-core machine that may be busy: bounded, but above jest's 5 s default.
jest.setTimeout(30_000);

const slotsOf = (result: RequestsResult) => result.byHeader['x-slot'] ?? {};

// Seed 002: `docker compose up --scale flaskapp=3` while nginx runs. dnsmasq on 127.0.0.11 stands in for
// Docker's embedded DNS. Dockyard's config for nginx 1.22 (`dns: 'variable'`) and the seed's first config
// (resolved once at start) run side by side against the same service.
describe('Dockyard dns "variable" vs the seed 002 static config, scaling 1 -> 3 under running nginx', () => {
  let run: StartedStack;
  let stack: LoadBalancedStack;
  let seed: NginxServer;
  let service: string;

  beforeAll(async () => {
    stack = new LoadBalancedStack(new App(), 'scaled', {
      flask: { name: 'flaskapp', image: 'flaskapp:1', port: 5090, replicas: 1, workers: 1 },
      // The seed's config listens on 80; Dockyard's takes another port to run beside it.
      proxy: { nginxVersion: '1.22', dns: 'variable', listenPort: 8080 },
    });
    const seedConfig = seed002StaticConfig();
    run = await startStack(stack, { otherConfigs: [seedConfig] });
    seed = await run.harness.startNginx('seed-002', seedConfig);
    service = stack.flask.serviceName;
  });

  afterAll(async () => {
    await stopStack(run);
  });

  test("Dockyard asks the sandbox DNS (Docker's address) per request through a variable", () => {
    // THEN
    const config = new ConfigValues(run.plan.proxy.config);
    expect(config.one('resolver')[0]).toBe(SANDBOX_NAMESERVER);
    expect(config.all('upstream')).toEqual([]);
    expect(config.all('proxy_pass').map((d) => d.args[0])).toContain(
      `http://$upstream_${service}:${stack.flask.port}`,
    );
    expect(run.plan.services).toEqual({ [service]: { replicas: 1, port: stack.flask.port, workers: 1 } });
  });

  test('with one replica, both configs reach it', async () => {
    // WHEN (this also fills nginx's resolver cache with the one address)
    const [dockyard, original] = await Promise.all([
      run.harness.request(`${run.url}/`, { count: 10 }),
      run.harness.request(`${seed.url}/`, { count: 10 }),
    ]);
    // THEN
    expect(slotsOf(dockyard)).toEqual({ 1: 10 });
    expect(slotsOf(original)).toEqual({ 1: 10 });
  });

  test('after scaling to 3, Dockyard reaches all three within valid=; the seed keeps only the first', async () => {
    // GIVEN the resolver's validity from the config under test
    const validMs = new ConfigValues(run.plan.proxy.config).resolverValidMs();
    const replicas = await run.harness.scale(service, 3);
    expect((await run.harness.client.dns(SANDBOX_NAMESERVER, service)).addresses).toEqual(
      replicas.map((r) => r.address).sort(),
    );
    // WHEN polled until a batch reaches every replica, bounded by valid= (the cached one-address answer lives
    // that long, counted in whole seconds of nginx's clock) plus a margin for a busy machine
    const reached = await pollUntil(
      () => run.harness.request(`${run.url}/`, { count: 30 }),
      (batch) => Object.keys(slotsOf(batch)).length === 3,
      { withinMs: validMs + 1000 + 2000 },
    );
    const [dockyard, original] = await Promise.all([
      run.harness.request(`${run.url}/`, { count: 90 }),
      run.harness.request(`${seed.url}/`, { count: 90 }),
    ]);
    // THEN
    expect(Object.keys(slotsOf(reached.value)).sort()).toEqual(['1', '2', '3']);
    expect(dockyard.byStatus).toEqual({ 200: 90 });
    expect(Object.keys(slotsOf(dockyard)).sort()).toEqual(['1', '2', '3']);
    // nginx spreads a variable's resolved addresses, not a static round robin, so the split is only roughly
    // even: 10 of 90 per replica is far below the 30 expected (a binomial tail well under 1 in 10^5), while a
    // replica nginx never learnt of still gets 0.
    for (const count of Object.values(slotsOf(dockyard))) expect(count).toBeGreaterThanOrEqual(10);
    expect(original.byStatus).toEqual({ 200: 90 });
    expect(slotsOf(original)).toEqual({ 1: 90 });
  });
});
