import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, FlaskService, NginxProxy, Stack } from '../../../packages/dockyard/src';
import { makeTestCa, type TestCa } from '../../support/tls/certificates';
import { type StartedStack, startStack, stopStack } from './support';

// Two FlaskServices on two host names behind one real nginx (Debian's 1.22) running the synthesized config:
// shop.example over HTTPS with a certificate of a test CA (given to nginx where Compose and Swarm mount
// secrets), blog.example over HTTP with a rate-limited /api/, a WebSocket route to a real python3-websockets
// echo server, and the default server for every other name.

jest.setTimeout(60_000);

/** nginx's plain-HTTP port inside the sandbox (its first listen may be 443). */
const HTTP = 'http://127.0.0.1:80';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'dockyard-e2e-sites-'));

/** The program under test; `slow` allows 4 requests over its rate of one per 2 s. */
function program(ca: TestCa) {
  const cert = ca.leaf('shop.example');
  const stack = new Stack(new App({ baseDir: tmp, outdir: path.join(tmp, 'dist') }), 'sites');
  const shop = new FlaskService(stack, 'shop', { image: 'shop:1', port: 5000, workers: 1 });
  const blog = new FlaskService(stack, 'blog', { image: 'blog:1', port: 5001, workers: 1 });
  const chat = new FlaskService(stack, 'chat', { image: 'chat:1', port: 5002, workers: 1 });
  const proxy = new NginxProxy(stack, 'nginx', { nginxVersion: '1.22', dns: 'static' });
  const slow = proxy.addRateLimit('slow', { rate: '30r/m' });
  const site = proxy.addSite('shop', {
    serverName: ['shop.example'],
    tls: { certificate: path.relative(tmp, cert.certificate), key: path.relative(tmp, cert.key) },
    hsts: { maxAge: 31536000 },
  });
  site.addRoute('/', proxy.addUpstream('shop', { servers: [shop] }));
  site.addRoute('/ws/', proxy.addUpstream('chat', { servers: [chat] }), { websocket: true });
  const blogSite = proxy.addSite('blog', { serverName: ['blog.example'] });
  const blogPool = proxy.addUpstream('blog', { servers: [blog] });
  blogSite.addRoute('/', blogPool);
  blogSite.addRoute('/api/', blogPool, { rateLimit: { zone: slow, burst: 4 } });
  return { stack, cert };
}

// A WebSocket echo on the chat replica's address (the upstream nginx was configured with), in place of gunicorn.
const ECHO_SERVER = `
import asyncio, sys, websockets
async def echo(socket, path=None):
    async for message in socket:
        await socket.send("echo:" + message)
async def main():
    async with websockets.serve(echo, sys.argv[1], int(sys.argv[2])):
        await asyncio.Future()
asyncio.run(main())
`;
const ECHO_CLIENT = `
import asyncio, ssl, sys, websockets
async def main():
    context = ssl.create_default_context(cafile=sys.argv[2])
    async with websockets.connect(sys.argv[1], ssl=context, open_timeout=5) as socket:
        for word in ("one", "two", "three"):
            await socket.send(word)
            print(await asyncio.wait_for(socket.recv(), 5))
asyncio.run(main())
`;

