import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  App,
  FlaskService,
  type FlaskServiceProps,
  LoadBalancedStack,
  type LoadBalancedStackProps,
  NginxProxy,
  Secret,
  Service,
  Stack,
} from '../../packages/dockyard/src';
import { findAll, parseNginx } from '../../packages/dockyard/src/model/nginx';
import { Annotations, Match, Testing } from '../../packages/dockyard/src/testing';
import { nginxInvariantProblems, unexpectedPublishers } from './support/artifact-invariants';
import { printFigures } from './support/figures';

// Secure by default, and every default a program turns off is said out loud: only the proxy publishes a host
// port, nginx hides its version, security headers go out on every response (error pages too), the app learns
// the client's real address without trusting a forged X-Forwarded-For, and secrets travel as Compose/Swarm
// secrets whose content never appears in a file Dockyard writes.

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockyard-secure-'));
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
let run = 0;
let passed = 0;
beforeEach(() => {
  run += 1;
});

const flagship = (props: Partial<LoadBalancedStackProps> = {}) =>
  new LoadBalancedStack(new App({ outdir }), 'shop', {
    flask: { image: 'shop:1.4', wsgi: 'app:app', port: 5000, replicas: 3, workers: 2 },
    proxy: { publish: 8080, clientMaxBodySize: '20m' },
    backup: { image: 'shop:1.4' },
    staticFiles: { urlPath: '/static', appDir: '/app/static' },
    cache: { paths: ['/cache-me'], ttl: '10m' },
    ...props,
  });
const texts = (stack: Stack) =>
  Object.fromEntries(Object.entries(Testing.synth(stack).files).map(([name, file]) => [name, file.text]));

describe('defaults of the flagship program', () => {
  const files = texts(flagship());
  const nginx = parseNginx(files['nginx.conf'] ?? '');

  test('only the proxy publishes a host port, in compose.yaml and stack.yaml', () => {
    // THEN
    for (const name of ['compose.yaml', 'stack.yaml']) {
      expect(unexpectedPublishers(files[name] ?? '', 'nginx')).toEqual([]);
      const doc = parseYaml(files[name] ?? '') as { services: Record<string, { ports?: unknown[] }> };
      expect(doc.services.nginx?.ports).toEqual([{ target: 80, published: 8080 }]);
    }
    passed += 1;
  });

  test('server_tokens off, security headers in effect in every location, forwarded headers not trusting the client', () => {
    // GIVEN
    const defaults = {
      contentTypeOptions: true,
      frameOptions: 'SAMEORIGIN',
      referrerPolicy: 'strict-origin-when-cross-origin',
      serverTokens: false,
      trustForwardedFor: false,
    } as const;
    // THEN: read from the parsed tree, per location (the cached route declares headers of its own)
    expect(nginxInvariantProblems(files['nginx.conf'] ?? '', defaults)).toEqual([]);
    expect(findAll(nginx, 'server_tokens').map((found) => found.directive.args)).toEqual([['off']]);
    const locations = findAll(nginx, 'location').filter((found) =>
      found.parents.at(-1)?.block?.some((d) => d.name === 'error_page'),
    );
    expect(locations.map((found) => found.directive.args.join(' '))).toEqual([
      '= /50x.html',
      '/',
      '/cache-me',
      '^~ /static/',
      '@web_backup',
    ]);
    passed += 1;
  });

  test('no host port on the app, whatever a program tries: FlaskService has no ports prop', () => {
    // GIVEN
    const stack = new Stack(new App({ outdir }), 'shop');
    new FlaskService(stack, 'web', {
      image: 'shop:1.4',
      ports: [{ target: 5000, published: 5000 }],
    } as FlaskServiceProps);
    // THEN
    Annotations.fromStack(stack).hasError('shop/web', 'unknown property "ports"');
    passed += 1;
  });
});

describe('security headers are configurable', () => {
  test.each([
    [{ frameOptions: 'DENY' as const }, 'X-Frame-Options', 'DENY'],
    [{ referrerPolicy: 'no-referrer' as const }, 'Referrer-Policy', 'no-referrer'],
  ])('%j', (securityHeaders, header, value) => {
    // GIVEN
    const files = texts(flagship({ proxy: { securityHeaders } }));
    // THEN: every add_header of that name, in the server and in locations with their own, carries the new value
    const values = findAll(parseNginx(files['nginx.conf'] ?? ''), 'add_header')
      .filter((found) => found.directive.args[0] === header)
      .map((found) => found.directive.args.slice(1));
    expect(values.length).toBeGreaterThanOrEqual(2);
    expect(new Set(values.map((args) => args.join(' ')))).toEqual(new Set([`${value} always`]));
    passed += 1;
  });
});

