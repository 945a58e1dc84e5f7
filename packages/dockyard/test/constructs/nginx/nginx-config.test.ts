import { CacheZone, Location, NginxConfig, Server, Upstream } from '../../../src';
import { newStack } from '../../helpers/synth';
import { argsOf, blockOf, lines, only, synthErrors, synthNginx } from './nginx-test-helpers';

describe('NginxConfig', () => {
  test('writes a whole nginx.conf for the official image: main context, events and sane http defaults', () => {
    // GIVEN
    const stack = newStack();
    new NginxConfig(stack, 'nginx');
    // WHEN
    const { tree, text } = synthNginx(stack);
    // THEN
    expect(tree.filter((directive) => directive.block === undefined).map((d) => [d.name, ...d.args])).toEqual(
      [
        ['user', 'nginx'],
        ['worker_processes', 'auto'],
        ['pid', '/run/nginx.pid'],
        ['error_log', 'stderr', 'warn'],
      ],
    );
    expect(only(blockOf(tree, 'events'), 'worker_connections')).toEqual(['1024']);
    const http = blockOf(tree, 'http');
    expect(only(http, 'include')).toEqual(['/etc/nginx/mime.types']);
    expect(only(http, 'default_type')).toEqual(['application/octet-stream']);
    expect(only(http, 'access_log')).toEqual(['/dev/stdout']);
    expect(only(http, 'sendfile')).toEqual(['on']);
    expect(only(http, 'keepalive_timeout')).toEqual(['65s']);
    expect(only(http, 'server_tokens')).toEqual(['off']);
    expect(only(http, 'client_header_timeout')).toEqual(['10s']);
    expect(argsOf(http, 'gzip')).toEqual([]);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).not.toContain('\r');
  });

  test('gzip compresses text types but never lists text/html, which nginx always compresses', () => {
    // GIVEN
    const stack = newStack();
    new NginxConfig(stack, 'nginx', { gzip: {} });
    // WHEN
    const http = blockOf(synthNginx(stack).tree, 'http');
    // THEN
    expect(only(http, 'gzip')).toEqual(['on']);
    expect(only(http, 'gzip_types')).toEqual(expect.arrayContaining(['text/css', 'application/json']));
    expect(only(http, 'gzip_types')).not.toContain('text/html');
    expect(only(http, 'gzip_vary')).toEqual(['on']);
  });

  test('cache zones, upstreams and servers render in that order inside http, whatever the creation order', () => {
    // GIVEN
    const stack = newStack();
    const config = new NginxConfig(stack, 'nginx', { resolver: { addresses: ['127.0.0.11'], valid: '10s' } });
    const server = new Server(config, 'site');
    const pool = new Upstream(config, 'pool', { servers: [{ host: 'web', port: 8000 }] });
    new CacheZone(config, 'dockyard');
    new Location(server, 'root', { path: '/', proxy: { upstream: pool } });
    // WHEN
    const http = blockOf(synthNginx(stack).tree, 'http');
    // THEN
    const order = http
      .map((directive) => directive.name)
      .filter((name) => /^(proxy_cache_path|upstream|server)$/.test(name));
    expect(order).toEqual(['proxy_cache_path', 'upstream', 'server']);
    expect(only(http, 'resolver')).toEqual(['127.0.0.11', 'valid=10s', 'ipv6=off']);
  });

  test('reports the nginx version the file needs, and fails synth when it is newer than nginxVersion', () => {
    // GIVEN
    const stack = newStack();
    const config = new NginxConfig(stack, 'nginx', {
      nginxVersion: '1.22',
      resolver: { addresses: ['127.0.0.11'] },
    });
    new Upstream(config, 'pool', { dns: 'resolve', servers: [{ host: 'web', port: 8000 }] });
    // WHEN
    const needed = config.minimumNginxVersion();
    const errors = synthErrors(stack);
    // THEN
    expect(needed.version).toBe('1.27.3');
    expect(lines(errors)).toEqual([
      expect.stringMatching(
        /^error \[shop\/nginx\] nginxVersion: expected a config nginx 1\.22 accepts, got one that needs nginx >= 1\.27\.3: "resolve" of "server" in "upstream"/,
      ),
    ]);
  });

  test('two upstreams with one name, or a cache zone and an upstream zone sharing a name, are errors', () => {
    // GIVEN
    const stack = newStack();
    const config = new NginxConfig(stack, 'nginx', { resolver: { addresses: ['127.0.0.11'] } });
    new Upstream(config, 'a', { name: 'pool', servers: [{ host: 'web', port: 8000 }] });
    new Upstream(config, 'b', { name: 'pool', servers: [{ host: 'api', port: 8000 }] });
    new Upstream(config, 'c', { name: 'dockyard', dns: 'resolve', servers: [{ host: 'api', port: 8000 }] });
    new CacheZone(config, 'dockyard');
    // WHEN
    const errors = lines(synthErrors(stack));
    // THEN
    expect(errors).toEqual([
      expect.stringContaining(
        'error [shop/nginx/b] name: expected an upstream name used once, got "pool" again (first at shop/nginx/a)',
      ),
      expect.stringContaining(
        'error [shop/nginx/dockyard] zone: expected a shared memory zone name used once, got "dockyard" again (first at shop/nginx/c)',
      ),
    ]);
  });

  test('a second NginxConfig for the same file name is an error, and another file name is fine', () => {
    // GIVEN
    const stack = newStack();
    new NginxConfig(stack, 'one');
    new NginxConfig(stack, 'two');
    const other = newStack('other');
    new NginxConfig(other, 'one');
    new NginxConfig(other, 'two', { fileName: 'admin.conf' });
    // WHEN
    const errors = lines(synthErrors(stack));
    const { files } = synthNginx(other, 'admin.conf');
    // THEN
    expect(errors).toEqual([
      expect.stringContaining(
        '[shop/one] fileName: expected a file name no other construct of stack "shop" writes, got "nginx.conf", which shop/two writes too',
      ),
      expect.stringContaining(
        '[shop/two] fileName: expected a file name no other construct of stack "shop" writes, got "nginx.conf", which shop/one writes too',
      ),
    ]);
    expect(Object.keys(files).sort()).toEqual(['admin.conf', 'nginx.conf']);
  });

  test('invalid props are reported at synth with the property, what was expected and what was given', () => {
    // GIVEN
    const stack = newStack();
    let built = false;
    new NginxConfig(stack, 'nginx', {
      keepaliveTimeout: '65 seconds',
      pid: 'relative.pid',
      nginxVersion: 'latest',
    });
    built = true;
    // WHEN
    const errors = lines(synthErrors(stack));
    // THEN
    expect(built).toBe(true);
    expect(errors).toEqual([
      'error [shop/nginx] keepaliveTimeout: expected a time such as "10s", "500ms" or "1h", got "65 seconds"',
      'error [shop/nginx] nginxVersion: expected an nginx version such as "1.28.0" or "1.22", got "latest"',
      'error [shop/nginx] pid: expected an absolute path, got "relative.pid"',
    ]);
  });

  test('an escape-hatch directive cannot break out of its block, and speaks nginx ($ is a variable)', () => {
    // GIVEN
    const stack = newStack();
    new NginxConfig(stack, 'nginx', {
      directives: [
        { name: 'proxy_buffering', args: ['off; } server { listen 81'] },
        {
          name: 'map',
          args: ['$http_upgrade', '$connection_upgrade'],
          block: [{ name: 'default', args: ['upgrade'] }],
        },
      ],
    });
    const bad = newStack('bad');
    new NginxConfig(bad, 'nginx', { directives: [{ name: 'add_header', args: ['X-A', 'a\u0000b'] }] });
    // WHEN
    const http = blockOf(synthNginx(stack).tree, 'http');
    const errors = lines(synthErrors(bad));
    // THEN
    expect(only(http, 'proxy_buffering')).toEqual(['off; } server { listen 81']);
    expect(argsOf(http, 'server')).toEqual([]);
    expect(only(http, 'map')).toEqual(['$http_upgrade', '$connection_upgrade']);
    expect(errors).toEqual([
      'error [bad/nginx] directives[0].args[1]: expected an argument without control characters, got "a\\u0000b"',
    ]);
  });
});
