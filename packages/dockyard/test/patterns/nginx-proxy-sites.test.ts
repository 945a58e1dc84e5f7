import { composeArtifactProblems } from '../../../../test/support/artifacts/validate-compose-artifacts';
import { FlaskService, NginxProxy, type Stack } from '../../src';
import { MOZILLA_INTERMEDIATE_CIPHERS } from '../../src/constructs/nginx/tls';
import type { Directive } from '../../src/model/nginx';
import {
  argsOf,
  headerMap,
  lines,
  only,
  synthErrors,
  synthNginx,
} from '../constructs/nginx/nginx-test-helpers';
import { newStack, synthCompose } from '../helpers/synth';
import { acmeProgram, sitesProgram } from './site-programs';

/** The server blocks of a config, each with its listens and names. */
function servers(tree: readonly Directive[]) {
  const http = tree.find((directive) => directive.name === 'http')?.block ?? [];
  return http
    .filter((directive) => directive.name === 'server')
    .map((server) => ({
      body: server.block ?? [],
      listen: argsOf(server.block ?? [], 'listen').map((args) => args.join(' ')),
      names: argsOf(server.block ?? [], 'server_name').flat(),
    }));
}
const serverOf = (tree: readonly Directive[], name: string, listen: RegExp) => {
  const found = servers(tree).find((s) => s.names.includes(name) && s.listen.some((l) => listen.test(l)));
  if (!found) throw new Error(`no server ${name} ${listen}`);
  return found.body;
};
const location = (body: readonly Directive[], path: string) =>
  body.find((d) => d.name === 'location' && d.args.at(-1) === path)?.block ?? [];

