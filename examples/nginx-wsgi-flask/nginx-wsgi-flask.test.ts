import { App } from 'dockyard';
import { installDockyardMatchers, Match, Template } from 'dockyard/testing';
import { loadExample } from '../../test/examples/support/load-example';

// Seed 003: nginx -> gunicorn (WSGI) -> Flask with `/`, `/info` and `/cache-me` (cached by nginx), health
// checks on both services, and the app scaled to three containers.

installDockyardMatchers();
const example = loadExample<typeof import('./infra')>(__dirname);
const stack = example.stack('nginx-wsgi-flask');
const FORWARDED = [
  'Host $host',
  'X-Real-IP $remote_addr',
  'X-Forwarded-For $remote_addr',
  'X-Forwarded-Proto $scheme',
];

describe('nginx-wsgi-flask (seed 003)', () => {
  test('gunicorn serves the Flask app with three workers and a 60 s timeout, in three containers', () => {
    // WHEN
    const compose = Template.fromStack(stack).compose;
    // THEN
    compose.hasService('flask-app', {
      build: { context: '../../../flask-app' },
      command: Match.arrayWith([
        'gunicorn',
        '--bind',
        '0.0.0.0:8000',
        '--workers',
        '3',
        '--timeout',
        '60',
        'app:app',
      ]),
      deploy: { replicas: 3 },
      ports: Match.absent(),
      container_name: Match.absent(),
    });
    expect(stack).toHaveUpstream('flask-app', { servers: [{ address: 'flask-app:8000', resolve: true }] });
  });

  test('`/` and `/info` reach Flask with the forwarded headers /info reports', () => {
    // WHEN
    const nginx = Template.fromStack(stack).nginx;
    // THEN
    nginx.routesTo('/', 'flask-app');
    nginx.hasLocation('/', { proxy_set_header: FORWARDED, proxy_cache: Match.absent() });
    // /info has no location of its own: the prefix `/` takes it, headers included.
    expect(nginx.directives('location').map((location) => location.args.join(' '))).not.toContain('/info');
  });

  test("`/cache-me` is answered from nginx's cache, and says whether it was a hit", () => {
    // WHEN
    const nginx = Template.fromStack(stack).nginx;
    // THEN
    nginx.routesTo('/cache-me', 'flask-app');
    nginx.hasLocation('/cache-me', {
      proxy_cache: 'dockyard',
      proxy_cache_valid: '200 1m',
      add_header: 'X-Cache-Status $upstream_cache_status always',
      proxy_set_header: FORWARDED,
    });
    expect(nginx.directives('proxy_cache_path')).toEqual([
      {
        name: 'proxy_cache_path',
        args: expect.arrayContaining(['/var/cache/nginx/dockyard', 'keys_zone=dockyard:10m']),
      },
    ]);
  });

  test("both services have health checks, nginx's on a status server only the container itself reaches", () => {
    // WHEN
    const template = Template.fromStack(stack);
    // THEN
    template.compose.hasService('flask-app', {
      healthcheck: { test: Match.arrayWith([Match.stringLikeRegexp('http://127\\.0\\.0\\.1:8000/healthz')]) },
    });
    template.compose.hasService('nginx', {
      healthcheck: { test: Match.arrayWith(['wget', 'http://127.0.0.1:8099/healthz']) },
    });
    expect(template.nginx.directives('listen')).toEqual(
      expect.arrayContaining([{ name: 'listen', args: ['127.0.0.1:8099'] }]),
    );
    template.nginx.hasLocation('= /healthz', { return: '200 ok\n' });
  });

  test('only nginx publishes a port; it waits longer for a response than gunicorn lets a worker run', () => {
    // WHEN
    const template = Template.fromStack(stack);
    // THEN
    expect(Object.keys(template.compose.findServices({ ports: Match.anyValue() }))).toEqual(['nginx']);
    template.compose.hasService('nginx', { ports: [{ target: 80, published: 80 }] });
    expect(template.nginx.directives('proxy_read_timeout')).toEqual([
      { name: 'proxy_read_timeout', args: ['75s'] },
    ]);
  });

  test('built for nginx 1.22 with "variable", `/cache-me` is still cached', () => {
    // GIVEN
    const variant = example.module.nginxWsgiFlask(new App({ baseDir: __dirname }), {
      nginxVersion: '1.22',
      dns: 'variable',
    });
    // WHEN
    const nginx = Template.fromStack(variant).nginx;
    // THEN
    nginx.hasLocation('/cache-me', {
      proxy_cache: 'dockyard',
      proxy_pass: 'http://$upstream_flask_app:8000',
    });
  });
});
