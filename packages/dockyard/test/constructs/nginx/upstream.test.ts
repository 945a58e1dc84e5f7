import { Location, NginxConfig, nginxVar, Server, Service, Upstream, type UpstreamProps } from '../../../src';
import { upstreamServers } from '../../../src/model/nginx';
import { newStack } from '../../helpers/synth';
import { argsOf, blockOf, lines, only, synthErrors, synthNginx } from './nginx-test-helpers';

const RESOLVER = { addresses: ['127.0.0.11'] };

function upstreamIn(props: UpstreamProps) {
  const stack = newStack();
  const config = new NginxConfig(stack, 'nginx', { resolver: RESOLVER });
  const upstream = new Upstream(config, 'pool', props);
  const server = new Server(config, 'site');
  new Location(server, 'root', { path: '/', proxy: { upstream } });
  return { stack, config, upstream, server };
}

describe('Upstream', () => {
  test('server parameters become nginx server line parameters', () => {
    // GIVEN
    const { stack } = upstreamIn({
      servers: [
        { host: 'web', port: 8000, weight: 3, maxFails: 2, failTimeout: '5s', maxConns: 100 },
        { host: 'spare', port: 8002, backup: true },
        { host: 'old', port: 8001, down: true },
      ],
    });
    // WHEN
    const { tree } = synthNginx(stack);
    // THEN
    expect(upstreamServers(tree, 'pool')).toEqual([
      { address: 'web:8000', params: { weight: '3', max_fails: '2', fail_timeout: '5s', max_conns: '100' } },
      { address: 'spare:8002', params: { backup: true } },
      { address: 'old:8001', params: { down: true } },
    ]);
  });

  test.each([
    ['least_conn', { method: 'least_conn' } as const, [['least_conn']]],
    ['ip_hash', { method: 'ip_hash' } as const, [['ip_hash']]],
    [
      'hash consistent',
      { method: 'hash', hashKey: nginxVar('request_uri'), consistent: true } as const,
      [['hash', '$request_uri', 'consistent']],
    ],
    [
      'hash of parts',
      { method: 'hash' as const, hashKey: ['u-', nginxVar('arg_user')] },
      [['hash', `u-\${arg_user}`]],
    ],
    ['random two', { method: 'random', two: true } as const, [['random', 'two']]],
  ])('balancing method %s is written before the servers', (_label, method, expected) => {
    // GIVEN
    const { stack } = upstreamIn({ ...method, servers: [{ host: 'web', port: 8000 }] });
    // WHEN
    const body = blockOf(synthNginx(stack).tree, 'upstream', ['pool']);
    // THEN
    const name = expected[0]?.[0] as string;
    expect(argsOf(body, name).map((args) => [name, ...args])).toEqual(expected);
    expect(body.findIndex((d) => d.name === name)).toBeLessThan(body.findIndex((d) => d.name === 'server'));
  });

  test('keepalive comes after the method and makes every proxying location speak HTTP/1.1 without Connection: close', () => {
    // GIVEN
    const { stack, server, upstream } = upstreamIn({
      method: 'least_conn',
      keepalive: 16,
      servers: [{ host: 'web', port: 8000 }],
    });
    new Location(server, 'api', {
      path: '/api/',
      proxy: { upstream, headers: [{ name: 'X-Api', value: '1' }] },
    });
    // WHEN
    const { tree } = synthNginx(stack);
    // THEN
    const body = blockOf(tree, 'upstream', ['pool']).map((d) => d.name);
    expect(body).toEqual(['least_conn', 'server', 'keepalive']);
    for (const path of ['/', '/api/']) {
      const location = blockOf(tree, 'location', [path]);
      expect(only(location, 'proxy_http_version')).toEqual(['1.1']);
      expect(argsOf(location, 'proxy_set_header')).toContainEqual(['Connection', '']);
    }
  });

  test('dns "resolve" adds a zone and the resolve parameter; "static" adds neither', () => {
    // GIVEN
    const resolving = upstreamIn({ dns: 'resolve', servers: [{ host: 'web', port: 8000 }] });
    const fixed = upstreamIn({ servers: [{ host: 'web', port: 8000 }] });
    // WHEN
    const resolved = blockOf(synthNginx(resolving.stack).tree, 'upstream', ['pool']);
    const plain = blockOf(synthNginx(fixed.stack).tree, 'upstream', ['pool']);
    // THEN
    expect(only(resolved, 'zone')).toEqual(['pool', '64k']);
    expect(only(resolved, 'server')).toEqual(['web:8000', 'resolve']);
    expect(argsOf(plain, 'zone')).toEqual([]);
    expect(only(plain, 'server')).toEqual(['web:8000']);
  });

  test('dns "variable" writes no upstream block: each location resolves the name per request', () => {
    // GIVEN
    const { stack } = upstreamIn({ dns: 'variable', servers: [{ host: 'web', port: 8000 }] });
    // WHEN
    const { tree } = synthNginx(stack);
    // THEN
    expect(argsOf(blockOf(tree, 'http'), 'upstream')).toEqual([]);
    const location = blockOf(tree, 'location', ['/']);
    expect(only(location, 'set')).toEqual(['$upstream_pool', 'web']);
    expect(only(location, 'proxy_pass')).toEqual(['http://$upstream_pool:8000']);
    expect(location.findIndex((d) => d.name === 'set')).toBeLessThan(
      location.findIndex((d) => d.name === 'proxy_pass'),
    );
  });

  test('dns "variable" rejects everything it cannot honour, naming each', () => {
    // GIVEN
    const { stack } = upstreamIn({
      dns: 'variable',
      method: 'least_conn',
      keepalive: 4,
      servers: [
        { host: 'web', port: 8000, weight: 2 },
        { host: 'spare', port: 8000, backup: true },
      ],
    });
    // WHEN
    const errors = lines(synthErrors(stack));
    // THEN
    expect(errors).toEqual([
      expect.stringContaining('keepalive: cannot be honoured with dns "variable" (got 4)'),
      expect.stringContaining('method: cannot be honoured with dns "variable" (got "least_conn")'),
      expect.stringContaining('servers: cannot be honoured with dns "variable" (got 2 servers)'),
      expect.stringContaining('servers[0].weight: cannot be honoured with dns "variable" (got weight=2)'),
      expect.stringContaining(
        'servers[1].backup: cannot be honoured with dns "variable" (got backup spare:8000)',
      ),
    ]);
  });

  test('resolve and variable need a resolver in the config', () => {
    // GIVEN
    const stack = newStack();
    const config = new NginxConfig(stack, 'nginx');
    new Upstream(config, 'pool', { dns: 'resolve', servers: [{ host: 'web', port: 8000 }] });
    // WHEN
    const errors = lines(synthErrors(stack));
    // THEN
    expect(errors).toEqual([
      'error [shop/nginx/pool] dns: "resolve" needs a resolver: set `resolver` on shop/nginx (Docker\'s DNS is 127.0.0.11)',
    ]);
  });

  test.each(['ip_hash', 'hash', 'random'] as const)(
    'a backup server with method %s is an error (nginx forbids it)',
    (method) => {
      // GIVEN
      const { stack } = upstreamIn({
        method,
        ...(method === 'hash' ? { hashKey: nginxVar('request_uri') } : {}),
        servers: [
          { host: 'web', port: 8000 },
          { host: 'spare', port: 8000, backup: true },
        ],
      });
      // WHEN
      const errors = lines(synthErrors(stack));
      // THEN
      expect(errors).toEqual([
        `error [shop/nginx/pool] servers[1].backup: expected no backup server with method "${method}" (nginx allows backup servers only with round-robin and least_conn), got backup spare:8000`,
      ]);
    },
  );

  test('an upstream without servers, with only backups, or with a server twice is an error', () => {
    // GIVEN
    const empty = upstreamIn({});
    const backups = upstreamIn({ servers: [{ host: 'spare', port: 8000, backup: true }] });
    const twice = upstreamIn({ servers: [{ host: 'web', port: 8000 }] });
    twice.upstream.addServer({ host: 'web', port: 8000 });
    // WHEN / THEN
    expect(lines(synthErrors(empty.stack))).toEqual([
      'error [shop/nginx/pool] servers: expected at least one server, got none (nginx refuses an empty upstream)',
    ]);
    expect(lines(synthErrors(backups.stack))).toEqual([
      'error [shop/nginx/pool] servers: expected a primary server besides the backups of upstream "pool", got only backups',
    ]);
    expect(lines(synthErrors(twice.stack))).toEqual([
      'error [shop/nginx/pool] servers[1]: expected each server once, got web:8000 twice',
    ]);
  });

  test('hash needs a key, and hash-only or random-only options need their method', () => {
    // GIVEN
    const { stack } = upstreamIn({ method: 'hash', two: true, servers: [{ host: 'web', port: 8000 }] });
    const other = upstreamIn({
      consistent: true,
      hashKey: nginxVar('uri'),
      servers: [{ host: 'web', port: 8000 }],
    });
    // WHEN / THEN
    expect(lines(synthErrors(stack))).toEqual([
      'error [shop/nginx/pool] hashKey: is required with method "hash" (expected e.g. nginxVar("request_uri")), got nothing',
      'error [shop/nginx/pool] two: is only used with method "random", got method "hash"',
    ]);
    expect(lines(synthErrors(other.stack))).toEqual([
      'error [shop/nginx/pool] consistent: is only used with method "hash", got method "round-robin"',
      'error [shop/nginx/pool] hashKey: is only used with method "hash", got method "round-robin"',
    ]);
  });

  test('markBackup turns an existing server into a backup and reports problems on the construct that asked', () => {
    // GIVEN
    const { stack, upstream } = upstreamIn({
      method: 'random',
      servers: [
        { host: 'web', port: 8000 },
        { host: 'spare', port: 8000 },
      ],
    });
    const asker = new Server(stack, 'asker');
    // WHEN
    const found = upstream.markBackup('spare', 8000, { construct: asker });
    const missing = upstream.markBackup('nope', 1);
    // THEN
    expect(found).toBe(true);
    expect(missing).toBe(false);
    expect(upstream.servers[1]?.backup).toBe(true);
    expect(lines(synthErrors(stack))).toContainEqual(
      expect.stringMatching(
        /^error \[shop\/asker\] upstream "pool": expected no backup server with method "random"/,
      ),
    );
  });

  test('a server whose service lives in another stack is an error', () => {
    // GIVEN
    const { stack, upstream } = upstreamIn({ servers: [] });
    const elsewhere = newStack('elsewhere');
    const api = new Service(elsewhere, 'api', { image: 'api:1' });
    // WHEN
    upstream.addServer({ host: 'api', port: 8000, service: api });
    // THEN
    expect(lines(synthErrors(stack))).toEqual([
      expect.stringMatching(
        /^error \[shop\/nginx\/pool\] servers\[0\]\.service: expected a construct of stack "shop", got elsewhere\/api/,
      ),
    ]);
  });

  test('invalid server specs are reported at synth, not thrown', () => {
    // GIVEN
    const { stack, upstream } = upstreamIn({ servers: [{ host: 'web; server evil', port: 8000 }] });
    // WHEN
    upstream.addServer({ host: 'api', port: 70000 });
    // THEN
    expect(lines(synthErrors(stack))).toEqual([
      'error [shop/nginx/pool] servers[0].host: expected a host name such as "web" or an IPv4 address, got "web; server evil"',
      'error [shop/nginx/pool] servers[1].port: expected a number <= 65535, got 70000',
    ]);
  });
});
