import * as fs from 'node:fs';
import * as path from 'node:path';
import { flattenNginx, missing } from '../../packages/dockyard/src/import/diff';
import { parseNginx } from '../../packages/dockyard/src/model/nginx';
import { checkNginxConfig } from '../support/nginx/nginx-check';
import { importWritten, ROOT, scratchDir, typeCheck } from './support';

// Seed 003's cached /cache-me (its default.conf fixture) in front of a hand-written gunicorn service becomes an
// NginxProxy route with `cache`; caching a route cannot say keeps the L1 constructs, with the reason beside them.

const dir = scratchDir('import-cache-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const SEED = fs.readFileSync(
  path.join(ROOT, 'packages/dockyard/test/fixtures/nginx/seed-003-default.conf'),
  'utf8',
);
// NginxProxy answers Docker's health check on a status server of its own, so the service below has none and
// the config does not need its /health-check location.
const CONF = SEED.replace(/\n {2}location \/health-check \{[^}]*\}\n/, '\n');

// Seed 003's services, with flask-app as FlaskService can say it (no published port, no health check of its
// own) and nginx-proxy running the official image with the fragment mounted.
const COMPOSE = [
  'services:',
  '  nginx-proxy:',
  '    image: nginx:1.28',
  '    restart: always',
  '    ports:',
  '      - 80:80',
  '    depends_on:',
  '      - flask-app',
  '    volumes:',
  '      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf',
  '  flask-app:',
  '    image: shop/flask:1',
  '    restart: always',
  '    command: gunicorn -w 3 -t 60 -b 0.0.0.0:8000 app:app',
  '',
].join('\n');

let count = 0;
const importConf = (conf: string) =>
  importWritten(
    path.join(dir, `case-${++count}`),
    { 'compose.yaml': COMPOSE, 'nginx/default.conf': conf },
    'nginx/default.conf',
  );

/** The directives of the fragment that the NginxProxy writes otherwise, each with the reason it is deliberate. */
const REPLACED: ReadonlyArray<readonly [string, string]> = [
  [
    'http > proxy_cache_path /var/cache/nginx/cache levels=1:2 keys_zone=cache:10m max_size=500m inactive=60m use_temp_path=off',
    "the proxy's one zone, sizes and inactive time carried over (its name and folder are the proxy's)",
  ],
  ['http > server > listen 80', 'listen 80 default_server: the proxy answers every host name'],
  [
    'http > server > location / > proxy_pass http://flask-app:8000',
    'proxy_pass http://flask-app, an upstream of the FlaskService',
  ],
  [
    'http > server > location / > proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for',
    'X-Forwarded-For $remote_addr: an edge proxy sets the address a client cannot forge',
  ],
  [
    'http > server > location /cache-me > proxy_pass http://flask-app:8000',
    'proxy_pass http://flask-app, an upstream of the FlaskService',
  ],
  ['http > server > location /cache-me > proxy_cache cache', "proxy_cache dockyard, the proxy's zone"],
  [
    'http > server > location /cache-me > add_header X-Cache-Status $upstream_cache_status',
    'the same header with `always`, on every status',
  ],
];

/** Cache directives the route adds (the rest of the proxy's additions are seeds.test.ts's). */
const CACHE_ADDITIONS = [
  'http > proxy_cache_path /var/cache/nginx/dockyard levels=1:2 keys_zone=dockyard:10m max_size=500m inactive=60m use_temp_path=off',
  'http > server > location /cache-me > proxy_cache dockyard',
  'http > server > location /cache-me > proxy_cache_bypass $http_authorization',
  'http > server > location /cache-me > proxy_no_cache $http_authorization',
  'http > server > location /cache-me > add_header X-Cache-Status $upstream_cache_status always',
];

