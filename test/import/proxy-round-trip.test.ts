import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  App,
  FlaskService,
  LimitZone,
  Location,
  NginxConfig,
  NginxProxy,
  Server,
  Stack,
  Upstream,
} from 'dockyard';
import { importProject, synthesize } from '../../packages/dockyard/src/import/import-project';
import { synthesizeInMemory } from '../../packages/dockyard/src/pipeline/synthesis';
import { ROOT, roundTrip, scratchDir } from './support';

// The hardening generator makes no sites, TLS, limits or WebSocket routes, so the random round trip never sees
// them: this program uses each of them in the ways examples/two-sites does not (two HTTPS sites sharing port 443,
// HTTP/2 as a listen parameter for nginx 1.22, limit zones keyed by a map of X-Forwarded-For, limits on routes
// and sites, a burst without nodelay, cached routes of sites), and its files must come back byte for byte with
// nothing to report.

const dir = scratchDir('import-proxy-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const CERTS = path.join(ROOT, 'examples', 'two-sites', 'certs');

/** The program, built in an App of its own that writes to `programDir/dist` as `synth` would. */
function buildProxyProgram(
  programDir: string,
  nginxVersion: string | undefined,
  dns: 'static' | undefined,
): { app: App; stack: Stack } {
  const app = new App({ outdir: path.join(programDir, 'dist'), baseDir: programDir });
  const stack = new Stack(app, 'sites');
  const build = { context: 'app' };
  const shop = new FlaskService(stack, 'shop', { image: 'sites/shop:1', build, port: 5000, replicas: 2 });
  const admin = new FlaskService(stack, 'admin', { image: 'sites/admin:1', build, port: 5002 });
  const blog = new FlaskService(stack, 'blog', { image: 'sites/blog:1', build, port: 5001 });
  const proxy = new NginxProxy(stack, 'nginx', { nginxVersion, dns, trustForwardedFor: true });
  const api = proxy.addRateLimit('api', { rate: '10r/s' });
  const slow = proxy.addRateLimit('slow', { rate: '30r/m', size: '1m' });
  const conns = proxy.addConnectionLimit('conns', { size: '5m' });
  const tls = { certificate: 'certs/shop.example.crt', key: 'certs/shop.example.key' };
  const shopSite = proxy.addSite('shop', {
    serverName: ['shop.example', 'www.shop.example'],
    tls,
    hsts: { maxAge: 63072000, includeSubDomains: true },
    rateLimit: { zone: api, burst: 20 },
  });
  const shopPool = proxy.addUpstream('shop', { servers: [shop] });
  shopSite.addRoute('/', shopPool);
  shopSite.addRoute('/ws/', shopPool, { websocket: true, connectionLimit: { zone: conns, max: 5 } });
  // Cached routes of two sites, one the proxy's defaults and one its own statuses and time, in one zone.
  shopSite.addRoute('/cache-me', shopPool, { cache: { ttl: '30s', statuses: [200, 404] } });
  const adminSite = proxy.addSite('admin', { serverName: ['admin.example'], tls, clientMaxBodySize: '1m' });
  adminSite.addRoute('/', proxy.addUpstream('admin', { servers: [admin] }), {
    rateLimit: { zone: slow, burst: 0, nodelay: false },
  });
  const blogSite = proxy.addSite('blog', {
    serverName: ['blog.example'],
    connectionLimit: { zone: conns, max: 50 },
  });
  const blogPool = proxy.addUpstream('blog', { servers: [blog] });
  blogSite.addRoute('/', blogPool);
  blogSite.addRoute('/feed', blogPool, { cache: true });
  return { app, stack };
}

describe.each([
  { nginxVersion: undefined, dns: undefined, http2: '{ directive: true }' },
  { nginxVersion: '1.22.1', dns: 'static' as const, http2: '{ directive: false }' },
])(
  'GIVEN a proxy with sites, TLS, limits and WebSocket for nginx $nginxVersion',
  ({ nginxVersion, dns, http2 }) => {
    test('WHEN its files are imported and synthesized THEN every file has the same bytes, with nothing to report', () => {
      // GIVEN: the program's files where `synth` writes them, its certificate files beside it
      const programDir = path.join(dir, nginxVersion ?? 'default');
      fs.cpSync(CERTS, path.join(programDir, 'certs'), { recursive: true });
      const { app, stack } = buildProxyProgram(programDir, nginxVersion, dns);
      const written = synthesizeInMemory(app, [stack]).files;
      fs.mkdirSync(path.join(programDir, 'dist', 'sites'), { recursive: true });
      for (const file of written)
        fs.writeFileSync(path.join(programDir, 'dist', 'sites', file.fileName), file.text);
      // WHEN
      const { result, before, after } = roundTrip(programDir, 'sites');
      // THEN
      expect(before.size).toBe(3);
      for (const [name, text] of before) expect({ name, text: after.get(name) }).toEqual({ name, text });
      expect(result.notes).toEqual([]);
      // the proxy's parts are L1 constructs and props, not escape-hatch blocks
      expect(result.text.match(/new LimitZone\(/g)).toHaveLength(3);
      expect(result.text).toContain(
        "new LimitZone(nginxConf, 'slow', { key: nginxVar('dockyard_client'), size: '1m', rate: '30r/m' });",
      );
      expect(result.text.match(/new NginxMap\(/g)).toHaveLength(2);
      expect(result.text).toContain("{ match: { regex: '(?<dockyard_forwarded>");
      expect(result.text).toContain(`http2: ${http2},`);
      expect(result.text).toContain(
        "tls: { certificate: '/run/secrets/nginx_shop_crt', key: '/run/secrets/nginx_shop_key' },",
      );
      expect(result.text).toContain('tls: { rejectHandshake: true },');
      expect(result.text).toContain('limits: { requests: [{ zone: apiZone, burst: 20 }] },');
      expect(result.text).toContain('limits: { connections: [{ zone: connsZone, max: 50 }] },');
      // servers sharing a port are told apart by their first host name
      for (const id of [
        'server-80',
        'server-80-shop-example',
        'server-443',
        'server-443-admin-example',
        'server-443-default',
        'server-80-blog-example',
      ])
        expect(result.text).toContain(`new Server(nginxConf, '${id}', {`);
      expect(result.text).not.toMatch(/name: '(server|map|limit_req_zone|limit_conn_zone|ssl_\w+|http2)'/);
      // the cached routes' directives are there, in the proxy's one zone
      const conf = after.get('nginx.conf') ?? '';
      expect(conf.match(/proxy_cache dockyard;/g)).toHaveLength(2);
      expect(conf).toContain('proxy_cache_valid 200 404 30s;');
      // the zone, printed among the maps and limit zones where the proxy creates it, is a CacheZone
      expect(result.text).toContain("new CacheZone(nginxConf, 'dockyard');");
    });
  },
);

test('GIVEN an L1 config whose zone and upstream share a name, with a 503 limit status WHEN imported THEN the zone gets an id of its own and the same bytes come back', () => {
  // GIVEN: a zone named like the upstream it protects (nginx keeps them apart; construct ids must be unique)
  const programDir = path.join(dir, 'same-name');
  const app = new App({ outdir: path.join(programDir, 'dist'), baseDir: programDir });
  const stack = new Stack(app, 'same-name', { targets: ['compose'] });
  const config = new NginxConfig(stack, 'nginx.conf');
  const zone = new LimitZone(config, 'Limit1', { name: 'app', rate: '1r/s' });
  new Upstream(config, 'app', { servers: [{ host: 'app', port: 8000 }] });
  const server = new Server(config, 'default', {
    listen: [{ port: 80, defaultServer: true }],
    limits: { requests: [{ zone, burst: 5, nodelay: false }], status: 503 },
  });
  new Location(server, 'root', { path: '/', directives: [{ name: 'proxy_pass', args: ['http://app'] }] });
  const written = synthesizeInMemory(app, [stack]).files;
  fs.mkdirSync(path.join(programDir, 'dist', 'same-name'), { recursive: true });
  for (const file of written)
    fs.writeFileSync(path.join(programDir, 'dist', 'same-name', file.fileName), file.text);
  // WHEN
  const { result, before, after } = roundTrip(programDir, 'same-name');
  // THEN
  expect([...before.keys()]).toEqual(['nginx.conf']);
  expect(after.get('nginx.conf')).toBe(before.get('nginx.conf'));
  expect(result.notes).toEqual([]);
  expect(result.text).toContain("new LimitZone(nginxConf, 'app-zone', { name: 'app', rate: '1r/s' });");
  expect(result.text).toContain(
    'limits: { requests: [{ zone: appZone, burst: 5, nodelay: false }], status: 503 },',
  );
});

test('GIVEN a hand-written TLS server with only a certificate and key WHEN imported THEN it stays a block and nothing is lost', () => {
  // GIVEN: ssl_* directives that are not the eight `tls` writes, so Server (which needs `tls` for an ssl listen) cannot say them
  const programDir = path.join(dir, 'hand-tls');
  fs.mkdirSync(programDir, { recursive: true });
  const conf = path.join(programDir, 'site.conf');
  fs.writeFileSync(
    conf,
    'server {\n  listen 443 ssl;\n  server_name a.example;\n  ssl_certificate /certs/a.pem;\n  ssl_certificate_key /certs/a.key;\n  location / { return 200; }\n}\n',
  );
  // WHEN
  const result = importProject({
    yamlFiles: [],
    nginxFiles: [conf],
    programFile: path.join(programDir, 'infra.ts'),
  });
  const nginx = synthesize(result.plan, programDir)?.get('nginx.conf') ?? '';
  // THEN
  expect(result.notes.filter((note) => note.level === 'lost')).toEqual([]);
  expect(result.text).not.toContain('new Server(');
  for (const line of [
    'listen 443 ssl;',
    'ssl_certificate /certs/a.pem;',
    'ssl_certificate_key /certs/a.key;',
    'return 200;',
  ])
    expect(nginx).toContain(line);
});
