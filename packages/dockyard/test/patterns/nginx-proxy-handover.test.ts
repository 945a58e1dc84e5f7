import * as path from 'node:path';
import type * as z from 'zod';
import { loadExample } from '../../../../test/examples/support/load-example';
import { FlaskService, Network, NginxProxy, type NginxProxyProps, nginxVar, Stack } from '../../src';
import { Testing } from '../../src/testing';
import { lines, synthErrors } from '../constructs/nginx/nginx-test-helpers';
import { ordered } from '../helpers/ordered';
import { newStack } from '../helpers/synth';
import { acmeProgram, sitesProgram } from './site-programs';

/** Every props object a pattern hands an L1 construct as already parsed, with the schema it was handed to. */
const mockHandovers: Array<{ readonly schema: z.ZodType; readonly props: unknown }> = [];

// Records each handover where it happens, so the test sees exactly the objects the constructs take unparsed.
jest.mock('../../src/core/props', () => {
  const actual = jest.requireActual('../../src/core/props');
  return {
    ...actual,
    parsedIf: (valid: boolean, schema: z.ZodType, props: unknown) => {
      if (valid) mockHandovers.push({ schema, props });
      return actual.parsedIf(valid, schema, props);
    },
    alreadyParsed: (schema: z.ZodType, props: unknown) => {
      mockHandovers.push({ schema, props });
      return actual.alreadyParsed(schema, props);
    },
  };
});

/** The handovers made while `build` runs, each with what its schema parses it to. */
function handoversOf(build: () => void) {
  mockHandovers.length = 0;
  build();
  return mockHandovers.splice(0).map(({ schema, props }) => {
    const reparsed = schema.safeParse(props);
    return {
      props,
      issues: reparsed.error?.issues,
      handed: ordered(props),
      reparsed: ordered(reparsed.data),
    };
  });
}

/** Asserts that every handover is what its schema returns, and that there were `atLeast` of them. */
function expectUnchanged(build: () => void, atLeast: number) {
  const handovers = handoversOf(build);
  expect(handovers.length).toBeGreaterThanOrEqual(atLeast);
  for (const { issues, handed, reparsed } of handovers) {
    expect(issues).toBeUndefined();
    expect(handed).toBe(reparsed);
  }
}

/** The example programs, run as `synth --check` runs them: the flagship first. */
const EXAMPLES = [
  'flagship',
  'backup-server',
  'nginx-wsgi-flask',
  'scaled-dns',
  'swarm-replicas',
  'swarm-static',
  'two-sites',
];
const examplesDir = path.join(__dirname, '../../../../examples');

/** A proxy with routes of every option, upstreams of every option and static files, from `props`. */
function everyOption(props: NginxProxyProps) {
  const stack = newStack();
  const web = new FlaskService(stack, 'web', {
    image: 'web:1',
    port: 5000,
    staticFiles: { appDir: '/app/static' },
  });
  const api = new FlaskService(stack, 'api', { image: 'api:1', port: 5001 });
  const proxy = new NginxProxy(stack, 'nginx', {
    ...props,
    staticFiles: [
      { urlPath: '/static', service: web, expires: '7d' },
      { urlPath: '/assets/', service: web },
    ],
  });
  proxy.addStatic('/media', web, { expires: 'max' });
  const pool = proxy.addUpstream('app', {
    servers: [web, { service: api, weight: 2, maxFails: 3, failTimeout: '5s', maxConns: 10, down: false }],
    method: 'least_conn',
    keepalive: 8,
  });
  const hashed = proxy.addUpstream('hashed', {
    servers: [{ service: api }],
    method: 'hash',
    hashKey: nginxVar('request_uri'),
    consistent: true,
  });
  const random = proxy.addUpstream('random', { servers: [web, api], method: 'random', two: true });
  const rate = proxy.addRateLimit('perip', { rate: '10r/s' });
  const conns = proxy.addConnectionLimit('conns');
  proxy.addRoute('/', pool);
  proxy.addRoute('/exact', pool, { modifier: '=' });
  proxy.addRoute('/prefix/', hashed, { modifier: '^~', cache: true });
  proxy.addRoute('\\.php$', random, { modifier: '~', cache: { ttl: '1m' } });
  proxy.addRoute('\\.PDF$', random, { modifier: '~*', cache: { statuses: [200, 301] } });
  proxy.addRoute('/both/', pool, { cache: { ttl: '30s', statuses: [200] } });
  proxy.addRoute('/slow/', pool, { timeouts: { read: '5m' } });
  proxy.addRoute('/tuned/', pool, { timeouts: { connect: '2s', read: '30s', send: '10s' } });
  proxy.addRoute('/headers/', pool, {
    headers: [
      { name: 'X-Served-By', value: 'edge' },
      { name: 'X-Request', value: ['v1-', nginxVar('request_id')], always: false },
    ],
  });
  proxy.addRoute('/ws/', pool, { websocket: true });
  proxy.addRoute('/socket/', pool, { websocket: { readTimeout: '10m' } });
  proxy.addRoute('/socket-default/', pool, { websocket: {} });
  proxy.addRoute('/socket-slow/', pool, { websocket: true, timeouts: { read: '2h' } });
  proxy.addRoute('/limited/', pool, { rateLimit: { zone: rate } });
  proxy.addRoute('/burst/', pool, { rateLimit: { zone: rate, burst: 5, nodelay: false } });
  proxy.addRoute('/conns/', pool, { connectionLimit: { zone: conns, max: 4 } });
  proxy.addRoute('/all/', pool, {
    rateLimit: { zone: rate, burst: 1 },
    connectionLimit: { zone: conns, max: 2 },
    cache: true,
    headers: [{ name: 'X-All', value: 'yes' }],
  });
  return stack;
}