test("GIVEN seed 003's cached /cache-me in front of a gunicorn service WHEN imported THEN addRoute with cache, only listed changes, and nginx -t accepts it", async () => {
  // GIVEN / WHEN
  const { result, files } = importConf(CONF);
  // THEN
  expect(result.text).toContain("  cache: { maxSize: '500m' },\n});");
  expect(result.text).toMatch(
    /nginxProxy\d*\.addRoute\('\/cache-me', flaskAppPool, \{ cache: \{ ttl: '30s' \} \}\);/,
  );
  expect(result.text).toMatch(/nginxProxy\d*\.addRoute\('\/', flaskAppPool\);/);
  expect(result.notes.filter((note) => note.level !== 'changed')).toEqual([]);
  const whole = [{ name: 'http', args: [], block: parseNginx(CONF) }];
  const produced = parseNginx(files?.get('nginx.conf') ?? '');
  // every directive of the fragment is in the result but for those the proxy writes its own way
  expect(missing(flattenNginx(whole), flattenNginx(produced))).toEqual(REPLACED.map(([line]) => line));
  // ...and each of those is a listed, deliberate change in the program's comment block
  const changed = result.notes.filter((note) => note.level === 'changed').map((note) => note.message);
  for (const [line] of REPLACED) expect(changed).toContainEqual(expect.stringContaining(`nginx: ${line} (`));
  // the lock, the time and the stale copies the fragment asks for are kept as written
  const added = missing(flattenNginx(produced), flattenNginx(whole));
  expect(added).toEqual(expect.arrayContaining(CACHE_ADDITIONS));
  expect(added.filter((line) => /proxy_cache_(valid|lock|use_stale)/.test(line))).toEqual([]);
  const check = await checkNginxConfig(files?.get('nginx.conf') ?? '');
  expect({ ok: check.ok, output: check.ok ? '' : check.output }).toEqual({ ok: true, output: '' });
  // and the program type-checks against dockyard as it was written
  const program = path.join(dir, `case-${count}`, 'infra.ts');
  fs.writeFileSync(program, result.text);
  expect(typeCheck(dir, [program])).toEqual({ code: 0, out: '' });
}, 120_000);

test('GIVEN a zone and a route written with nginx defaults alone WHEN imported THEN cache: true, and the inactive time nginx used', () => {
  // GIVEN: no levels, max_size or inactive (nginx: 10m); a time with no statuses (nginx: 200 301 302)
  const conf = CONF.replace(
    /^proxy_cache_path .*$/m,
    'proxy_cache_path /var/cache/nginx/cache keys_zone=cache:10m;',
  )
    .replace(/^ {4}proxy_cache_(lock|use_stale) .*\n/gm, '')
    .replace('proxy_cache_valid 200 30s;', 'proxy_cache_valid 10m;');
  // WHEN
  const { result, files } = importConf(conf);
  // THEN
  expect(result.text).toContain("  cache: { inactive: '10m' },\n});");
  expect(result.text).toContain(
    "addRoute('/cache-me', flaskAppPool, { cache: { statuses: [200, 301, 302] } });",
  );
  expect(files?.get('nginx.conf')).toContain('proxy_cache_valid 200 301 302 10m;');
  expect(result.notes.filter((note) => note.level !== 'changed')).toEqual([]);
});

test.each([
  ['proxy_cache_revalidate on;', 'location /cache-me sets proxy_cache_revalidate'],
  ['expires 20s;', 'location /cache-me sets expires'],
  ['proxy_cache_key $uri;', "location /cache-me sets proxy_cache_key $uri (a route's cache has no key)"],
  ['proxy_cache_valid 404 1m;', 'location /cache-me sets proxy_cache_valid twice'],
  ['proxy_cache_min_uses 2;', 'location /cache-me sets proxy_cache_min_uses'],
])(
  'GIVEN a cached location that also sets %s WHEN imported THEN it stays an L1 Location, said why, nothing lost',
  (extra, reason) => {
    // GIVEN
    const conf = CONF.replace('    proxy_cache cache;\n', `    proxy_cache cache;\n    ${extra}\n`);
    // WHEN
    const { result, files } = importConf(conf);
    // THEN
    expect(files).toBeDefined();
    expect(result.text).not.toContain('new NginxProxy(');
    expect(result.text).toContain(`// not an NginxProxy: ${reason}`);
    expect(result.text).toContain("new CacheZone(nginxConf, 'cache', {");
    const [name, ...args] = extra.replace(';', '').split(' ');
    expect(result.text).toContain(`{ name: '${name}', args: [${args.map((arg) => `'${arg}'`).join(', ')}] }`);
    expect(result.notes.filter((note) => note.level === 'lost')).toEqual([]);
  },
);

