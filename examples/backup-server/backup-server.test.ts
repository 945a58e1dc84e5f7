import { App } from 'dockyard';
import { Annotations, installDockyardMatchers, Match, Template } from 'dockyard/testing';
import { loadExample } from '../../test/examples/support/load-example';

// Seed 001: three Flask services on ports of their own behind nginx; one of them is the backup, used only
// while both others are down.

installDockyardMatchers();
const example = loadExample<typeof import('./infra')>(__dirname);
const stack = example.stack('backup-server');
const ports = [
  ['flaskservice', 8001],
  ['gotyourback', 8002],
  ['redudantservice', 8003],
] as const;

describe('backup-server (seed 001)', () => {
  test.each(ports)('%s listens on its own port %d: bind, expose and health check agree', (name, port) => {
    // WHEN
    const template = Template.fromStack(stack);
    // THEN
    template.compose.hasService(name, {
      build: { context: '../../../flask-app' },
      command: Match.arrayWith(['gunicorn', '--bind', `0.0.0.0:${port}`]),
      expose: [port],
      healthcheck: { test: Match.arrayWith([Match.stringLikeRegexp(`http://127\\.0\\.0\\.1:${port}/`)]) },
      ports: Match.absent(),
      restart: 'always',
    });
  });

  test('nginx balances round-robin over two services and keeps the third as the backup', () => {
    // WHEN
    const nginx = Template.fromStack(stack).nginx;
    // THEN
    nginx.hasUpstream('flaskappproxy', {
      servers: [
        { address: 'flaskservice:8001', backup: false },
        { address: 'redudantservice:8003', backup: false },
        { address: 'gotyourback:8002', backup: true },
      ],
      method: 'round-robin',
    });
    nginx.routesTo('/', 'flaskappproxy');
    // A failed request moves to the next server (ultimately the backup) instead of reaching the client.
    nginx.hasLocation('/', { proxy_pass: 'http://flaskappproxy' });
    expect(nginx.directives('proxy_next_upstream')).toEqual([
      { name: 'proxy_next_upstream', args: ['error', 'timeout', 'http_502', 'http_503', 'http_504'] },
    ]);
  });

  test('only nginx publishes a port, and it needs no start order: names are resolved as they appear', () => {
    // WHEN
    const template = Template.fromStack(stack);
    // THEN
    expect(Object.keys(template.compose.findServices({ ports: Match.anyValue() }))).toEqual(['nginx']);
    template.compose.hasService('nginx', {
      ports: [{ target: 80, published: 80 }],
      depends_on: Match.absent(),
      restart: 'always',
    });
    expect(stack).toHaveUpstream('flaskappproxy', {
      servers: Match.arrayWith([Match.objectLike({ resolve: true })]),
    });
  });

  test('for nginx 1.22, "variable" cannot keep a backup: synth refuses it', () => {
    // GIVEN
    const variant = example.module.backupServer(new App({ baseDir: __dirname }), {
      nginxVersion: '1.22',
      dns: 'variable',
    });
    // THEN
    Annotations.fromStack(variant).hasError(
      'backup-server/Fallback',
      'cannot be honoured with dns "variable"',
    );
  });

  test('for nginx 1.22, "static" keeps the backup, and Compose starts the backends before nginx', () => {
    // GIVEN
    const variant = example.module.backupServer(new App({ baseDir: __dirname }), {
      nginxVersion: '1.22',
      dns: 'static',
    });
    // WHEN
    const template = Template.fromStack(variant);
    // THEN
    template.nginx.hasUpstream('flaskappproxy', {
      servers: [
        { address: 'flaskservice:8001', resolve: false },
        { address: 'redudantservice:8003', resolve: false },
        { address: 'gotyourback:8002', backup: true, resolve: false },
      ],
    });
    template.compose.hasService('nginx', {
      depends_on: {
        flaskservice: { condition: 'service_started' },
        gotyourback: { condition: 'service_started' },
        redudantservice: { condition: 'service_started' },
      },
    });
  });
});