/** The L1 props that props such as these give, each unchanged by a second parse. */
const proxyVariants: Array<[string, NginxProxyProps]> = [
  ['the defaults', {}],
  ['healthcheck off', { healthcheck: false }],
  ['error page off', { errorPage: false }],
  ['neither', { healthcheck: false, errorPage: false }],
  ['nothing published', { publish: false }],
  ['dns static', { nginxVersion: '1.22', dns: 'static' }],
  [
    'every other prop',
    {
      publish: 8080,
      listenPort: 8081,
      serverName: ['shop.example', '*.shop.example'],
      clientMaxBodySize: '1g',
      trustForwardedFor: true,
      securityHeaders: { contentTypeOptions: false, frameOptions: 'DENY', referrerPolicy: false },
      serverTokens: true,
      gzip: false,
      timeouts: { connect: '2s', read: '5m', send: '30s' },
      failover: { on: ['error', 'non_idempotent'], tries: 2, timeout: '3s', handOff: false },
      cache: { ttl: '1h', maxSize: '2g', inactive: '1d', keysZoneSize: '20m' },
      healthcheck: { port: 9000, interval: '30s', timeout: '5s', retries: 5, startPeriod: '1m' },
      restart: 'always',
      resolver: { address: '10.0.0.2', valid: '30s' },
      fileName: 'edge.conf',
    },
  ],
];

describe('NginxProxy hands its L1 constructs already-parsed props', () => {
  test.each(EXAMPLES)(
    'examples/%s: every handed-over props object is what its schema parses it to',
    (name) => {
      // GIVEN / WHEN / THEN (the Servers, Locations, Upstreams and Services of its stacks)
      expectUnchanged(() => loadExample(path.join(examplesDir, name)), 5);
    },
  );

  test.each(proxyVariants)('routes, upstreams and static files of every option, with %s', (_name, props) => {
    // GIVEN / WHEN / THEN
    expectUnchanged(() => everyOption(props), 20);
  });

  test('dns variable: one server per upstream, routes of every option', () => {
    expectUnchanged(() => {
      const stack = newStack();
      const web = new FlaskService(stack, 'web', { image: 'web:1' });
      const proxy = new NginxProxy(stack, 'nginx', { nginxVersion: '1.22', dns: 'variable' });
      const pool = proxy.addUpstream('app', { servers: [{ service: web, down: false }] });
      proxy.addRoute('/', pool, {
        cache: true,
        timeouts: { read: '5m' },
        headers: [{ name: 'X-A', value: 'a' }],
      });
      proxy.addRoute('/ws/', pool, { websocket: true, modifier: '^~' });
      expect(Testing.synth(stack).diagnostics.filter((d) => d.level === 'error')).toEqual([]);
    }, 8);
  });

  test('a proxy with networks of its own', () => {
    expectUnchanged(() => {
      const stack = newStack();
      const web = new FlaskService(stack, 'web', { image: 'web:1' });
      const proxy = new NginxProxy(stack, 'nginx', { networks: [new Network(stack, 'edge', {})] });
      proxy.addRoute('/', proxy.addUpstream('app', { servers: [web] }));
    }, 5);
  });

  test('sites over HTTP and HTTPS, and a site with certificates from ACME', () => {
    // GIVEN / WHEN / THEN (the unknown-host location, the default TLS server, the sites' routes and error pages)
    expectUnchanged(() => sitesProgram(), 15);
    expectUnchanged(() => acmeProgram(), 8);
  });

  test('the programs above are valid: what was handed over was built from valid props', () => {
    const examples = EXAMPLES.flatMap((name) => {
      const example = loadExample(path.join(examplesDir, name));
      return example.apps.flatMap((app) => app.node.children.filter(Stack.isStack));
    });
    for (const stack of [...examples, ...proxyVariants.map(([, props]) => everyOption(props))]) {
      expect(Testing.synth(stack).diagnostics.filter((d) => d.level === 'error')).toEqual([]);
    }
  });
});

