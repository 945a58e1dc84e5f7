import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeArtifactProblems } from '../../../../test/support/artifacts/validate-compose-artifacts';
import { findAll, parseNginx, upstreamServers } from '../../src/model/nginx';
import { argsOf, blockOf, headerMap, only, synthNginx } from '../constructs/nginx/nginx-test-helpers';
import { seedPrograms } from '../constructs/nginx/seed-programs';
import { synthCompose } from '../helpers/synth';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'nginx', name), 'utf8');

describe('the seeds, written with NginxProxy', () => {
  test('001: the backup server gets "backup" and the two primaries share the load, as in the tutorial', () => {
    // GIVEN the tutorial's final upstream
    const tutorial = upstreamServers(parseNginx(fixture('seed-001-upstream-backup.conf')), 'flaskappproxy');
    // WHEN
    const { tree } = synthNginx(seedPrograms['001 backup upstream']());
    const ours = upstreamServers(tree, 'flaskappproxy');
    // THEN: the same servers with the same roles (order aside), each also re-resolved by nginx
    const roles = (servers: typeof ours) =>
      servers.map((server) => `${server.address}${server.params.backup ? ' backup' : ''}`).sort();
    expect(roles(ours)).toEqual(roles(tutorial));
    expect(ours.every((server) => server.params.resolve === true)).toBe(true);
    expect(only(blockOf(tree, 'location', ['/']), 'proxy_pass')).toEqual(['http://flaskappproxy']);
    // and better: the client's X-Forwarded-For is not trusted, and the 50x page is internal
    const location = blockOf(tree, 'location', ['/']);
    expect(headerMap(location, 'proxy_set_header')['x-forwarded-for']).toBe('$remote_addr');
    expect(argsOf(blockOf(tree, 'location', ['=', '/50x.html']), 'internal')).toEqual([[]]);
  });

  test('001: only the proxy publishes a port, the services only expose theirs', () => {
    // GIVEN
    const stack = seedPrograms['001 backup upstream']();
    // WHEN
    const { compose, swarm } = synthCompose(stack);
    // THEN
    for (const doc of [compose, swarm]) {
      const published = Object.entries(doc.services)
        .filter(([, service]) => service.ports !== undefined)
        .map(([name, service]) => [name, service.ports]);
      expect(published).toEqual([['nginx', [{ target: 80, published: 80 }]]]);
    }
    expect(compose.services.gotyourback?.expose).toEqual([8002]);
    expect(composeArtifactProblems(synthCompose(stack).files)).toEqual([]);
  });

  test('002: nginx re-resolves the scaled service through Docker DNS instead of pinning its first address', () => {
    // GIVEN the tutorial's workaround: a resolver and a variable
    const workaround = parseNginx(fixture('seed-002-workaround.conf'));
    expect(findAll(workaround, 'resolver')[0]?.directive.args).toEqual(['127.0.0.11']);
    // WHEN
    const { tree } = synthNginx(seedPrograms['002 resolver']());
    // THEN: the same DNS server, answers trusted 10s instead of Docker's 600s TTL, and a real upstream block
    expect(only(blockOf(tree, 'http'), 'resolver')).toEqual(['127.0.0.11', 'valid=10s', 'ipv6=off']);
    const upstream = blockOf(tree, 'upstream', ['flaskapp']);
    expect(only(upstream, 'zone')).toEqual(['flaskapp', '64k']);
    expect(only(upstream, 'server')).toEqual(['flaskapp:5090', 'resolve']);
  });

  test('002 on nginx 1.22: the tutorial workaround, generated from the service instead of retyped', () => {
    // WHEN
    const { tree } = synthNginx(seedPrograms['002 resolver']({ nginxVersion: '1.22', dns: 'variable' }));
    // THEN
    const location = blockOf(tree, 'location', ['/']);
    expect(only(location, 'set')).toEqual(['$upstream_flaskapp', 'flaskapp']);
    expect(only(location, 'proxy_pass')).toEqual(['http://$upstream_flaskapp:5090']);
    expect(only(blockOf(tree, 'http'), 'resolver')).toEqual(['127.0.0.11', 'valid=10s', 'ipv6=off']);
  });

  test('003: /cache-me is cached by nginx with a visible cache status; /info gets the forwarded headers', () => {
    // WHEN
    const { tree } = synthNginx(seedPrograms['003 cache and info']());
    // THEN
    const cached = blockOf(tree, 'location', ['/cache-me']);
    expect(only(cached, 'proxy_cache')).toEqual(['dockyard']);
    expect(only(cached, 'proxy_cache_valid')).toEqual(['200', '10m']);
    expect(headerMap(cached, 'add_header')['x-cache-status']).toBe('$upstream_cache_status');
    expect(only(blockOf(tree, 'http'), 'proxy_cache_path')).toEqual(
      expect.arrayContaining(['/var/cache/nginx/dockyard', 'keys_zone=dockyard:10m']),
    );
    // /info is answered by the app through "/", which tells it who the client is
    const info = blockOf(tree, 'location', ['/']);
    expect(headerMap(info, 'proxy_set_header')).toEqual({
      host: '$host',
      'x-real-ip': '$remote_addr',
      'x-forwarded-for': '$remote_addr',
      'x-forwarded-proto': '$scheme',
    });
    expect(headerMap(cached, 'proxy_set_header')).toEqual(headerMap(info, 'proxy_set_header'));
  });

  test('004: static files are served by nginx from the app volume, mounted read-only, without the alias traversal', () => {
    // GIVEN the tutorial's `location /static { alias /var/www-data; }`, where `/static../` escapes the folder
    const tutorial = blockOf(parseNginx(fixture('seed-004-app.conf')), 'location', ['/static']);
    expect(only(tutorial, 'alias')).toEqual(['/var/www-data']);
    // WHEN
    const stack = seedPrograms['004 static alias']();
    const { tree } = synthNginx(stack);
    const { compose, swarm } = synthCompose(stack);
    // THEN
    const ours = blockOf(tree, 'location', ['^~', '/static/']);
    expect(only(ours, 'alias')).toEqual(['/srv/static/webapp/']);
    for (const doc of [compose, swarm]) {
      expect(doc.services.webproxy?.volumes).toEqual([
        { type: 'volume', source: 'webapp_static', target: '/srv/static/webapp', read_only: true },
      ]);
      expect(doc.services.webapp?.volumes).toEqual([
        { type: 'volume', source: 'webapp_static', target: '/app/static' },
      ]);
    }
    expect(swarm.services.webapp?.deploy).toMatchObject({ replicas: 3 });
    expect(swarm.services.webproxy?.ports).toEqual([{ target: 80, published: 8080 }]);
    expect(composeArtifactProblems(synthCompose(stack).files)).toEqual([]);
  });
});