describe('Dockyard NginxProxy sites, end to end', () => {
  let ca: TestCa;
  let run: StartedStack;

  beforeAll(async () => {
    ca = makeTestCa(path.join(tmp, 'certs'));
    const { stack, cert } = program(ca);
    run = await startStack(stack, {
      secrets: {
        nginx_shop_crt: readFileSync(cert.certificate, 'utf8'),
        nginx_shop_key: readFileSync(cert.key, 'utf8'),
      },
    });
    // The host names resolve to nginx inside the sandbox, as a public DNS name resolves to the host.
    for (const name of ['shop.example', 'blog.example', 'unknown.example'])
      await run.harness.dns.set(name, ['127.0.0.1']);
  });

  afterAll(async () => {
    await stopStack(run);
    rmSync(tmp, { recursive: true, force: true });
  });

  /** Real curl inside the sandbox; `-w` prints the status and the HTTP version after the body. */
  const curl = (args: readonly string[]) =>
    run.harness.sandbox.exec('curl', ['-sS', '--max-time', '5', '--cacert', ca.certificate, ...args], {
      timeoutMs: 10_000,
    });

  test('HTTPS with the test CA: HTTP/2, the shop app, HSTS and the security headers', async () => {
    // WHEN
    const result = await curl([
      '-D',
      '-',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code} %{http_version}',
      'https://shop.example/',
    ]);
    // THEN
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/200 2$/);
    expect(result.stdout).toMatch(/^strict-transport-security: max-age=31536000\r?$/im);
    expect(result.stdout).toMatch(/^x-content-type-options: nosniff\r?$/im);
    expect(result.stdout).toMatch(/^x-slot: 1\r?$/im);
  });

  test('plain HTTP to the TLS site is redirected to the same URL over HTTPS', async () => {
    // WHEN
    const result = await curl([
      '-o',
      '/dev/null',
      '-w',
      '%{http_code} %{redirect_url}',
      'http://shop.example/info?x=1',
    ]);
    // THEN
    expect(result.stdout).toBe('301 https://shop.example/info?x=1');
  });

  test('each host name reaches its own app; an unknown one gets 421, and no certificate over TLS', async () => {
    // WHEN
    const blog = await run.harness.request(`${HTTP}/`, { headers: { Host: 'blog.example' }, keep: 1 });
    const unknown = await run.harness.request(`${HTTP}/`, {
      headers: { Host: 'unknown.example' },
      keep: 1,
    });
    const tls = await curl(['-o', '/dev/null', 'https://unknown.example/']);
    // THEN
    expect(blog.kept[0]?.status).toBe(200);
    expect(blog.kept[0]?.headers['x-served-by']).toBeDefined();
    expect(unknown.kept[0]?.status).toBe(421);
    expect(unknown.kept[0]?.headers['x-slot']).toBeUndefined();
    // curl's 35: the TLS handshake failed (nginx's ssl_reject_handshake); no site's certificate was shown.
    expect(tls.code).toBe(35);
  });

  test('a burst over the rate limit: rate + burst requests are served, every other one gets 429', async () => {
    // WHEN 20 requests as fast as one client sends them
    const result = await run.harness.request(`${HTTP}/api/x`, {
      count: 20,
      headers: { Host: 'blog.example' },
      keepAlive: true,
    });
    // THEN one request at the rate plus a burst of 4, and one more per 2 s the burst took
    const served = 20 - (result.byStatus['429'] ?? 0);
    console.log(
      `[e2e] rate limit 30r/m burst 4: ${JSON.stringify(result.byStatus)} in ${result.durationMs} ms`,
    );
    expect(result.errors).toEqual({});
    expect(served).toBeGreaterThanOrEqual(5);
    expect(served).toBeLessThanOrEqual(5 + Math.floor(result.durationMs / 2000));
    expect(result.byStatus['429']).toBeGreaterThanOrEqual(15 - Math.floor(result.durationMs / 2000));
  });

  test('a WebSocket through nginx over TLS to a real python3-websockets echo server', async () => {
    // GIVEN the chat replica's address serves a WebSocket echo instead of gunicorn
    const chat = run.harness.replica('chat', 1);
    await run.harness.killReplica('chat', 1);
    const server = run.harness.sandbox.spawn('websocket echo', '/usr/bin/python3', [
      '-c',
      ECHO_SERVER,
      chat.address,
      String(chat.port),
    ]);
    const ready = await run.harness.client.waitFor([{ host: chat.address, port: chat.port }], 10_000);
    expect(ready).toMatchObject({ ready: true });
    try {
      // WHEN
      const result = await run.harness.sandbox.exec(
        '/usr/bin/python3',
        ['-c', ECHO_CLIENT, 'wss://shop.example/ws/', ca.certificate],
        { timeoutMs: 15_000 },
      );
      // THEN
      expect(result.stderr).toBe('');
      expect(result.stdout.trim().split('\n')).toEqual(['echo:one', 'echo:two', 'echo:three']);
    } finally {
      await server.kill('SIGTERM', 2000);
    }
  });
});
