import { App, FlaskService, LoadBalancedStack, NginxProxy, Stack } from '../../../packages/dockyard/src';
import { ConfigValues, NGINX_CONF_TARGET, type StartedStack, startStack, stopStack } from './support';

// Real processes on a 2-core machine that may be busy: bounded, but above jest's 5 s default.
jest.setTimeout(30_000);

// Debian's nginx is 1.22: Dockyard must be told, and picks no `resolve` for it.
const NGINX_1_22 = { nginxVersion: '1.22', dns: 'static' } as const;

describe('Dockyard LoadBalancedStack: round robin over its replicas', () => {
  let run: StartedStack;
  let stack: LoadBalancedStack;

  beforeAll(async () => {
    stack = new LoadBalancedStack(new App(), 'shop', {
      flask: { image: 'shop:1.4', port: 5000, replicas: 3, workers: 1 },
      proxy: NGINX_1_22,
    });
    run = await startStack(stack);
  });

  afterAll(async () => {
    await stopStack(run);
  });

  test('runs the exact nginx.conf Dockyard wrote, and the replicas and port of its compose.yaml', async () => {
    // WHEN
    const inside = await run.harness.sandbox.exec('cat', [NGINX_CONF_TARGET]);
    // THEN the config nginx reads is the synthesized text, byte for byte
    expect(inside.stdout).toBe(run.artifacts.files['nginx.conf']?.text);
    // AND what was read from compose.yaml agrees with the program's constructs
    expect(run.plan.services).toEqual({
      [stack.flask.serviceName]: { replicas: stack.flask.replicas, port: stack.flask.port, workers: 1 },
    });
    expect(run.harness.flask.running(stack.flask.serviceName)).toHaveLength(3);
  });

  test('spreads 300 requests evenly, each replica within 10% of a third', async () => {
    // GIVEN
    const { replicas } = run.plan.services[stack.flask.serviceName]!;
    const share = 300 / replicas;
    // WHEN
    const result = await run.harness.request(`${run.url}/`, { count: 300 });
    // THEN
    expect(result.byStatus).toEqual({ 200: 300 });
    const bySlot = result.byHeader['x-slot'] ?? {};
    expect(Object.keys(bySlot).sort()).toEqual(['1', '2', '3']);
    for (const count of Object.values(bySlot))
      expect(Math.abs(count - share)).toBeLessThanOrEqual(share / 10);
  });
});

describe('Dockyard NginxProxy.addUpstream: server weights', () => {
  let run: StartedStack;

  beforeAll(async () => {
    const stack = new Stack(new App(), 'weighted');
    const heavy = new FlaskService(stack, 'heavy', { image: 'shop:1.4', port: 5001, workers: 1 });
    const light = new FlaskService(stack, 'light', { image: 'shop:1.4', port: 5002, workers: 1 });
    const proxy = new NginxProxy(stack, 'nginx', NGINX_1_22);
    const pool = proxy.addUpstream('pool', {
      servers: [
        { service: heavy, weight: 3 },
        { service: light, weight: 1 },
      ],
    });
    proxy.addRoute('/', pool);
    run = await startStack(stack);
  });

  afterAll(async () => {
    await stopStack(run);
  });

  test('sends each service its weight share of 400 requests (within 10%)', async () => {
    // GIVEN the weights as the config under test states them
    const servers = new ConfigValues(run.plan.proxy.config).upstreamServers('pool');
    expect(servers.map((s) => [s.address, s.params.weight])).toEqual([
      ['heavy:5001', '3'],
      ['light:5002', '1'],
    ]);
    const total = servers.reduce((sum, s) => sum + Number(s.params.weight), 0);
    // WHEN
    const result = await run.harness.request(`${run.url}/`, { count: 400 });
    // THEN
    expect(result.byStatus).toEqual({ 200: 400 });
    const servedBy = result.byHeader['x-served-by'] ?? {};
    expect(Object.keys(servedBy).sort()).toEqual(['heavy.1', 'light.1']);
    for (const server of servers) {
      const expected = (400 * Number(server.params.weight)) / total;
      const got = servedBy[`${server.address.split(':')[0]}.1`] ?? 0;
      expect(Math.abs(got - expected)).toBeLessThanOrEqual(expected / 10);
    }
  });
});