describe('NginxProxy with sites', () => {
  test('each site is selected by host name; the default server answers unknown names with 421 and refuses their TLS handshake', () => {
    // GIVEN
    const { stack } = sitesProgram();
    // WHEN
    const { tree } = synthNginx(stack);
    // THEN
    const fallback = servers(tree).find((s) => s.listen.includes('80 default_server'));
    expect(fallback?.names).toEqual([]);
    expect(only(location(fallback?.body ?? [], '/'), 'return')[0]).toBe('421');
    const tlsDefault = servers(tree).find((s) => s.listen.includes('443 default_server ssl'));
    expect(only(tlsDefault?.body ?? [], 'ssl_reject_handshake')).toEqual(['on']);
    expect(only(location(serverOf(tree, 'blog.example', /^80$/), '/'), 'proxy_pass')).toEqual([
      'http://blog',
    ]);
    expect(only(location(serverOf(tree, 'shop.example', /443 ssl/), '/'), 'proxy_pass')).toEqual([
      'http://shop',
    ]);
  });

  test('HTTPS: secrets for the certificate and key, Mozilla intermediate, HTTP/2 on 1.22 as a listen parameter, HSTS, HTTP redirected', () => {
    // GIVEN
    const { stack } = sitesProgram();
    // WHEN
    const { tree } = synthNginx(stack);
    const https = serverOf(tree, 'shop.example', /443 ssl/);
    // THEN
    expect(argsOf(https, 'listen')).toEqual([['443', 'ssl', 'http2']]);
    expect(only(https, 'ssl_certificate')).toEqual(['/run/secrets/nginx_shop_crt']);
    expect(only(https, 'ssl_certificate_key')).toEqual(['/run/secrets/nginx_shop_key']);
    expect(only(https, 'ssl_protocols')).toEqual(['TLSv1.2', 'TLSv1.3']);
    expect(only(https, 'ssl_ciphers')).toEqual([MOZILLA_INTERMEDIATE_CIPHERS.join(':')]);
    expect(only(https, 'ssl_session_tickets')).toEqual(['off']);
    expect(headerMap(https, 'add_header')['strict-transport-security']).toBe('max-age=31536000');
    expect(headerMap(https, 'add_header')['x-content-type-options']).toBe('nosniff');
    const redirect = serverOf(tree, 'shop.example', /^80$/);
    expect(only(location(redirect, '/'), 'return')).toEqual(['301', `https://\${host}\${request_uri}`]);
  });

  test('nginx >= 1.25.1 gets the http2 directive instead of the deprecated listen parameter', () => {
    // GIVEN
    const { stack } = sitesProgram({ proxy: { nginxVersion: '1.28.0', dns: 'resolve' } });
    // WHEN
    const { tree } = synthNginx(stack);
    const https = serverOf(tree, 'shop.example', /443 ssl/);
    // THEN
    expect(argsOf(https, 'listen')).toEqual([['443', 'ssl']]);
    expect(only(https, 'http2')).toEqual(['on']);
  });

  test('compose and stack publish 80 and 443 and grant the secrets; Swarm names them by content hash; nothing inlined', () => {
    // GIVEN
    const { stack } = sitesProgram();
    // WHEN
    const { compose, swarm, files } = synthCompose(stack);
    // THEN
    for (const doc of [compose, swarm]) {
      expect(doc.services.nginx?.ports).toEqual([
        { target: 80, published: 80 },
        { target: 443, published: 443 },
      ]);
      expect(doc.services.nginx?.secrets).toEqual([
        { source: 'nginx_shop_crt' },
        { source: 'nginx_shop_key' },
      ]);
    }
    expect(compose.secrets).toEqual({
      nginx_shop_crt: { file: '../../certs/shop.example.crt' },
      nginx_shop_key: { file: '../../certs/shop.example.key' },
    });
    const swarmSecrets = swarm.secrets as Record<string, { name: string }>;
    expect(swarmSecrets.nginx_shop_key?.name).toMatch(/^sites_nginx_shop_key_[0-9a-f]{12}$/);
    for (const file of Object.values(files)) expect(file.text).not.toContain('PRIVATE KEY');
    expect(composeArtifactProblems(files)).toEqual([]);
  });

  test('a key that does not match, or is missing, is an error at synth naming tls.key; nothing is written', () => {
    // GIVEN
    const other = sitesProgram();
    const mismatched = sitesProgram({ shopKey: `${other.baseDir}/certs/shop.example.key` });
    const missing = sitesProgram({ shopKey: 'certs/nope.key' });
    // WHEN / THEN
    expect(lines(synthErrors(mismatched.stack))).toEqual([
      expect.stringMatching(
        /^error \[sites\/nginx\/shop\] tls\.key: expected the private key of .*a key that does not match it$/,
      ),
    ]);
    expect(lines(synthErrors(missing.stack))).toEqual([
      'error [sites/nginx/shop] tls.key: expected a readable file, got "certs/nope.key" (ENOENT)',
    ]);
  });

  test('rate and connection limits: each zone declared once, however many blocks use it; 429 instead of 503', () => {
    // GIVEN
    const { stack } = sitesProgram();
    // WHEN
    const { tree } = synthNginx(stack);
    const http = tree.find((d) => d.name === 'http')?.block ?? [];
    // THEN
    expect(argsOf(http, 'limit_req_zone')).toEqual([['$binary_remote_addr', 'zone=api:10m', 'rate=5r/s']]);
    expect(argsOf(http, 'limit_conn_zone')).toEqual([['$binary_remote_addr', 'zone=perclient:10m']]);
    const https = serverOf(tree, 'shop.example', /443 ssl/);
    expect(only(https, 'limit_conn')).toEqual(['perclient', '50']);
    expect(only(https, 'limit_conn_status')).toEqual(['429']);
    expect(only(location(https, '/api/'), 'limit_req')).toEqual(['zone=api', 'burst=4', 'nodelay']);
    expect(only(location(https, '/api/'), 'limit_req_status')).toEqual(['429']);
    expect(only(serverOf(tree, 'blog.example', /^80$/), 'limit_req')).toEqual([
      'zone=api',
      'burst=2',
      'nodelay',
    ]);
  });

  test('behind a trusted proxy, limits count the address it appended to X-Forwarded-For, not its own', () => {
    // GIVEN
    const { stack } = sitesProgram({ proxy: { trustForwardedFor: true } });
    // WHEN
    const { tree } = synthNginx(stack);
    const http = tree.find((d) => d.name === 'http')?.block ?? [];
    // THEN
    expect(argsOf(http, 'limit_req_zone')[0]?.[0]).toBe('$dockyard_client');
    const map = http.find((d) => d.name === 'map' && d.args[1] === '$dockyard_client');
    expect(map?.args).toEqual(['$http_x_forwarded_for', '$dockyard_client']);
    expect(map?.block?.map((d) => [d.name, ...d.args])).toEqual([
      ['default', '$remote_addr'],
      ['~(?<dockyard_forwarded>[^,\\s]+)\\s*$', '$dockyard_forwarded'],
    ]);
  });

  test('a WebSocket route: HTTP/1.1, Upgrade and Connection through one map, a long read timeout', () => {
    // GIVEN
    const { stack } = sitesProgram();
    // WHEN
    const { tree } = synthNginx(stack);
    const ws = location(serverOf(tree, 'shop.example', /443 ssl/), '/ws/');
    const http = tree.find((d) => d.name === 'http')?.block ?? [];
    // THEN
    expect(only(ws, 'proxy_http_version')).toEqual(['1.1']);
    expect(headerMap(ws, 'proxy_set_header')).toMatchObject({
      upgrade: '$http_upgrade',
      connection: '$connection_upgrade',
      host: '$host',
      'x-forwarded-proto': '$scheme',
    });
    expect(only(ws, 'proxy_read_timeout')).toEqual(['1h']);
    const maps = http.filter((d) => d.name === 'map');
    expect(maps.map((m) => m.args)).toEqual([['$http_upgrade', '$connection_upgrade']]);
    expect(maps[0]?.block?.map((d) => [d.name, ...d.args])).toEqual([
      ['default', 'upgrade'],
      ['', 'close'],
    ]);
  });

  test('the single-site API is unchanged: no sites, no default 421, no 443', () => {
    // GIVEN
    const stack = newStack();
    const web = new FlaskService(stack, 'web', { image: 'web:1', port: 5000 });
    const proxy = new NginxProxy(stack, 'nginx');
    proxy.addRoute('/', proxy.addUpstream('app', { servers: [web] }), { websocket: true });
    // WHEN
    const { compose } = synthCompose(stack);
    const { text } = synthNginx(stack);
    // THEN
    expect(compose.services.nginx?.ports).toEqual([{ target: 80, published: 80 }]);
    expect(text).not.toContain('421');
    expect(text).toContain('proxy_set_header Upgrade $http_upgrade;');
  });

  test('routes on the proxy once it has sites, a host name on two sites, HSTS without TLS: errors, all at once', () => {
    // GIVEN
    const stack: Stack = newStack();
    const web = new FlaskService(stack, 'web', { image: 'web:1', port: 5000 });
    const proxy = new NginxProxy(stack, 'nginx');
    const pool = proxy.addUpstream('app', { servers: [web] });
    proxy.addSite('a', { serverName: ['a.example'] }).addRoute('/', pool);
    proxy.addSite('b', { serverName: ['a.example'], hsts: {} });
    proxy.addRoute('/x', pool);
    // WHEN
    const errors = lines(synthErrors(stack));
    // THEN
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^error \[shop\/nginx\/Config\/Default\] addRoute: expected routes on sites once the proxy has sites/,
        ),
        expect.stringMatching(
          /^error \[shop\/nginx\/b\] serverName: expected each host name on one site, got "a.example" again/,
        ),
        'error [shop/nginx/b] hsts: expected tls for HSTS (a header sent over HTTPS), got none',
      ]),
    );
  });

  test('ACME: the challenge path stays on HTTP, nginx reads the certbot copies, certbot gets the volumes read-write', () => {
    // GIVEN
    const { stack } = acmeProgram();
    // WHEN
    const { tree } = synthNginx(stack);
    const { compose, swarm, files } = synthCompose(stack);
    // THEN
    const redirect = serverOf(tree, 'shop.example', /^80$/);
    const challenge = redirect.find(
      (d) => d.name === 'location' && d.args[1] === '/.well-known/acme-challenge/',
    );
    expect(challenge?.args).toEqual(['^~', '/.well-known/acme-challenge/']);
    expect(only(challenge?.block ?? [], 'root')).toEqual(['/var/www/acme']);
    const https = serverOf(tree, 'shop.example', /443 ssl/);
    expect(only(https, 'ssl_certificate')).toEqual(['/etc/letsencrypt/dockyard/shop/fullchain.pem']);
    expect(only(https, 'ssl_certificate_key')).toEqual(['/etc/letsencrypt/dockyard/shop/privkey.pem']);
    for (const doc of [compose, swarm]) {
      const nginx = doc.services.nginx as Record<string, unknown>;
      const certbot = doc.services.nginx_certbot as Record<string, unknown>;
      expect(nginx.secrets).toBeUndefined();
      expect(nginx.volumes).toEqual([
        { type: 'volume', source: 'nginx_acme_webroot', target: '/var/www/acme', read_only: true },
        { type: 'volume', source: 'nginx_acme_certs', target: '/etc/letsencrypt', read_only: true },
      ]);
      expect((nginx.entrypoint as string[])[2]).toContain('nginx -s reload');
      expect(certbot.volumes).toEqual([
        { type: 'volume', source: 'nginx_acme_webroot', target: '/var/www/acme' },
        { type: 'volume', source: 'nginx_acme_certs', target: '/etc/letsencrypt' },
      ]);
      const script = (certbot.entrypoint as string[])[2] ?? '';
      expect(script).toContain('--cert-name shop -d shop.example -d www.shop.example');
      // The CA is asked only once nginx serves the webroot, through the proxy's service name and listen port,
      // under the site's first host name (a failed validation counts against the CA's limits).
      const wait = script.indexOf('http://nginx:80/.well-known/acme-challenge/dockyard-ready shop.example');
      expect(wait).toBeGreaterThan(-1);
      expect(wait).toBeLessThan(script.indexOf('certbot certonly'));
      expect(certbot.ports).toBeUndefined();
    }
    expect(composeArtifactProblems(files)).toEqual([]);
  });

  test("tls 'acme' without useAcme is an error naming tls", () => {
    // GIVEN
    const stack = newStack();
    const web = new FlaskService(stack, 'web', { image: 'web:1', port: 5000 });
    const proxy = new NginxProxy(stack, 'nginx');
    proxy
      .addSite('a', { serverName: ['a.example'], tls: 'acme' })
      .addRoute('/', proxy.addUpstream('app', { servers: [web] }));
    // WHEN / THEN
    expect(lines(synthErrors(stack))).toEqual([
      "error [shop/nginx/a] tls: expected proxy.useAcme({ email }) for tls 'acme' (no certbot would obtain the certificate), got none",
    ]);
  });
});
