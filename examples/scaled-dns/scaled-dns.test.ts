import { App } from 'dockyard';
import { Annotations, installDockyardMatchers, Match, Template } from 'dockyard/testing';
import { loadExample } from '../../test/examples/support/load-example';

// Seed 002: a Compose service scaled after nginx started must get its share of the requests. nginx must not
// keep the addresses it resolved at start (the DNS pitfall); with nginx 1.28 the default strategy `resolve`
// re-resolves the service name, and for nginx 1.22 synth makes the user choose.

installDockyardMatchers();
const example = loadExample<typeof import('./infra')>(__dirname);
const { scaledDns } = example.module;
const stack = example.stack('scaled-dns');

describe('scaled-dns (seed 002)', () => {
  test('by default nginx re-resolves the service name through Docker DNS every 10 s', () => {
    // WHEN
    const nginx = Template.fromStack(stack).nginx;
    // THEN
    expect(nginx.directives('resolver')).toEqual([
      { name: 'resolver', args: ['127.0.0.11', 'valid=10s', 'ipv6=off'] },
    ]);
    nginx.hasUpstream('flaskapp', { servers: [{ address: 'flaskapp:5090', resolve: true }] });
    // `resolve` keeps the addresses in shared memory, which needs a zone.
    expect(nginx.upstream('flaskapp').directives).toEqual(
      expect.arrayContaining([{ name: 'zone', args: ['flaskapp', '64k'] }]),
    );
    nginx.routesTo('/', 'flaskapp');
    expect(Annotations.fromStack(stack).findWarnings()).toEqual([]);
  });

  test('the app can be scaled with `--scale flaskapp=N`: no fixed container name, no host port, no start order', () => {
    // WHEN
    const compose = Template.fromStack(stack).compose;
    // THEN
    compose.hasService('flaskapp', {
      container_name: Match.absent(),
      ports: Match.absent(),
      expose: [5090],
      deploy: { replicas: 1 },
    });
    compose.hasService('nginx', { ports: [{ target: 80, published: 8080 }], depends_on: Match.absent() });
  });

  test('for nginx 1.22 synth refuses to guess: it cannot re-resolve names in an upstream block', () => {
    // GIVEN
    const variant = scaledDns(new App({ baseDir: __dirname }), { nginxVersion: '1.22' });
    // THEN
    expect(variant).toHaveError('scaled-dns/nginx', 'dns: is required for nginx 1.22');
  });

  test('for nginx 1.22 with "variable" (the seed\'s workaround) every request resolves the name anew', () => {
    // GIVEN
    const app = new App({ baseDir: __dirname });
    const variant = scaledDns(app, { nginxVersion: '1.22', dns: 'variable' });
    // WHEN
    const nginx = Template.fromStack(variant).nginx;
    // THEN
    expect(nginx.directives('upstream')).toEqual([]);
    nginx.hasLocation('/', {
      set: '$upstream_flaskapp flaskapp',
      proxy_pass: 'http://$upstream_flaskapp:5090',
    });
    expect(nginx.directives('resolver')).toHaveLength(1);
    Annotations.fromStack(variant).hasWarning(
      'scaled-dns/nginx',
      'dns: "variable" proxies to one name per request',
    );
  });

  test('for nginx 1.22 with "static" nginx keeps its first answer, and synth says to reload after scaling', () => {
    // GIVEN
    const variant = scaledDns(new App({ baseDir: __dirname }), { nginxVersion: '1.22', dns: 'static' });
    // WHEN
    const template = Template.fromStack(variant);
    // THEN
    template.nginx.hasUpstream('flaskapp', { servers: [{ address: 'flaskapp:5090', resolve: false }] });
    expect(template.nginx.directives('resolver')).toEqual([]);
    template.compose.hasService('nginx', { depends_on: { flaskapp: { condition: 'service_started' } } });
    expect(template.diagnostics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 'info',
          path: 'scaled-dns/nginx',
          message: expect.stringContaining('nginx -s reload'),
        }),
      ]),
    );
  });
});
