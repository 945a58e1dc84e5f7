import {
  CacheZone,
  Location,
  type LocationProps,
  NginxConfig,
  nginxVar,
  Server,
  Upstream,
} from '../../../src';
import { newStack } from '../../helpers/synth';
import { argsOf, blockOf, headerMap, lines, only, synthErrors, synthNginx } from './nginx-test-helpers';

function serverWith(serverProps: ConstructorParameters<typeof Server>[2] = {}) {
  const stack = newStack();
  const config = new NginxConfig(stack, 'nginx');
  const upstream = new Upstream(config, 'pool', { servers: [{ host: 'web', port: 8000 }] });
  const server = new Server(config, 'site', serverProps);
  return { stack, config, upstream, server };
}

describe('Location', () => {
  test.each([
    ['', '/api/', ['/api/']],
    ['=', '/50x.html', ['=', '/50x.html']],
    ['^~', '/static/', ['^~', '/static/']],
    ['~', '\\.php$', ['~', '\\.php$']],
    ['~*', '\\.(png|jpg)$', ['~*', '\\.(png|jpg)$']],
  ] as const)('modifier "%s" on %s is written as nginx reads it', (modifier, path, args) => {
    // GIVEN
    const { stack, server } = serverWith();
    new Location(server, 'one', { path, ...(modifier ? { modifier } : {}), return: { code: 204 } });
    // WHEN
    const body = blockOf(synthNginx(stack).tree, 'location', args);
    // THEN
    expect(only(body, 'return')).toEqual(['204']);
  });

  test('a proxying location sends the server proxy headers, its own on top, then proxy_pass', () => {
    // GIVEN
    const { stack, server, upstream } = serverWith({
      proxyHeaders: [
        { name: 'Host', value: nginxVar('host') },
        { name: 'X-Forwarded-For', value: nginxVar('remote_addr') },
      ],
    });
    new Location(server, 'root', { path: '/', proxy: { upstream } });
    new Location(server, 'api', {
      path: '/api/',
      proxy: {
        upstream,
        headers: [{ name: 'x-forwarded-for', value: nginxVar('proxy_add_x_forwarded_for') }],
      },
    });
    // WHEN
    const { tree } = synthNginx(stack);
    // THEN
    const root = blockOf(tree, 'location', ['/']);
    expect(headerMap(root, 'proxy_set_header')).toEqual({ host: '$host', 'x-forwarded-for': '$remote_addr' });
    expect(root.at(-1)).toEqual({ name: 'proxy_pass', args: ['http://pool'] });
    const api = blockOf(tree, 'location', ['/api/']);
    expect(headerMap(api, 'proxy_set_header')).toEqual({
      host: '$host',
      'x-forwarded-for': '$proxy_add_x_forwarded_for',
    });
    expect(argsOf(blockOf(tree, 'server'), 'proxy_set_header')).toEqual([]);
  });

  test('a location with headers of its own repeats the server headers, since nginx would drop them', () => {
    // GIVEN
    const { stack, server } = serverWith({ headers: [{ name: 'X-Frame-Options', value: 'SAMEORIGIN' }] });
    new Location(server, 'plain', { path: '/plain', return: { code: 204 } });
    new Location(server, 'own', {
      path: '/own',
      return: { code: 204 },
      headers: [{ name: 'Cache-Control', value: 'no-store', always: false }],
    });
    // WHEN
    const { tree } = synthNginx(stack);
    // THEN
    expect(argsOf(blockOf(tree, 'server'), 'add_header')).toEqual([
      ['X-Frame-Options', 'SAMEORIGIN', 'always'],
    ]);
    expect(argsOf(blockOf(tree, 'location', ['/plain']), 'add_header')).toEqual([]);
    expect(argsOf(blockOf(tree, 'location', ['/own']), 'add_header')).toEqual([
      ['X-Frame-Options', 'SAMEORIGIN', 'always'],
      ['Cache-Control', 'no-store'],
    ]);
  });

  test('cache: zone, validity, stale answers, lock, a status header and no caching of authorised requests', () => {
    // GIVEN
    const { stack, config, server, upstream } = serverWith({
      headers: [{ name: 'X-Content-Type-Options', value: 'nosniff' }],
    });
    const zone = new CacheZone(config, 'dockyard', { maxSize: '2g' });
    new Location(server, 'cached', {
      path: '/cache-me',
      proxy: { upstream, cache: { zone, valid: [{ ttl: '10m' }, { statuses: [404], ttl: '1m' }] } },
    });
    // WHEN
    const { tree } = synthNginx(stack);
    // THEN
    expect(only(blockOf(tree, 'http'), 'proxy_cache_path')).toEqual([
      '/var/cache/nginx/dockyard',
      'levels=1:2',
      'keys_zone=dockyard:10m',
      'max_size=2g',
      'inactive=60m',
      'use_temp_path=off',
    ]);
    const body = blockOf(tree, 'location', ['/cache-me']);
    expect(only(body, 'proxy_cache')).toEqual(['dockyard']);
    expect(argsOf(body, 'proxy_cache_valid')).toEqual([
      ['200', '10m'],
      ['404', '1m'],
    ]);
    expect(only(body, 'proxy_cache_use_stale')).toContain('updating');
    expect(only(body, 'proxy_cache_lock')).toEqual(['on']);
    expect(only(body, 'proxy_cache_bypass')).toEqual(['$http_authorization']);
    expect(only(body, 'proxy_no_cache')).toEqual(['$http_authorization']);
    expect(headerMap(body, 'add_header')).toEqual({
      'x-content-type-options': 'nosniff',
      'x-cache-status': '$upstream_cache_status',
    });
  });

  test('a header value with CR/LF or a literal "$" is rejected at synth with property, expectation and value', () => {
    // GIVEN
    const { stack, server } = serverWith();
    const props: LocationProps = {
      path: '/',
      return: { code: 204 },
      headers: [
        { name: 'X-A', value: 'ok\r\nSet-Cookie: admin=1' },
        { name: 'X-B', value: 'costs $5' },
        { name: 'X C', value: 'x' },
      ],
    };
    new Location(server, 'evil', props);
    // WHEN
    const errors = lines(synthErrors(stack));
    // THEN
    expect(errors).toEqual([
      expect.stringMatching(
        /^error \[shop\/nginx\/site\/evil\] headers\[0\]\.value: expected .*without CR, LF.*got "ok\\r\\nSet-Cookie: admin=1"/,
      ),
      expect.stringMatching(
        /^error \[shop\/nginx\/site\/evil\] headers\[1\]\.value: expected .*without "\$".*got "costs \$5"/,
      ),
      'error [shop/nginx/site/evil] headers[2].name: expected a header name such as "X-Frame-Options", got "X C"',
    ]);
  });

  test('alias must end with "/" like its prefix path (the off-by-slash traversal), and is refused in a regex location', () => {
    // GIVEN
    const { stack, server } = serverWith();
    new Location(server, 'a', { path: '/static', alias: '/srv/static/' });
    new Location(server, 'b', { path: '~', modifier: '~', alias: '/srv/x/' });
    new Location(server, 'ok', { path: '/media/', modifier: '^~', alias: '/srv/media/' });
    new Location(server, 'file', { path: '/favicon.ico', modifier: '=', alias: '/srv/icons/f.ico' });
    // WHEN
    const errors = lines(synthErrors(stack));
    // THEN
    expect(errors).toEqual([
      expect.stringContaining(
        '[shop/nginx/site/a] alias: expected a prefix path and an alias that both end with "/"',
      ),
      expect.stringContaining('[shop/nginx/site/b] alias: expected no alias in a regex location'),
    ]);
  });

  test('proxy, alias and return exclude each other; alias and root too', () => {
    // GIVEN
    const { stack, server, upstream } = serverWith();
    new Location(server, 'x', { path: '/x/', proxy: { upstream }, alias: '/srv/x/', root: '/srv' });
    // WHEN
    const errors = lines(synthErrors(stack));
    // THEN
    expect(errors).toEqual([
      'error [shop/nginx/site/x] expected at most one of proxy, alias and return, got proxy and alias',
      'error [shop/nginx/site/x] alias: expected alias or root, got both',
    ]);
  });

  test('a route to an upstream or cache zone of another nginx config is an error', () => {
    // GIVEN
    const { stack, server } = serverWith();
    const other = new NginxConfig(stack, 'other', { fileName: 'other.conf' });
    const foreign = new Upstream(other, 'theirs', { servers: [{ host: 'api', port: 9000 }] });
    const zone = new CacheZone(other, 'zone');
    new Location(server, 'x', {
      path: '/x/',
      proxy: { upstream: foreign, cache: { zone, valid: [{ ttl: '1m' }] } },
    });
    // WHEN
    const errors = lines(synthErrors(stack));
    // THEN
    expect(errors).toEqual([
      'error [shop/nginx/site/x] proxy.cache.zone: expected a CacheZone of shop/nginx, got CacheZone "shop/other/zone" of shop/other',
      'error [shop/nginx/site/x] proxy.upstream: expected an Upstream of shop/nginx, got Upstream "shop/other/theirs" of shop/other (each nginx.conf only knows its own upstreams)',
    ]);
  });

  test('a redirect URL cannot carry CR/LF into the Location header', () => {
    // GIVEN
    const { stack, server } = serverWith();
    new Location(server, 'r', { path: '/old', return: { code: 301, text: '/new\r\nX-Evil: 1' } });
    new Location(server, 'body', { path: '/body', return: { code: 200, text: 'line 1\nline 2' } });
    // WHEN
    const errors = lines(synthErrors(stack));
    // THEN
    expect(errors).toEqual([
      'error [shop/nginx/site/r] return.text: expected a redirect URL without CR, LF or other control characters',
    ]);
  });

  test('a Location outside a Server is an error', () => {
    // GIVEN
    const { stack, config } = serverWith();
    new Location(config, 'stray', { path: '/', return: { code: 204 } });
    // WHEN / THEN
    expect(lines(synthErrors(stack))).toEqual([
      'error [shop/nginx/stray] expected a Location directly inside a Server, got one inside NginxConfig "shop/nginx"',
    ]);
  });
});
