import * as fs from 'node:fs';
import * as path from 'node:path';
import { composeArtifactProblems } from '../../../../../test/support/artifacts/validate-compose-artifacts';
import { App, Config, Network, Secret, Service, Stack, Volume } from '../../../src';
import { Testing } from '../../../src/testing';
import { synthCompose } from '../../helpers/synth';
import { tempDir } from '../../helpers/tmp';

const synth = synthCompose;

describe('compose L1 constructs', () => {
  test('references become the names they stand for, in both artifacts, and both pass the real validators', () => {
    // GIVEN
    const base = tempDir();
    fs.writeFileSync(path.join(base, 'api.ini'), 'a=1\n');
    fs.writeFileSync(path.join(base, 'token.txt'), 's3cret\n');
    const app = new App({ baseDir: base });
    const stack = new Stack(app, 'shop');
    const net = new Network(stack, 'backend', { driver: 'overlay', attachable: true });
    const data = new Volume(stack, 'data');
    const settings = new Config(stack, 'settings', { file: 'api.ini' });
    const token = new Secret(stack, 'token', { file: 'token.txt' });
    const db = new Service(stack, 'db', {
      image: 'postgres:16',
      networks: [net],
      volumes: [{ volume: data, target: '/var/lib/postgresql/data' }],
    });
    new Service(stack, 'api', {
      image: 'api:1',
      networks: [{ network: net, aliases: ['backend-api'] }],
      dependsOn: [db],
      configs: [{ config: settings, target: '/etc/api.ini' }],
      secrets: [{ secret: token }],
    });
    // WHEN
    const { compose, swarm, files } = synth(stack);
    // THEN
    expect(compose.services.api).toMatchObject({
      networks: { backend: { aliases: ['backend-api'] } },
      depends_on: { db: { condition: 'service_started' } },
      configs: [{ source: 'settings', target: '/etc/api.ini' }],
      secrets: [{ source: 'token' }],
    });
    expect(compose.services.db?.volumes).toEqual([
      { type: 'volume', source: 'data', target: '/var/lib/postgresql/data' },
    ]);
    expect(Object.keys(swarm.services)).toEqual(['db', 'api']);
    expect(compose.configs).toEqual({ settings: { file: '../../api.ini' } });
    expect(swarm.configs).toEqual({
      settings: { file: '../../api.ini', name: expect.stringMatching(/^shop_settings_[0-9a-f]+$/) },
    });
    expect(files['stack.yaml']?.text).not.toContain('s3cret');
    expect(composeArtifactProblems(files, base)).toEqual([]);
  });

  test('a build context is written relative to the artifact folder, whatever the outdir', () => {
    // GIVEN
    const base = tempDir();
    const app = new App({ baseDir: base, outdir: 'out/deep' });
    const stack = new Stack(app, 'web');
    new Service(stack, 'site', {
      image: 'site:1',
      build: { context: 'src/site' },
      volumes: [{ bind: 'data', target: '/data' }],
    });
    // WHEN
    const { compose } = synth(stack);
    // THEN
    expect(compose.services.site?.build).toEqual({ context: '../../../src/site' });
    expect(compose.services.site?.volumes).toEqual([
      { type: 'bind', source: '../../../data', target: '/data' },
    ]);
  });

  test('a reference to a construct of another stack is an error naming both', () => {
    // GIVEN
    const app = new App({ outdir: tempDir() });
    const one = new Stack(app, 'one');
    const two = new Stack(app, 'two');
    const net = new Network(one, 'net');
    new Service(two, 'web', { image: 'web:1', networks: [net] });
    // THEN
    expect(() => Testing.synth(two)).toThrow(
      '[two/web] networks[0]: expected a construct of stack "two", got one/net from stack "one" (a stack is deployed alone: it cannot reach constructs of another stack)',
    );
  });

  test('model checks are reported on the construct that owns the value', () => {
    // GIVEN
    const app = new App({ outdir: tempDir() });
    const stack = new Stack(app, 'shop');
    new Service(stack, 'web', { image: 'web:1', ports: [{ target: 80, published: 99999 }] });
    new Service(stack, 'api', { image: 'api:1', containerName: 'api', deploy: { replicas: 2 } });
    // WHEN
    let message = '';
    try {
      Testing.synth(stack);
    } catch (error) {
      message = (error as Error).message;
    }
    // THEN
    expect(message).toMatch(/\[shop\/web\] ports\[0\]\.published: .*99999/);
    expect(message).toMatch(/\[shop\/api\] containerName: .*/);
  });

  test('wrong prop types are reported with path, property, expectation and value', () => {
    // GIVEN
    const app = new App({ outdir: tempDir() });
    const stack = new Stack(app, 'shop');
    new Service(stack, 'web', { image: 42 as unknown as string, networks: ['frontend' as never] });
    // THEN
    expect(() => Testing.synth(stack)).toThrow(/\[shop\/web\] image: expected a string, got 42/);
    expect(() => Testing.synth(stack)).toThrow(/\[shop\/web\] networks\[0\]: expected a Network construct/);
  });
});

test('a config or secret that Swarm cannot take is an error at synth, not a silent loss', () => {
  // GIVEN
  const app = new App({ outdir: tempDir() });
  const stack = new Stack(app, 'shop');
  const inline = new Config(stack, 'settings', { content: 'a=1\n' });
  const fromEnv = new Secret(stack, 'token', { environment: 'API_TOKEN' });
  new Service(stack, 'api', {
    image: 'api:1',
    configs: [{ config: inline }],
    secrets: [{ secret: fromEnv }],
  });
  // THEN
  expect(() => Testing.synth(stack)).toThrow(
    /\[shop\/settings\] .*Swarm stack files cannot inline config content/,
  );
  expect(() => Testing.synth(stack)).toThrow(
    /\[shop\/token\] .*Swarm stack files cannot take a secret from the environment/,
  );
});

test('a stack for Compose alone writes only compose.yaml and may use what only Compose can do', () => {
  // GIVEN
  const stack = new Stack(new App({ outdir: tempDir() }), 'local', { targets: ['compose'] });
  const inline = new Config(stack, 'settings', { content: 'a=1\n' });
  const fromEnv = new Secret(stack, 'token', { environment: 'API_TOKEN' });
  new Service(stack, 'api', {
    image: 'api:1',
    configs: [{ config: inline }],
    secrets: [{ secret: fromEnv }],
  });
  // WHEN
  const { files } = Testing.synth(stack);
  // THEN
  expect(Object.keys(files)).toEqual(['compose.yaml']);
  expect(files['compose.yaml']?.parsed).toMatchObject({
    configs: { settings: { content: 'a=1\n' } },
    secrets: { token: { environment: 'API_TOKEN' } },
  });
  expect(composeArtifactProblems(files)).toEqual([]);
});

test('targets must be known and given once', () => {
  // GIVEN
  const app = new App({ outdir: tempDir() });
  new Stack(app, 'twice', { targets: ['swarm', 'swarm'] });
  new Stack(app, 'unknown', { targets: ['kubernetes' as never] });
  // THEN
  expect(() => app.synth()).toThrow(/\[twice\] targets: expected each target once/);
  expect(() => app.synth()).toThrow(
    /\[unknown\] targets\[0\]: expected "compose" \| "swarm", got "kubernetes"/,
  );
});
