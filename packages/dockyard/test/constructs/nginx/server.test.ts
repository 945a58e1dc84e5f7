import { Location, NginxConfig, Server, Upstream } from '../../../src';
import { newStack } from '../../helpers/synth';
import { argsOf, blockOf, lines, only, synthErrors, synthNginx } from './nginx-test-helpers';

describe('Server', () => {
  test('listen, server_name, body size, proxy tuning, headers and error pages, then locations in creation order', () => {
    // GIVEN
    const stack = newStack();
    const config = new NginxConfig(stack, 'nginx');
    const pool = new Upstream(config, 'pool', { servers: [{ host: 'web', port: 8000 }] });
    const server = new Server(config, 'site', {
      listen: [
        { port: 8080, defaultServer: true },
        { port: 9090, address: '127.0.0.1' },
      ],
      serverName: ['shop.example', 'www.shop.example'],
      clientMaxBodySize: '20m',
      proxy: {
        connectTimeout: '2s',
        readTimeout: '60s',
        nextUpstream: ['error', 'timeout'],
        nextUpstreamTries: 2,
      },
      headers: [{ name: 'X-Content-Type-Options', value: 'nosniff' }],
      errorPages: [{ codes: [502, 504], uri: '/50x.html' }],
    });
    new Location(server, 'b', { path: '/b', proxy: { upstream: pool } });
    new Location(server, 'err', { path: '/50x.html', modifier: '=', root: '/usr/share/nginx/html' });
    new Location(server, 'a', { path: '/a', proxy: { upstream: pool } });
    // WHEN
    const body = blockOf(synthNginx(stack).tree, 'server');
    // THEN
    expect(argsOf(body, 'listen')).toEqual([['8080', 'default_server'], ['127.0.0.1:9090']]);
    expect(only(body, 'server_name')).toEqual(['shop.example', 'www.shop.example']);
    expect(only(body, 'client_max_body_size')).toEqual(['20m']);
    expect(only(body, 'proxy_connect_timeout')).toEqual(['2s']);
    expect(only(body, 'proxy_read_timeout')).toEqual(['60s']);
    expect(only(body, 'proxy_next_upstream')).toEqual(['error', 'timeout']);
    expect(only(body, 'proxy_next_upstream_tries')).toEqual(['2']);
    expect(only(body, 'add_header')).toEqual(['X-Content-Type-Options', 'nosniff', 'always']);
    expect(only(body, 'error_page')).toEqual(['502', '504', '/50x.html']);
    expect(argsOf(body, 'location')).toEqual([['/b'], ['=', '/50x.html'], ['/a']]);
  });

  test('two locations for one path are an error on the second; = and prefix on one path are not', () => {
    // GIVEN
    const stack = newStack();
    const config = new NginxConfig(stack, 'nginx');
    const server = new Server(config, 'site');
    new Location(server, 'one', { path: '/x', return: { code: 204 } });
    new Location(server, 'two', { path: '/x', modifier: '^~', return: { code: 204 } });
    new Location(server, 'exact', { path: '/x', modifier: '=', return: { code: 204 } });
    // WHEN
    const errors = lines(synthErrors(stack));
    // THEN
    expect(errors).toEqual([
      'error [shop/nginx/site/two] path: expected one location per path, got "^~ /x" again (first at shop/nginx/site/one); nginx refuses duplicate locations',
    ]);
  });

  test('an error page no location serves is a warning, since it would go to the app that just failed', () => {
    // GIVEN
    const stack = newStack();
    const config = new NginxConfig(stack, 'nginx');
    new Server(config, 'site', { errorPages: [{ codes: [502], uri: '/50x.html' }] });
    // WHEN
    const { diagnostics } = synthNginx(stack);
    // THEN
    expect(lines(diagnostics)).toEqual([
      expect.stringContaining('warning [shop/nginx/site] errorPages: no location serves /50x.html'),
    ]);
  });

  test('invalid listen and server names are reported at synth', () => {
    // GIVEN
    const stack = newStack();
    const config = new NginxConfig(stack, 'nginx');
    new Server(config, 'site', { listen: [0], serverName: ['a b'], clientMaxBodySize: '10 MB' });
    // WHEN
    const errors = lines(synthErrors(stack));
    // THEN
    expect(errors).toEqual([
      'error [shop/nginx/site] clientMaxBodySize: expected a size such as "10m" or "512k", got "10 MB"',
      'error [shop/nginx/site] listen[0]: expected a number >= 1, got 0',
      'error [shop/nginx/site] serverName[0]: expected a host name such as "shop.example", "*.shop.example" or "shop.*" or a regular expression starting with "~", got "a b"',
    ]);
  });
});