describe('turning a default off is a warning that says what it costs', () => {
  const proxyCases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    [
      'X-Content-Type-Options',
      { securityHeaders: { contentTypeOptions: false } },
      'securityHeaders.contentTypeOptions',
      /MIME sniffing/,
    ],
    [
      'X-Frame-Options',
      { securityHeaders: { frameOptions: false } },
      'securityHeaders.frameOptions',
      /clickjacking/,
    ],
    [
      'Referrer-Policy',
      { securityHeaders: { referrerPolicy: false } },
      'securityHeaders.referrerPolicy',
      /leak/,
    ],
    ['server_tokens', { serverTokens: true }, 'serverTokens', /nginx version/],
    ['X-Forwarded-For from the client', { trustForwardedFor: true }, 'trustForwardedFor', /forge/],
    ["the proxy's health check", { healthcheck: false }, 'healthcheck', /hung nginx/],
  ];

  test.each(proxyCases)('%s', (_what, proxy, property, cost) => {
    // GIVEN
    const stack = flagship({ proxy: { publish: 8080, ...proxy } });
    // THEN
    const annotations = Annotations.fromStack(stack);
    annotations.hasWarning(
      'shop/nginx',
      Match.stringLikeRegexp(new RegExp(`^${escapeRegExp(property)}: turned (off|on): .*${cost.source}`)),
    );
    annotations.hasNoErrors();
    passed += 1;
  });

  test("the app's health check", () => {
    // GIVEN
    const stack = flagship({ flask: { image: 'shop:1.4', healthcheck: false } });
    // THEN
    Annotations.fromStack(stack).hasWarning('shop/web', 'healthcheck: turned off');
    passed += 1;
  });

  test('the secure defaults themselves give no warning', () => {
    // THEN
    expect(Annotations.fromStack(flagship()).findWarnings()).toEqual([]);
    passed += 1;
  });
});

describe('secrets', () => {
  test("are Compose/Swarm secrets from a file, and the file's content appears in no artifact", () => {
    // GIVEN: a secret file next to the program
    const base = fs.mkdtempSync(path.join(outdir, 'program-'));
    const content = `${randomBytes(24).toString('base64')}\n`;
    fs.writeFileSync(path.join(base, 'db_password.txt'), content);
    const app = new App({ outdir: path.join(base, 'dist'), baseDir: base });
    const stack = new Stack(app, 'shop');
    const password = new Secret(stack, 'db_password', { file: 'db_password.txt' });
    new Service(stack, 'db', { image: 'postgres:16', secrets: [{ secret: password, mode: 0o400 }] });
    new NginxProxy(stack, 'nginx', {});
    // WHEN
    app.synth();
    const written = Object.fromEntries(
      fs
        .readdirSync(path.join(base, 'dist', 'shop'))
        .map((name) => [name, fs.readFileSync(path.join(base, 'dist', 'shop', name), 'utf8')]),
    );
    // THEN: referenced by path, granted as a secret
    const compose = parseYaml(written['compose.yaml'] ?? '') as Record<
      string,
      Record<string, Record<string, unknown>>
    >;
    expect(compose.secrets?.db_password).toEqual({ file: '../../db_password.txt' });
    expect(compose.services?.db?.secrets).toEqual([{ source: 'db_password', mode: 256 }]);
    const swarm = parseYaml(written['stack.yaml'] ?? '') as Record<
      string,
      Record<string, Record<string, unknown>>
    >;
    expect(swarm.secrets?.db_password).toMatchObject({ file: '../../db_password.txt' });
    // ...and its content is nowhere, not even a line of it
    for (const [name, text] of Object.entries(written)) {
      expect({ name, leaks: text.includes(content.trim()) }).toEqual({ name, leaks: false });
    }
    passed += 1;
  });
});

afterAll(() => {
  printFigures('secure defaults', { 'defaults checked': run, failures: run - passed });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