describe('from invalid props nothing is handed over, and every problem is still reported', () => {
  test('invalid proxy props: the L1 constructs parse their props and report as before', () => {
    // GIVEN
    const stack = newStack();
    const web = new FlaskService(stack, 'web', { image: 'web:1', port: 5000 });
    const handovers = handoversOf(() => {
      const proxy = new NginxProxy(stack, 'nginx', {
        clientMaxBodySize: '10 MB',
        timeouts: { read: 'forever' },
        healthcheck: { port: 0 },
        serverName: ['bad name', 'shop.example'],
      });
      proxy.addRoute('/', proxy.addUpstream('app', { servers: [web] }));
      proxy.addSite('shop', { serverName: ['shop.example'] });
    });
    // WHEN
    const errors = lines(synthErrors(stack));
    // THEN
    expect(handovers).toEqual([]);
    expect(errors).toEqual([
      'error [shop/nginx] clientMaxBodySize: expected a size such as "10m" or "512k", got "10 MB"',
      'error [shop/nginx] healthcheck.port: expected a number >= 1, got 0',
      'error [shop/nginx] serverName[0]: expected a host name such as "shop.example", "*.shop.example" or "shop.*", got "bad name"',
      'error [shop/nginx] timeouts.read: expected a time such as "10s", "500ms" or "1h", got "forever"',
    ]);
  });

  test('invalid route and static options are reported on the proxy', () => {
    // GIVEN
    const stack = newStack();
    const web = new FlaskService(stack, 'web', { image: 'web:1', staticFiles: { appDir: '/app/static' } });
    const proxy = new NginxProxy(stack, 'nginx');
    const pool = proxy.addUpstream('app', { servers: [web] });
    proxy.addRoute('/cached/', pool, { cache: { ttl: '5 minutes' } });
    proxy.addStatic('/media', web, { expires: 'soon' });
    // WHEN
    const errors = lines(synthErrors(stack));
    // THEN
    expect(errors).toEqual([
      'error [shop/nginx] addRoute("/cached/").cache.ttl: expected a time in seconds such as "10s", "5m" or "1h" (nginx takes no "ms" here), got "5 minutes"',
      'error [shop/nginx] addStatic("/media").expires: expected a time in seconds such as "10s", "5m" or "1h" (nginx takes no "ms" here), got "soon"',
    ]);
  });

  test("what no props schema checks stays the L1's to report: a route's path, a service name nginx cannot use", () => {
    // GIVEN
    const stack = newStack();
    const odd = new FlaskService(stack, 'web app', {
      image: 'web:1',
      staticFiles: { appDir: '/app/static' },
    });
    const proxy = new NginxProxy(stack, 'nginx');
    const pool = proxy.addUpstream('app', { servers: [odd] });
    proxy.addRoute('', pool);
    proxy.addStatic('/static', odd);
    // WHEN
    const errors = lines(synthErrors(stack));
    // THEN
    expect(errors).toEqual([
      'error [shop/nginx/Config/Default/Route1] path: expected a path starting with "/" (or a regex modifier), got ""',
      'error [shop/nginx/Config/Default/Route1] path: expected text of length >= 1, got ""',
      'error [shop/nginx/Config/Default/Route2] alias: expected a path without whitespace, got "/srv/static/web app/"',
      'error [shop/nginx/Config/app] servers[0].host: expected a host name such as "web" or an IPv4 address, got "web app"',
      'error [shop/web app] id: expected a service name of lowercase letters, digits, "_", "." and "-", got "web app"',
    ]);
  });
});
