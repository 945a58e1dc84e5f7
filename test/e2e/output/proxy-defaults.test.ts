import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, LoadBalancedStack } from '../../../packages/dockyard/src';
import {
  appRequests,
  ConfigValues,
  NGINX_HTML_ROOT,
  nginxSizeBytes,
  OFFICIAL_50X_HTML,
  type StartedStack,
  startStack,
  stopStack,
} from './support';

// Real processes on a 2-core machine that may be busy: bounded, but above jest's 5 s default.
jest.setTimeout(30_000);

// A client address that is neither nginx's nor a replica's, so forwarded headers can be traced to it.
const CLIENT = '127.1.0.7';

describe("Dockyard LoadBalancedStack: the proxy's defaults, seen from a client", () => {
  let run: StartedStack;
  let stack: LoadBalancedStack;
  let web: string;
  let config: ConfigValues;

  beforeAll(async () => {
    // The flagship's shop, for the nginx installed here, with a small body limit to cross cheaply.
    stack = new LoadBalancedStack(new App(), 'shop', {
      flask: { image: 'shop:1.4', port: 5000, replicas: 2, workers: 1 },
      proxy: { nginxVersion: '1.22', dns: 'static', clientMaxBodySize: '16k' },
      backup: {},
      staticFiles: { urlPath: '/static', appDir: '/app/static' },
      cache: { paths: ['/cache-me'], ttl: '10m' },
    });
    run = await startStack(stack);
    web = stack.flask.serviceName;
    config = new ConfigValues(run.plan.proxy.config);
  });

  afterAll(async () => {
    await stopStack(run);
  });

  test('static files come from the shared volume, served by nginx without reaching Flask', async () => {
    // GIVEN the file the app wrote into its volume at start (seen from the host side)
    const [volume] = Object.entries(run.plan.volumes).find(([, targets]) => targets.length > 1) ?? [];
    const written = readFileSync(path.join(run.harness.volumePath(volume!), 'hello.txt'), 'utf8');
    const before = await appRequests(run, web, '/static/hello.txt');
    // WHEN
    const result = await run.harness.request(`${run.url}/static/hello.txt`, { count: 5, keep: 1 });
    // THEN
    expect(result.byStatus).toEqual({ 200: 5 });
    expect(result.kept[0]?.body).toBe(written);
    expect(result.byHeader['x-slot']).toEqual({ '-': 5 });
    expect(await appRequests(run, web, '/static/hello.txt')).toBe(before);
    expect(before).toBe(0);
  });

  test('/cache-me reaches Flask once; the second request is a cache HIT', async () => {
    // WHEN
    const first = await run.harness.request(`${run.url}/cache-me`, { keep: 1 });
    const second = await run.harness.request(`${run.url}/cache-me`, { keep: 1 });
    // THEN
    expect(first.kept[0]?.headers['x-cache-status']).toBe('MISS');
    expect(second.kept[0]?.headers['x-cache-status']).toBe('HIT');
    expect(second.kept[0]?.body).toBe(first.kept[0]?.body);
    expect(await appRequests(run, web, '/cache-me')).toBe(1);
  });

  test('/info gets Host, X-Real-IP, X-Forwarded-Proto and an X-Forwarded-For a client cannot forge', async () => {
    // WHEN a client sends a forged X-Forwarded-For
    const result = await run.harness.request(`${run.url}/info`, {
      keep: 1,
      localAddress: CLIENT,
      headers: { 'X-Forwarded-For': '6.6.6.6', Host: 'shop.example' },
    });
    // THEN the app sees the real client address only
    expect(result.kept[0]?.status).toBe(200);
    const info = JSON.parse(result.kept[0]?.body ?? '{}') as Record<string, string | null>;
    expect(info).toMatchObject({
      host: 'shop.example',
      x_real_ip: CLIENT,
      x_forwarded_for: CLIENT,
      x_forwarded_proto: 'http',
    });
    // AND the app's own peer is nginx, not the client: the headers are the only way it learns the client
    expect(info.remote_addr).not.toBe(CLIENT);
  });

  test('a body over client_max_body_size gets 413 from nginx; one under it reaches Flask', async () => {
    // GIVEN the limit as the config states it
    const [limit] = config.one('client_max_body_size');
    const bytes = nginxSizeBytes(limit!);
    // WHEN
    const over = await run.harness.request(`${run.url}/`, { method: 'POST', bodyBytes: bytes + 1, keep: 1 });
    const under = await run.harness.request(`${run.url}/`, { method: 'POST', bodyBytes: bytes, keep: 1 });
    // THEN
    expect(over.kept[0]?.status).toBe(413);
    expect(over.kept[0]?.headers['x-slot']).toBeUndefined();
    // Flask has no POST on / (405), which proves the body got through to it.
    expect(under.kept[0]?.status).toBe(405);
    expect(under.kept[0]?.headers['x-slot']).toBeDefined();
  });

  test('the Server header names nginx without its version', async () => {
    // WHEN
    const result = await run.harness.request(`${run.url}/`, { keep: 1 });
    // THEN
    expect(result.kept[0]?.headers.server).toBe('nginx');
  });

  test('with every replica and the backup dead, nginx answers 502 with the image 50x page', async () => {
    // GIVEN every process behind the upstream is gone
    for (const [service] of Object.entries(run.plan.services)) {
      await Promise.all(
        run.harness.flask.running(service).map((r) => run.harness.killReplica(service, r.slot)),
      );
    }
    // WHEN
    const result = await run.harness.request(`${run.url}/`, { count: 3, keep: 3 });
    // THEN
    expect(Object.keys(result.byStatus)).toEqual(['502']);
    for (const response of result.kept) {
      expect(response.body).toBe(OFFICIAL_50X_HTML);
      expect(response.headers['x-slot']).toBeUndefined();
      expect(response.headers.server).toBe('nginx');
    }
    expect(config.all('root').map((d) => d.args)).toContainEqual([NGINX_HTML_ROOT]);
  });
});
