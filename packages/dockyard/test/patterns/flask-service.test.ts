import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { composeArtifactProblems } from '../../../../test/support/artifacts/validate-compose-artifacts';
import { pollUntil } from '../../../../test/support/poll';
import { App, FlaskService, Network, Stack, Volume } from '../../src';
import { drainingCommand } from '../../src/patterns/flask-service/gunicorn';
import { Testing } from '../../src/testing';
import { newStack, synthCompose } from '../helpers/synth';
import { tempDir } from '../helpers/tmp';

const synth = synthCompose;

describe('FlaskService', () => {
  test('one port feeds gunicorn bind, expose and the health check; nothing is published on the host', () => {
    // GIVEN
    const stack = newStack();
    new FlaskService(stack, 'web', {
      image: 'shop:1.4',
      wsgi: 'shop.wsgi:application',
      port: 5055,
      workers: 3,
      timeout: 60,
    });
    // WHEN
    const { compose, swarm, files } = synth(stack);
    // THEN
    const web = compose.services.web!;
    expect(web.command?.slice(0, 2)).toEqual(['sh', '-c']);
    expect(web.command?.slice(3)).toEqual([
      'gunicorn',
      'gunicorn',
      '--bind',
      '0.0.0.0:5055',
      '--workers',
      '3',
      '--timeout',
      '60',
      '--access-logfile',
      '-',
      'shop.wsgi:application',
    ]);
    expect(web.expose).toEqual([5055]);
    expect(web.ports).toBeUndefined();
    expect(web.healthcheck?.test.slice(0, 3)).toEqual(['CMD', 'python3', '-c']);
    expect(web.healthcheck?.test[3]).toContain('"http://127.0.0.1:5055/"');
    expect(swarm.services.web?.ports).toBeUndefined();
    expect(composeArtifactProblems(files)).toEqual([]);
  });

  test('a stopping replica keeps serving for stopDelay seconds; the grace period covers the delay and timeout', () => {
    // GIVEN
    const stack = newStack();
    new FlaskService(stack, 'web', { image: 'shop:1.4', timeout: 20, stopDelay: 12 });
    new FlaskService(stack, 'now', { image: 'shop:1.4', stopDelay: 0 });
    // WHEN
    const { compose, swarm, files } = synth(stack);
    // THEN both targets get the delayed stop and the grace period it needs (12 + 20 + 5 s)
    for (const target of [compose, swarm]) {
      expect(target.services.web?.command?.slice(0, 4)).toEqual(['sh', '-c', expect.any(String), 'gunicorn']);
      expect(target.services.web?.command?.[2]).toContain('sleep 12;');
      expect(target.services.web?.stop_grace_period).toBe('37s');
      // AND stopDelay 0 leaves gunicorn as PID 1 with Docker's own grace period
      expect(target.services.now?.command?.[0]).toBe('gunicorn');
      expect(target.services.now?.stop_grace_period).toBeUndefined();
    }
    expect(composeArtifactProblems(files)).toEqual([]);
  });

  test('the stop wrapper passes SIGTERM on only after the delay, and exits with the command status', async () => {
    // GIVEN the wrapper around a command that, once its trap is set, says it is up, and on SIGTERM writes the
    // time it got it (ms since the epoch, the clock Date.now() reads) and exits 3
    const dir = tempDir('drain');
    const marker = path.join(dir, 'term');
    const child = [
      'sh',
      '-c',
      `trap 'echo $(( $(date +%s%N) / 1000000 )) > "$0"; exit 3' TERM; echo up > "$0.up"; while :; do sleep 0.05; done`,
      marker,
    ];
    const wrapped = drainingCommand(1, child);
    const run = spawn(wrapped[0]!, wrapped.slice(1), { stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => run.once('exit', (code) => resolve(code)));
    // The command starts after the wrapper's trap is set, so once it is up both traps are in place.
    const up = await pollUntil(() => existsSync(`${marker}.up`), Boolean, { withinMs: 10_000 });
    expect(up.met).toBe(true);
    // WHEN the wrapper gets SIGTERM
    const signalled = Date.now();
    run.kill('SIGTERM');
    // THEN the wrapper exits with the command's status, and the command got SIGTERM a full delay later
    expect(await exited).toBe(3);
    const termAt = Number(readFileSync(marker, 'utf8').trim());
    expect(termAt - signalled).toBeGreaterThanOrEqual(1000);
  });

  test('the default health check is valid Python that treats a 404 as alive and a refused connection as dead', () => {
    // GIVEN
    const stack = newStack();
    new FlaskService(stack, 'web', { image: 'shop:1.4', port: 1 });
    const script = synth(stack).compose.services.web!.healthcheck!.test[3]!;
    // WHEN: nothing listens on port 1 of this machine's loopback
    let exitCode = 0;
    try {
      execFileSync('python3', ['-c', script], { stdio: 'pipe', timeout: 10_000 });
    } catch (error) {
      exitCode = (error as { status: number }).status;
    }
    // THEN
    expect(exitCode).toBe(1);
  });

  test('replicas, restart, rolling updates and resources reach both targets as each can take them', () => {
    // GIVEN
    const stack = newStack();
    new FlaskService(stack, 'web', {
      image: 'shop:1',
      replicas: 3,
      resources: { cpus: 0.5, memory: '256M' },
    });
    // WHEN
    const { compose, swarm, files } = synth(stack);
    // THEN
    expect(compose.services.web).toMatchObject({
      restart: 'unless-stopped',
      deploy: { replicas: 3, resources: { limits: { cpus: '0.5', memory: '256M' } } },
    });
    expect(swarm.services.web?.restart).toBeUndefined();
    expect(swarm.services.web?.deploy).toMatchObject({
      replicas: 3,
      restart_policy: { condition: 'any' },
      update_config: { parallelism: 1, order: 'start-first', failure_action: 'rollback' },
    });
    expect(composeArtifactProblems(files)).toEqual([]);
  });

  test('seed 000: per-replica identity in Swarm (hostname, SLOT, a log volume per slot) never leaks into compose.yaml', () => {
    // GIVEN
    const stack = newStack('loadbalancer');
    new FlaskService(stack, 'backend', {
      image: 'flask:production',
      port: 5000,
      workers: 1,
      replicas: 3,
      gunicornConfig: 'gunicorn.conf.py',
      environment: { ENVIRONMENT: 'production' },
      perReplicaIdentity: { logDir: '/src/logs', logVolumePrefix: 'log-' },
    });
    // WHEN
    const { compose, swarm, files, diagnostics } = synth(stack);
    // THEN
    expect(swarm.services.backend).toMatchObject({
      hostname: 'backend.{{.Task.Slot}}',
      environment: { ENVIRONMENT: 'production', SLOT: '{{.Task.Slot}}' },
      volumes: [{ type: 'volume', source: 'backend_logs', target: '/src/logs' }],
    });
    expect(swarm.volumes?.backend_logs).toEqual({ name: 'log-{{.Task.Slot}}' });
    expect(swarm.services.backend?.command?.slice(4, 7)).toEqual([
      'gunicorn',
      '--config',
      'gunicorn.conf.py',
    ]);
    expect(files['compose.yaml']?.text).not.toContain('{{');
    expect(compose.services.backend?.environment).toEqual({ ENVIRONMENT: 'production' });
    expect(diagnostics.filter((d) => d.level === 'warning').map((d) => `${d.path} ${d.property}`)).toEqual(
      expect.arrayContaining([
        'loadbalancer/backend/Default hostname',
        'loadbalancer/backend/Default environment.SLOT',
      ]),
    );
    expect(composeArtifactProblems(files)).toEqual([]);
  });

  test('seed 001: services built from one Dockerfile on their own ports, build context relative to the artifact', () => {
    // GIVEN
    const base = tempDir();
    const stack = new Stack(new App({ baseDir: base }), 'legacy');
    const build = { context: '.', dockerfile: 'Dockerfile.flask' };
    for (const [id, port] of [
      ['flaskservice', 8001],
      ['redudantservice', 8003],
      ['gotyourback', 8002],
    ] as const) {
      new FlaskService(stack, id, { build, image: `legacy/${id}:1`, port, restart: 'always' });
    }
    // WHEN
    const { compose, swarm, files } = synth(stack);
    // THEN
    expect(Object.keys(compose.services)).toEqual(['flaskservice', 'redudantservice', 'gotyourback']);
    expect(compose.services.gotyourback).toMatchObject({
      build: { context: '../..', dockerfile: 'Dockerfile.flask' },
      expose: [8002],
      restart: 'always',
    });
    expect(swarm.services.gotyourback?.build).toBeUndefined();
    expect(swarm.services.gotyourback?.image).toBe('legacy/gotyourback:1');
    expect(composeArtifactProblems(files)).toEqual([]);
  });

  test('seed 004: a static-files volume the app writes, on an overlay network with a subnet', () => {
    // GIVEN
    const stack = newStack('swarmstatic');
    const net = new Network(stack, 'web_network', {
      driver: 'overlay',
      ipam: { config: [{ subnet: '192.168.100.0/24' }] },
    });
    const statics = new Volume(stack, 'web_static');
    const web = new FlaskService(stack, 'webapp', {
      image: 'kmmanoj/flask_gunicorn_app',
      replicas: 3,
      networks: [net],
      staticFiles: { appDir: '/app/static', volume: statics },
    });
    // WHEN
    const { swarm, files } = synth(stack);
    // THEN
    expect(web.staticFiles?.volume).toBe(statics);
    expect(swarm.services.webapp).toMatchObject({
      networks: ['web_network'],
      volumes: [{ type: 'volume', source: 'web_static', target: '/app/static' }],
    });
    expect(swarm.networks).toEqual({
      web_network: { driver: 'overlay', ipam: { config: [{ subnet: '192.168.100.0/24' }] } },
    });
    expect(composeArtifactProblems(files)).toEqual([]);
  });

  test('staticFiles tells the app where to write: STATIC_DIR (or the variable named) is appDir', () => {
    // GIVEN
    const stack = newStack();
    new FlaskService(stack, 'web', { image: 'shop:1.4', staticFiles: { appDir: '/app/static' } });
    new FlaskService(stack, 'admin', {
      image: 'shop:1.4',
      environment: { LOG_LEVEL: 'info' },
      staticFiles: { appDir: '/srv/assets', variable: 'ASSETS_DIR' },
    });
    // WHEN
    const { compose, swarm } = synth(stack);
    // THEN
    expect(compose.services.web?.environment).toEqual({ STATIC_DIR: '/app/static' });
    expect(swarm.services.web?.environment).toEqual({ STATIC_DIR: '/app/static' });
    expect(compose.services.admin?.environment).toEqual({ LOG_LEVEL: 'info', ASSETS_DIR: '/srv/assets' });
  });

  test('an environment entry that contradicts staticFiles.appDir is an error naming both', () => {
    // GIVEN
    const stack = newStack();
    new FlaskService(stack, 'web', {
      image: 'shop:1.4',
      environment: { STATIC_DIR: '/elsewhere' },
      staticFiles: { appDir: '/app/static' },
    });
    // WHEN / THEN
    expect(() => Testing.synth(stack)).toThrow(
      /environment\.STATIC_DIR: expected staticFiles\.appDir "\/app\/static" \(staticFiles sets it\), got "\/elsewhere"/,
    );
  });

  test('invalid props: every problem at once, with path, property, expectation and value', () => {
    // GIVEN
    const stack = newStack();
    new FlaskService(stack, 'web', { port: 70000, replicas: 0, wsgi: 'app', workers: 1.5 } as never);
    // WHEN
    let message = '';
    try {
      Testing.synth(stack);
    } catch (error) {
      message = (error as Error).message;
    }
    // THEN
    expect(message.split('\n').slice(1)).toEqual([
      '  [shop/web] image: expected image or build (or both), got neither',
      '  [shop/web] port: expected a number <= 65535, got 70000',
      '  [shop/web] replicas: expected a number >= 1, got 0',
      '  [shop/web] workers: expected an integer, got 1.5',
      '  [shop/web] wsgi: expected module:callable such as "app:app", got "app"',
    ]);
  });

  test('turning the health check off is allowed, with a warning', () => {
    // GIVEN
    const stack = newStack();
    new FlaskService(stack, 'web', { image: 'shop:1', healthcheck: false });
    // WHEN
    const { compose, diagnostics } = synth(stack);
    // THEN
    expect(compose.services.web?.healthcheck).toBeUndefined();
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ level: 'warning', path: 'shop/web', property: 'healthcheck' }),
    );
  });
});
