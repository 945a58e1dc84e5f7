import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get, type IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { block, type Directive, d, parseNginx, printNginx } from '../../../src/model/nginx';

// The real Debian nginx reads our printed quoting. Only loopback, no DNS, every path inside a temp dir.
const HEADER = 'a;b{c}d"e\'f#g\\h (i) }';
const BODY = 'line1\nline2\ttab "dq" \'sq\' {braces} ;semi #hash \\back\\slash héllo ✓ 日本';
const MAP_KEY = 'k;e}y "q"';
const MAP_VALUE = 'hit {x}; #y';
const PROBE = 'a b;c';

function config(dir: string, port: number): Directive[] {
  const temp = (name: string) => join(dir, name);
  return [
    block('events', [], []),
    block(
      'http',
      [],
      [
        d('access_log', 'off'),
        d('client_body_temp_path', temp('body')),
        d('proxy_temp_path', temp('proxy')),
        d('fastcgi_temp_path', temp('fastcgi')),
        d('uwsgi_temp_path', temp('uwsgi')),
        d('scgi_temp_path', temp('scgi')),
        block('map', ['$http_x_key', '$mapped'], [d('default', 'none'), d(MAP_KEY, MAP_VALUE)]),
        block(
          'server',
          [],
          [
            d('listen', `127.0.0.1:${port}`),
            block(
              'location',
              ['/'],
              [
                d('add_header', 'X-Test', HEADER),
                d('add_header', 'X-Mapped', '$mapped'),
                block('if', ['$http_x_probe', '=', PROBE], [d('return', '418', 'probe matched')]),
                d('return', '200', BODY),
              ],
            ),
            block('location', ['=', '/a b'], [d('return', '200', 'path with a space')]),
          ],
        ),
      ],
    ),
  ];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function request(port: number, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
  });
}

async function waitUntilServing(port: number, nginx: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (nginx.exitCode !== null) throw new Error(`nginx exited (${nginx.exitCode}): ${stderr()}`);
    try {
      await request(port, '/');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe('real nginx reads the printed quoting', () => {
  let dir: string;
  let port: number;
  let file: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dockyard-nginx-'));
    port = await freePort();
    file = join(dir, 'nginx.conf');
    writeFileSync(file, printNginx(config(dir, port)));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('GIVEN a printed config full of escaped hostile values WHEN checked with nginx -t THEN nginx accepts it', () => {
    // WHEN
    const result = spawnSync(
      'nginx',
      ['-t', '-c', file, '-g', `pid ${join(dir, 'nginx.pid')}; error_log stderr;`],
      {
        encoding: 'utf8',
        timeout: 15_000,
      },
    );

    // THEN
    expect(result.error).toBeUndefined();
    expect(result.stderr).toContain('test is successful');
    expect(result.status).toBe(0);
  });

  test('GIVEN nginx serving the printed config WHEN requested THEN it returns exactly the values the parser reads', async () => {
    // GIVEN: the values as our parser reads them back from the file
    const parsed = parseNginx(printNginx(config(dir, port)));
    expect(parsed).toEqual(config(dir, port));
    let stderr = '';
    const nginx = spawn(
      'nginx',
      ['-c', file, '-g', `pid ${join(dir, 'nginx.pid')}; error_log stderr; daemon off; master_process off;`],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    nginx.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    try {
      await waitUntilServing(port, nginx, () => stderr);

      // WHEN
      const plain = await request(port, '/');
      const mapped = await request(port, '/', { 'X-Key': MAP_KEY });
      const probed = await request(port, '/', { 'X-Probe': PROBE });
      const spaced = await request(port, '/a%20b');

      // THEN
      expect(plain.status).toBe(200);
      expect(plain.body).toBe(BODY);
      expect(plain.headers['x-test']).toBe(HEADER);
      expect(plain.headers['x-mapped']).toBe('none');
      expect(mapped.headers['x-mapped']).toBe(MAP_VALUE);
      expect(probed.status).toBe(418);
      expect(probed.body).toBe('probe matched');
      expect(spaced.body).toBe('path with a space');
    } finally {
      const exited = new Promise((resolve) => nginx.once('exit', resolve));
      if (nginx.exitCode === null) nginx.kill('SIGTERM');
      await exited;
    }
  }, 20_000);
});