test.each([
  [
    'proxy_cache_valid any 1m;',
    "location /cache-me sets proxy_cache_valid any 1m (a route's cache takes status codes",
  ],
  ['proxy_cache_lock off;', "location /cache-me sets proxy_cache_lock off (a route's cache locks)"],
  [
    'proxy_cache_use_stale error;',
    'location /cache-me sets proxy_cache_use_stale error (a route serves stale copies',
  ],
])(
  'GIVEN a cached location whose %s differs from what a route writes WHEN imported THEN it stays L1, said why',
  (line, reason) => {
    // GIVEN
    const name = line.split(' ')[0] as string;
    const conf = CONF.replace(new RegExp(`^ {4}${name} .*$`, 'm'), `    ${line}`);
    // WHEN
    const { result } = importConf(conf);
    // THEN
    expect(result.text).not.toContain('new NginxProxy(');
    expect(result.text).toContain(`// not an NginxProxy: ${reason}`);
    expect(result.notes.filter((note) => note.level === 'lost')).toEqual([]);
  },
);

test.each([
  [
    'a zone no location caches in',
    (conf: string) => conf.replace(/^ {4}(proxy_cache\w*|add_header) .*\n/gm, ''),
    'no location caches in proxy_cache_path zone cache',
  ],
  [
    'two zones',
    (conf: string) => `proxy_cache_path /var/cache/nginx/other keys_zone=other:1m;\n${conf}`,
    'http sets more than one proxy_cache_path (NginxProxy has one cache)',
  ],
  [
    'a zone with levels other than 1:2',
    (conf: string) => conf.replace('levels=1:2', 'levels=2'),
    'proxy_cache_path /var/cache/nginx/cache sets levels=2',
  ],
])('GIVEN %s WHEN imported THEN the config stays L1, said why, nothing lost', (_, edit, reason) => {
  // GIVEN / WHEN
  const { result, files } = importConf(edit(CONF));
  // THEN
  expect(files).toBeDefined();
  expect(result.text).not.toContain('new NginxProxy(');
  expect(result.text).toContain(`// not an NginxProxy: ${reason}\n`);
  expect(result.notes.filter((note) => note.level === 'lost')).toEqual([]);
});

test('GIVEN the status header in lower case, with always WHEN imported THEN a cached route, the header change listed', () => {
  // GIVEN
  const conf = CONF.replace(
    'add_header X-Cache-Status $upstream_cache_status;',
    'add_header x-cache-status $upstream_cache_status always;',
  );
  // WHEN
  const { result } = importConf(conf);
  // THEN
  expect(result.text).toContain("{ cache: { ttl: '30s' } }");
  expect(result.notes).toContainEqual(
    expect.objectContaining({
      level: 'changed',
      message: expect.stringMatching(
        /add_header x-cache-status \$upstream_cache_status always \(X-Cache-Status, sent/,
      ),
    }),
  );
});

test('GIVEN a cache zone with settings NginxProxy has no prop for WHEN imported THEN the config stays L1, said why', () => {
  // GIVEN
  const conf = CONF.replace('use_temp_path=off;', 'use_temp_path=off min_free=1g;');
  // WHEN
  const { result } = importConf(conf);
  // THEN
  expect(result.text).not.toContain('new NginxProxy(');
  expect(result.text).toContain(
    "// not an NginxProxy: proxy_cache_path /var/cache/nginx/cache sets min_free (NginxProxy's cache has no such prop)",
  );
  expect(result.text).toContain("name: 'proxy_cache_path'");
  expect(result.notes.filter((note) => note.level === 'lost')).toEqual([]);
});
