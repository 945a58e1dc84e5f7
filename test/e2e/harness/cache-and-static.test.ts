import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { E2eHarness } from '.';

// Real processes on a 2-core machine that may be busy: bounded, but above jest's 5 s default.
jest.setTimeout(30_000);

// Seed 003's proxy cache for /cache-me and seed 004's static files: the app writes them into a volume
// mounted at /app/static, nginx serves the same volume from /var/www-data.
const CONFIG = `events {}
http {
    proxy_cache_path /var/cache/nginx levels=1:2 keys_zone=flask_cache:10m inactive=60m;
    server {
        listen 8080;
        location / {
            proxy_pass http://flask-app:8000;
        }
        location /cache-me {
            proxy_pass http://flask-app:8000;
            proxy_cache flask_cache;
            proxy_cache_valid 200 10m;
            add_header X-Cache-Status $upstream_cache_status;
        }
        location /static {
            alias /var/www-data;
        }
    }
}
`;

describe('proxy cache and static files (seeds 003, 004)', () => {
  let h: E2eHarness;
  const appRequests = async (urlPath: string) => {
    const stats = await Promise.all([1, 2].map((slot) => h.stats('flask-app', slot)));
    return stats.reduce((sum, s) => sum + (s.counts[urlPath] ?? 0), 0);
  };

  beforeAll(async () => {
    h = await E2eHarness.create({
      services: { 'flask-app': { replicas: 2, port: 8000, staticDir: '/app/static' } },
      volumes: { static: ['/app/static', '/var/www-data'] },
      nginxConfigs: [CONFIG],
    });
    await h.startNginx('proxy', CONFIG);
  });

  afterAll(async () => {
    await h?.destroy();
    expect(h.leftovers()).toEqual([]);
  });

  test('/cache-me reaches Flask once, then nginx answers from its cache', async () => {
    // WHEN
    const result = await h.request('http://127.0.0.1:8080/cache-me', {
      count: 10,
      keep: 10,
      countHeaders: ['x-cache-status'],
    });
    // THEN
    expect(result.byStatus).toEqual({ 200: 10 });
    expect(result.byHeader['x-cache-status']).toEqual({ MISS: 1, HIT: 9 });
    expect(new Set(result.kept.map((r) => r.body)).size).toBe(1);
    expect(await appRequests('/cache-me')).toBe(1);
  });

  test('/ is not cached: every request reaches a replica', async () => {
    // WHEN
    const result = await h.request('http://127.0.0.1:8080/', { count: 10 });
    // THEN
    expect(result.byHeader['x-slot']).toEqual({ 1: 5, 2: 5 });
    expect(await appRequests('/')).toBe(10);
  });

  test('nginx serves the static files the app wrote into the shared volume, without Flask', async () => {
    // GIVEN the app wrote its files at startup (seen from the host side of the volume)
    const written = readFileSync(path.join(h.volumePath('static'), 'hello.txt'), 'utf8');
    // WHEN
    const result = await h.request('http://127.0.0.1:8080/static/hello.txt', { count: 5, keep: 1 });
    // THEN
    expect(result.byStatus).toEqual({ 200: 5 });
    expect(result.kept[0]?.body).toBe(written);
    expect(written).toMatch(/^static hello, written by slot [12]\n$/);
    expect(result.byHeader['x-slot']).toEqual({ '-': 5 });
    expect(await appRequests('/static/hello.txt')).toBe(0);
  });
});
