import { composeArtifactProblems } from '../../../../test/support/artifacts/validate-compose-artifacts';
import { FlaskService, Network, NginxProxy, type NginxProxyProps, type Stack, Volume } from '../../src';
import { upstreamServers } from '../../src/model/nginx';
import { NGINX_IMAGE } from '../../src/patterns/nginx-proxy/image';
import {
  argsOf,
  blockOf,
  headerMap,
  lines,
  only,
  synthErrors,
  synthNginx,
} from '../constructs/nginx/nginx-test-helpers';
import { featureProgram } from '../constructs/nginx/seed-programs';
import { newStack, synthCompose } from '../helpers/synth';

function proxied(props: NginxProxyProps = {}, stack: Stack = newStack()) {
  const web = new FlaskService(stack, 'web', { image: 'web:1', port: 5000 });
  const proxy = new NginxProxy(stack, 'nginx', props);
  const pool = proxy.addUpstream('app', { servers: [web] });
  proxy.addRoute('/', pool);
  return { stack, web, proxy, pool };
}

describe('NginxProxy', () => {
  test('an nginx service on the pinned image, with its config mounted in both targets and the only published port', () => {
    // GIVEN
    const { stack } = proxied({ publish: 8080 });
    // WHEN
    const { compose, swarm, files } = synthCompose(stack);
    // THEN
    for (const doc of [compose, swarm]) {
      const nginx = doc.services.nginx!;
      expect(nginx.image).toBe(NGINX_IMAGE);
      expect(nginx.ports).toEqual([{ target: 80, published: 8080 }]);
      expect(nginx.configs).toEqual([{ source: 'nginx_conf', target: '/etc/nginx/nginx.conf' }]);
      expect(doc.services.web?.ports).toBeUndefined();
    }
    expect(compose.configs).toEqual({ nginx_conf: { file: './nginx.conf' } });
    expect(Object.keys(files).sort()).toEqual(['compose.yaml', 'nginx.conf', 'stack.yaml']);
    expect(composeArtifactProblems(files)).toEqual([]);
  });

  test('the pinned image tag names a real nginx release the config targets by default', () => {
    // GIVEN
    const { proxy } = proxied();
    // THEN
    expect(NGINX_IMAGE).toMatch(/^nginx:\d+\.\d+\.\d+-alpine$/);
    expect(NGINX_IMAGE).toBe(`nginx:${proxy.nginxVersion}-alpine`);
    expect(proxy.dns).toBe('resolve');
  });

  test('the health check asks a loopback-only status server with busybox wget, so it never depends on the apps', () => {
    // GIVEN
    const { stack } = proxied();
    // WHEN
    const { compose } = synthCompose(stack);
    const { tree } = synthNginx(stack);
    // THEN
    const test = compose.services.nginx?.healthcheck?.test ?? [];
    expect(test).toEqual([
      'CMD',
      'wget',
      '-q',
      '-T',
      '2',
      '-O',
      '/dev/null',
      'http://127.0.0.1:8099/healthz',
    ]);
    const servers = findServers(tree);
    const health = servers.find((server) => argsOf(server, 'listen')[0]?.[0] === '127.0.0.1:8099');
    expect(health).toBeDefined();
    expect(only(blockOf(health!, 'location', ['=', '/healthz']), 'return')).toEqual(['200', 'ok\n']);
  });

  test('secure defaults: server_tokens off, security headers, forwarded headers that do not trust the client, 10m bodies', () => {
    // GIVEN
    const { stack } = proxied();
    // WHEN
    const { tree, diagnostics } = synthNginx(stack);
    // THEN
    expect(only(blockOf(tree, 'http'), 'server_tokens')).toEqual(['off']);
    const server = mainServer(tree);
    expect(headerMap(server, 'add_header')).toEqual({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'strict-origin-when-cross-origin',
    });
    expect(argsOf(server, 'add_header').every((args) => args[2] === 'always')).toBe(true);
    expect(only(server, 'client_max_body_size')).toEqual(['10m']);
    expect(headerMap(blockOf(tree, 'location', ['/']), 'proxy_set_header')).toEqual({
      host: '$host',
      'x-real-ip': '$remote_addr',
      'x-forwarded-for': '$remote_addr',
      'x-forwarded-proto': '$scheme',
    });
    expect(diagnostics.filter((d) => d.level !== 'info')).toEqual([]);
  });

  test('failover and timeouts: a short connect timeout and retries on the next server for errors and 502-504', () => {
    // GIVEN
    const { stack } = proxied();
    // WHEN
    const server = mainServer(synthNginx(stack).tree);
    // THEN
    expect(only(server, 'proxy_connect_timeout')).toEqual(['1s']);
    expect(only(server, 'proxy_read_timeout')).toEqual(['60s']);
    expect(only(server, 'proxy_next_upstream')).toEqual([
      'error',
      'timeout',
      'http_502',
      'http_503',
      'http_504',
    ]);
    expect(only(server, 'proxy_next_upstream_tries')).toEqual(['0']);
    expect(only(server, 'proxy_next_upstream_timeout')).toEqual(['1500ms']);
    expect(only(server, 'error_page')).toEqual(['500', '502', '503', '504', '/50x.html']);
    expect(only(blockOf(server, 'location', ['=', '/50x.html']), 'root')).toEqual(['/usr/share/nginx/html']);
  });

  test('turning a secure default off works and warns', () => {
    // GIVEN
    const { stack } = proxied({
      trustForwardedFor: true,
      serverTokens: true,
      securityHeaders: { frameOptions: false, contentTypeOptions: false, referrerPolicy: false },
      healthcheck: false,
    });
    // WHEN
    const { tree, diagnostics } = synthNginx(stack);
    // THEN
    expect(headerMap(blockOf(tree, 'location', ['/']), 'proxy_set_header')['x-forwarded-for']).toBe(
      '$proxy_add_x_forwarded_for',
    );
    expect(argsOf(mainServer(tree), 'add_header')).toEqual([]);
    expect(findServers(tree)).toHaveLength(1);
    expect(lines(diagnostics.filter((d) => d.level === 'warning' && d.path === 'shop/nginx'))).toEqual([
      expect.stringContaining('healthcheck: turned off'),
      expect.stringContaining('securityHeaders.contentTypeOptions: turned off'),
      expect.stringContaining('securityHeaders.frameOptions: turned off'),
      expect.stringContaining('securityHeaders.referrerPolicy: turned off'),
      expect.stringContaining('serverTokens: turned on'),
      expect.stringContaining('trustForwardedFor: turned on: clients can forge X-Forwarded-For'),
    ]);
  });

  test('upstream servers come from each FlaskService name and port, with their parameters', () => {
    // WHEN
    const { tree } = synthNginx(featureProgram());
    // THEN
    expect(upstreamServers(tree, 'web')).toEqual([
      { address: 'web:8000', params: { resolve: true, weight: '9', max_fails: '3', fail_timeout: '10s' } },
      { address: 'canary:8000', params: { resolve: true, weight: '1' } },
      { address: 'spare:8000', params: { resolve: true, backup: true } },
    ]);
    const upstream = blockOf(tree, 'upstream', ['web']);
    expect(argsOf(upstream, 'least_conn')).toEqual([[]]);
    expect(only(upstream, 'keepalive')).toEqual(['8']);
    const reports = blockOf(tree, 'location', ['/reports/']);
    expect(only(reports, 'proxy_read_timeout')).toEqual(['300s']);
    expect(only(reports, 'proxy_http_version')).toEqual(['1.1']);
    expect(headerMap(reports, 'add_header')).toMatchObject({
      'cache-control': 'no-store',
      'x-frame-options': 'SAMEORIGIN',
    });
    expect(only(blockOf(tree, 'location', ['^~', '/static/']), 'expires')).toEqual(['1h']);
  });

  test('the proxy joins the networks of its backends', () => {
    // GIVEN
    const stack = newStack();
    const front = new Network(stack, 'front');
    const back = new Network(stack, 'back');
    const web = new FlaskService(stack, 'web', { image: 'web:1', networks: [back] });
    const legacy = new FlaskService(stack, 'legacy', { image: 'old:1' });
    const proxy = new NginxProxy(stack, 'nginx', { networks: [front] });
    proxy.addRoute('/', proxy.addUpstream('app', { servers: [web] }));
    proxy.addRoute('/old/', proxy.addUpstream('old', { servers: [legacy] }));
    // WHEN
    const { compose, swarm, files } = synthCompose(stack);
    // THEN
    for (const doc of [compose, swarm])
      expect(doc.services.nginx?.networks).toEqual(['front', 'back', 'default']);
    expect(composeArtifactProblems(files)).toEqual([]);
  });

  test('static files of a FlaskService without staticFiles, or of another stack, are errors on the route', () => {
    // GIVEN
    const { stack, proxy, web } = proxied();
    const other = newStack('other');
    const foreign = new FlaskService(other, 'api', {
      image: 'api:1',
      staticFiles: { appDir: '/app/static' },
    });
    proxy.addStatic('/static', web);
    proxy.addStatic('/assets', foreign);
    // WHEN
    const errors = lines(synthErrors(stack));
    // THEN
    expect(errors).toEqual([
      'error [shop/nginx/Config/Default/Route2] service: expected a FlaskService with staticFiles, got shop/web without',
      'error [shop/nginx/Config/Default/Route3] service: expected a FlaskService of stack "shop", got other/api from stack "other" (a stack is deployed alone: it cannot reach constructs of another stack)',
    ]);
  });

  test("cross-construct checks: another proxy's upstream, one path twice, an empty upstream, another stack's service", () => {
    // GIVEN
    const { stack, proxy, pool } = proxied();
    const other = new NginxProxy(stack, 'admin', { publish: 8081, fileName: 'admin.conf' });
    other.addRoute('/', pool);
    proxy.addRoute('/', pool);
    proxy.addUpstream('empty', { servers: [] });
    const elsewhere = newStack('elsewhere');
    const api = new FlaskService(elsewhere, 'api', { image: 'api:1' });
    proxy.addUpstream('remote', { servers: [api] });
    // WHEN
    const errors = lines(synthErrors(stack));
    // THEN
    expect(errors).toEqual([
      expect.stringMatching(
        /^error \[shop\/admin\/Config\/Default\/Route1\] proxy\.upstream: expected an Upstream of shop\/admin\/Config, got Upstream "shop\/nginx\/Config\/app"/,
      ),
      'error [shop/nginx/Config/Default/Route2] path: expected one location per path, got "/" again (first at shop/nginx/Config/Default/Route1); nginx refuses duplicate locations',
      'error [shop/nginx/Config/empty] servers: expected at least one server, got none (nginx refuses an empty upstream)',
      'error [shop/nginx/Config/remote] servers[0]: expected a FlaskService of stack "shop", got elsewhere/api from stack "elsewhere" (a stack is deployed alone: it cannot reach constructs of another stack)',
    ]);
  });

  test('a route to something that is not an upstream is reported, not thrown', () => {
    // GIVEN: what plain JavaScript, or a cast, lets through
    const { stack, proxy } = proxied();
    proxy.addRoute('/old/', 'web' as never);
    proxy.addRoute('/new/', {} as never);
    // WHEN
    const errors = lines(synthErrors(stack));
    // THEN
    expect(errors).toEqual([
      'error [shop/nginx/Config/Default/Route2] proxy.upstream: expected an Upstream construct, got "web"',
      'error [shop/nginx/Config/Default/Route3] proxy.upstream: expected an Upstream construct, got an object',
    ]);
  });

  test('an invalid option of a method is reported with the call it came from', () => {
    // GIVEN
    const { stack, proxy, pool } = proxied();
    proxy.addRoute('/slow/', pool, { timeouts: { read: '5 minutes' } });
    // WHEN
    const errors = lines(synthErrors(stack));
    // THEN
    expect(errors).toEqual([
      'error [shop/nginx] addRoute("/slow/").timeouts.read: expected a time such as "10s", "500ms" or "1h", got "5 minutes"',
    ]);
  });

  test('props are validated at synth: body size, ports, versions', () => {
    // GIVEN
    const stack = newStack();
    new NginxProxy(stack, 'nginx', { clientMaxBodySize: '10 MB', listenPort: 8099, nginxVersion: '1.29.0' });
    new NginxProxy(stack, 'custom', {
      image: 'registry.local/edge:7',
      fileName: 'custom.conf',
      publish: false,
    });
    // WHEN
    const errors = lines(synthErrors(stack));
    // THEN
    expect(errors).toEqual([
      'error [shop/custom] nginxVersion: is required: the tag of image "registry.local/edge:7" does not say which nginx it runs (expected e.g. "1.26.2"), got nothing',
      'error [shop/nginx] clientMaxBodySize: expected a size such as "10m" or "512k", got "10 MB"',
      'error [shop/nginx] healthcheck.port: expected a port other than listenPort 8099, got 8099',
      `error [shop/nginx] nginxVersion: expected at most ${NGINX_IMAGE.slice(6, -7)} (the nginx of image "${NGINX_IMAGE}"), got "1.29.0"`,
    ]);
  });

  test('an image tagged with a version sets nginxVersion and so the DNS strategy', () => {
    // GIVEN
    const stack = newStack();
    const proxy = new NginxProxy(stack, 'nginx', { image: 'nginx:1.26.3-alpine', dns: 'static' });
    // THEN
    expect(proxy.nginxVersion).toBe('1.26.3');
    expect(proxy.dns).toBe('static');
  });

  test("a volume of the proxy's own is left alone and a volume mounted twice appears once", () => {
    // GIVEN
    const stack = newStack();
    const shared = new Volume(stack, 'shared');
    const web = new FlaskService(stack, 'web', {
      image: 'web:1',
      staticFiles: { appDir: '/app/static', volume: shared },
    });
    const proxy = new NginxProxy(stack, 'nginx');
    proxy.addRoute('/', proxy.addUpstream('app', { servers: [web] }));
    proxy.addStatic('/static', web);
    proxy.addStatic('/also-static', web);
    // WHEN
    const { compose } = synthCompose(stack);
    // THEN
    expect(compose.services.nginx?.volumes).toEqual([
      { type: 'volume', source: 'shared', target: '/srv/static/web', read_only: true },
    ]);
  });
});

function findServers(tree: ReturnType<typeof synthNginx>['tree']) {
  return blockOf(tree, 'http')
    .filter((directive) => directive.name === 'server')
    .map((directive) => directive.block ?? []);
}

function mainServer(tree: ReturnType<typeof synthNginx>['tree']) {
  const main = findServers(tree).find((server) => argsOf(server, 'listen')[0]?.includes('default_server'));
  if (!main) throw new Error('no default server');
  return main;
}
