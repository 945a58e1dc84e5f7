import { BackupUpstream, FlaskService, NginxProxy, nginxVar, type ProxyUpstreamOptions } from '../../src';
import { upstreamServers } from '../../src/model/nginx';
import {
  argsOf,
  blockOf,
  lines,
  only,
  synthErrors,
  synthNginx,
} from '../constructs/nginx/nginx-test-helpers';
import { newStack } from '../helpers/synth';

function pool(options: Partial<ProxyUpstreamOptions> = {}) {
  const stack = newStack();
  const web = new FlaskService(stack, 'web', { image: 'web:1', port: 8001 });
  const api = new FlaskService(stack, 'api', { image: 'web:1', port: 8003 });
  const spare = new FlaskService(stack, 'spare', { image: 'web:1', port: 8002 });
  const proxy = new NginxProxy(stack, 'nginx');
  const upstream = proxy.addUpstream('pool', { servers: [web, api], ...options });
  proxy.addRoute('/', upstream);
  return { stack, web, api, spare, proxy, upstream };
}

const roles = (servers: ReturnType<typeof upstreamServers>) =>
  servers.map((server) => `${server.address}${server.params.backup ? ' backup' : ''}`);

describe('BackupUpstream', () => {
  test('adds the service to the upstream as a backup server (seed 001)', () => {
    // GIVEN
    const { stack, spare, upstream } = pool();
    // WHEN
    new BackupUpstream(stack, 'fallback', { upstream, service: spare });
    // THEN
    expect(roles(upstreamServers(synthNginx(stack).tree, 'pool'))).toEqual([
      'web:8001',
      'api:8003',
      'spare:8002 backup',
    ]);
  });

  test('a service already in the upstream becomes its backup instead of appearing twice', () => {
    // GIVEN
    const { stack, api, upstream } = pool();
    // WHEN
    new BackupUpstream(stack, 'fallback', { upstream, service: api });
    // THEN
    expect(roles(upstreamServers(synthNginx(stack).tree, 'pool'))).toEqual(['web:8001', 'api:8003 backup']);
  });

  test('several backups, with least_conn (which allows them)', () => {
    // GIVEN
    const { stack, api, spare, upstream } = pool({ method: 'least_conn' });
    // WHEN
    const backup = new BackupUpstream(stack, 'fallback', { upstream, services: [api, spare] });
    // THEN
    expect(backup.services).toEqual([api, spare]);
    expect(roles(upstreamServers(synthNginx(stack).tree, 'pool'))).toEqual([
      'web:8001',
      'api:8003 backup',
      'spare:8002 backup',
    ]);
  });

  test.each([
    ['hash', { method: 'hash', hashKey: nginxVar('request_uri') }],
    ['ip_hash', { method: 'ip_hash' }],
    ['random', { method: 'random' }],
  ] as const)('is an error with method %s, where nginx forbids backup servers', (method, options) => {
    // GIVEN
    const { stack, spare, upstream } = pool(options);
    // WHEN
    new BackupUpstream(stack, 'fallback', { upstream, service: spare });
    // THEN
    expect(lines(synthErrors(stack))).toEqual([
      `error [shop/fallback] service: upstream "pool": expected no backup server with method "${method}" (nginx allows backup servers only with round-robin and least_conn), got backup spare:8002`,
    ]);
  });

  test('is an error when it would leave the upstream without a primary server', () => {
    // GIVEN
    const stack = newStack();
    const web = new FlaskService(stack, 'web', { image: 'web:1' });
    const proxy = new NginxProxy(stack, 'nginx');
    const upstream = proxy.addUpstream('pool', { servers: [web] });
    proxy.addRoute('/', upstream);
    // WHEN
    new BackupUpstream(stack, 'fallback', { upstream, service: web });
    // THEN
    expect(lines(synthErrors(stack))).toEqual([
      'error [shop/fallback] service: upstream "pool": expected a primary server besides the backups of upstream "pool", got only backups',
    ]);
  });

  test("needs exactly one of service and services, and a service of the upstream's stack", () => {
    // GIVEN
    const { stack, api, spare, upstream } = pool();
    const elsewhere = newStack('elsewhere');
    const foreign = new FlaskService(elsewhere, 'far', { image: 'web:1' });
    // WHEN
    new BackupUpstream(stack, 'both', { upstream, service: api, services: [spare] });
    new BackupUpstream(stack, 'foreign', { upstream, service: foreign });
    // THEN
    expect(lines(synthErrors(stack))).toEqual([
      'error [shop/both] service: expected exactly one of service and services, got both',
      'error [shop/foreign] service: expected a FlaskService of stack "shop", got elsewhere/far from stack "elsewhere" (a stack is deployed alone: it cannot reach constructs of another stack)',
    ]);
  });

  describe('hand-off to the backups when every primary fails (failover.handOff)', () => {
    test('routes answer 502/504 through one named location that proxies to a backup-only upstream', () => {
      // GIVEN a backup added after the route, and a second route to the same upstream
      const { stack, spare, proxy, upstream } = pool();
      proxy.addRoute('/api', upstream);
      new BackupUpstream(stack, 'fallback', { upstream, service: spare });
      // WHEN
      const { tree } = synthNginx(stack);
      // THEN the backup line stays in the upstream, and its copy stands alone for the hand-off
      expect(roles(upstreamServers(tree, 'pool'))).toEqual(['web:8001', 'api:8003', 'spare:8002 backup']);
      expect(roles(upstreamServers(tree, 'pool_backup'))).toEqual(['spare:8002']);
      expect(only(blockOf(tree, 'upstream', ['pool_backup']), 'zone')).toEqual(['pool_backup', '64k']);
      for (const path of ['/', '/api']) {
        const route = blockOf(tree, 'location', [path]);
        expect(only(route, 'recursive_error_pages')).toEqual(['on']);
        expect(argsOf(route, 'error_page')).toEqual([
          ['502', '504', '=', '@pool_backup'],
          ['500', '503', '/50x.html'],
        ]);
      }
      const named = blockOf(tree, 'location', ['@pool_backup']);
      expect(only(named, 'proxy_pass')).toEqual(['http://pool_backup']);
      expect(argsOf(named, 'proxy_set_header').map(([name]) => name)).toEqual([
        'Host',
        'X-Real-IP',
        'X-Forwarded-For',
        'X-Forwarded-Proto',
      ]);
      expect(
        only(blockOf(named, 'if', ['$dockyard_primaries', '~', '^(POST|PATCH|LOCK) .*[1-9]']), 'return'),
      ).toEqual(['502']);
      expect(argsOf(named, 'error_page')).toEqual([]);
      const server = blockOf(tree, 'server', []);
      expect(argsOf(server, 'location').filter(([first]) => first === '@pool_backup')).toHaveLength(1);
    });

    test('nothing changes without a backup, or with handOff false', () => {
      // GIVEN
      const bare = pool();
      const stack = newStack();
      const web = new FlaskService(stack, 'web', { image: 'web:1', port: 8001 });
      const spare = new FlaskService(stack, 'spare', { image: 'web:1', port: 8002 });
      const offProxy = new NginxProxy(stack, 'nginx', { failover: { handOff: false } });
      const offPool = offProxy.addUpstream('pool2', { servers: [web] });
      new BackupUpstream(stack, 'fallback', { upstream: offPool, service: spare });
      offProxy.addRoute('/', offPool);
      // WHEN
      const bareTree = synthNginx(bare.stack).tree;
      const offTree = synthNginx(stack).tree;
      // THEN
      for (const tree of [bareTree, offTree]) {
        const route = blockOf(tree, 'location', ['/']);
        expect(argsOf(route, 'error_page')).toEqual([]);
        expect(argsOf(route, 'recursive_error_pages')).toEqual([]);
        expect(argsOf(blockOf(tree, 'server', []), 'error_page')).toEqual([
          ['500', '502', '503', '504', '/50x.html'],
        ]);
      }
      expect(() => blockOf(bareTree, 'upstream', ['pool_backup'])).toThrow();
      expect(() => blockOf(offTree, 'upstream', ['pool2_backup'])).toThrow();
      expect(roles(upstreamServers(offTree, 'pool2'))).toEqual(['web:8001', 'spare:8002 backup']);
    });

    test('an upstream named like the backup-only one is an error, not a duplicate block nginx refuses', () => {
      // GIVEN
      const { stack, web, spare, proxy, upstream } = pool();
      new BackupUpstream(stack, 'fallback', { upstream, service: spare });
      // WHEN
      proxy.addRoute('/other', proxy.addUpstream('pool_backup', { servers: [web] }));
      // THEN
      expect(lines(synthErrors(stack))).toEqual([
        expect.stringMatching(
          /\] name: expected an upstream name used once, got "pool_backup" again \(first at shop\/nginx\/Config\/pool\)$/,
        ),
      ]);
    });

    test("a proxy that retries non-idempotent requests (failover.on has 'non_idempotent') hands them off too", () => {
      // GIVEN
      const stack = newStack();
      const web = new FlaskService(stack, 'web', { image: 'web:1', port: 8001 });
      const spare = new FlaskService(stack, 'spare', { image: 'web:1', port: 8002 });
      const proxy = new NginxProxy(stack, 'nginx', {
        failover: { on: ['error', 'timeout', 'non_idempotent'] },
      });
      const upstream = proxy.addUpstream('pool', { servers: [web] });
      new BackupUpstream(stack, 'fallback', { upstream, service: spare });
      proxy.addRoute('/', upstream);
      // WHEN
      const named = blockOf(synthNginx(stack).tree, 'location', ['@pool_backup']);
      // THEN
      expect(named.map((directive) => directive.name)).toEqual([
        'proxy_set_header',
        'proxy_set_header',
        'proxy_set_header',
        'proxy_set_header',
        'proxy_pass',
      ]);
    });
  });
});
