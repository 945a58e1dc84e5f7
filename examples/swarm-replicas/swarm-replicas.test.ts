import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Annotations, installDockyardMatchers, Match, Template } from 'dockyard/testing';
import { loadExample } from '../../test/examples/support/load-example';

// Seed 000: three Swarm replicas behind nginx, each with its own hostname, SLOT and log volume; gunicorn
// started with the config file the image ships.

installDockyardMatchers();
const stack = loadExample<typeof import('./infra')>(__dirname).stack('loadbalancer');

describe('swarm-replicas (seed 000)', () => {
  test('three replicas in Swarm, each with its own hostname, SLOT and log volume', () => {
    // WHEN
    const template = Template.fromStack(stack);
    // THEN
    template.swarm.hasService('backend', {
      image: 'flask:production',
      hostname: 'backend.{{.Task.Slot}}',
      environment: { SLOT: '{{.Task.Slot}}', ENVIRONMENT: 'production' },
      volumes: [{ type: 'volume', source: 'backend_logs', target: '/app/logs' }],
      deploy: { replicas: 3, restart_policy: { condition: 'any' } },
    });
    template.swarm.hasVolume('backend_logs', { name: 'log-{{.Task.Slot}}' });
    template.swarm.hasNetwork('replicas', { driver: 'overlay' });
  });

  test('gunicorn starts with gunicorn.conf.py, one worker, bound to the port nginx proxies to', () => {
    // WHEN
    const template = Template.fromStack(stack);
    // THEN
    template.swarm.hasService('backend', {
      command: Match.arrayWith([
        'gunicorn',
        '--config',
        'gunicorn.conf.py',
        '--bind',
        '0.0.0.0:5000',
        '--workers',
        '1',
        'app:app',
      ]),
      expose: [5000],
    });
    expect(stack).toHaveUpstream('backend', { servers: [{ address: 'backend:5000', resolve: true }] });
    expect(stack).toRouteTo('/', 'backend');
  });

  test('the image the stack names ships gunicorn.conf.py where gunicorn looks for it', () => {
    // GIVEN
    const compose = Template.fromStack(stack).compose.service('backend') as {
      build: { context: string; dockerfile: string };
    };
    // WHEN
    const context = path.resolve(__dirname, 'dist', 'loadbalancer', compose.build.context);
    const dockerfile = fs.readFileSync(path.join(context, compose.build.dockerfile), 'utf8');
    // THEN
    expect(dockerfile).toMatch(/^WORKDIR \/app$/m);
    expect(dockerfile).toMatch(/^COPY .*swarm-replicas\/gunicorn\.conf\.py \.\/$/m);
    expect(fs.existsSync(path.join(context, 'swarm-replicas', 'gunicorn.conf.py'))).toBe(true);
    expect(fs.existsSync(path.join(context, 'flask-app', 'app.py'))).toBe(true);
  });

  test("gunicorn.conf.py logs each slot to its own file in the slot's volume, and trusts nginx's scheme", () => {
    // GIVEN the settings gunicorn would read, evaluated by Python for replica 2
    const script = [
      'import json, runpy',
      'settings = runpy.run_path("gunicorn.conf.py")',
      'handlers = settings["logconfig_dict"]["handlers"]',
      'print(json.dumps({"file": handlers["file"], "trusted": settings["forwarded_allow_ips"]}))',
    ].join('\n');
    // WHEN
    const output = execFileSync('python3', ['-c', script], {
      cwd: __dirname,
      env: { PATH: process.env.PATH ?? '', SLOT: '2', LOG_DIR: '/app/logs' },
      encoding: 'utf8',
    });
    // THEN
    expect(JSON.parse(output)).toEqual({
      file: expect.objectContaining({
        class: 'logging.handlers.TimedRotatingFileHandler',
        filename: '/app/logs/log2.log',
        backupCount: 2,
      }),
      trusted: '*',
    });
  });

  test('only nginx publishes a port, 8080, and accepts 20 MB bodies as the seed did', () => {
    // WHEN
    const template = Template.fromStack(stack);
    // THEN
    expect(Object.keys(template.swarm.findServices({ ports: Match.anyValue() }))).toEqual(['nginx']);
    template.swarm.hasService('nginx', { ports: [{ target: 80, published: 8080 }] });
    expect(template.nginx.directives('client_max_body_size')).toEqual([
      { name: 'client_max_body_size', args: ['20m'] },
    ]);
    expect(template.nginx.directives('server_tokens')).toEqual([{ name: 'server_tokens', args: ['off'] }]);
  });

  test('Compose has no slots: synth says so and writes no literal template', () => {
    // WHEN
    const template = Template.fromStack(stack);
    const annotations = Annotations.fromStack(stack);
    // THEN
    annotations.hasWarning('loadbalancer/backend/Default', 'hostname: Compose has no per-replica values');
    annotations.hasWarning(
      'loadbalancer/backend/Default',
      'environment.SLOT: Compose has no per-replica values',
    );
    annotations.hasWarning('loadbalancer/backend/Logs', 'name: Compose has no per-replica values');
    annotations.hasNoErrors();
    template.compose.hasService('backend', {
      hostname: Match.absent(),
      environment: { SLOT: Match.absent() },
    });
    expect(template.text('compose.yaml')).not.toContain('{{');
  });
});
