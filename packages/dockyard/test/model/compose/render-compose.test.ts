import { parse } from 'yaml';
import { checkComposeText, validateComposeSchema } from '../../../../../test/support/compose';
import { type ComposeProjectSpec, perTask, renderCompose } from '../../../src/model/compose';
import { seed000, seed001, seed003, seed004 } from './seed-models';
import { printed, serviceOf, yamlObject } from './support';

const minimal = (
  service: ComposeProjectSpec['services'][string],
  extra: Partial<ComposeProjectSpec> = {},
): ComposeProjectSpec => ({
  name: 'demo',
  services: { web: { image: 'nginx:1.27', ...service } },
  ...extra,
});

describe('renderCompose on the seeds', () => {
  test.each([
    ['000', seed000()],
    ['001', seed001()],
    ['003', seed003()],
    ['004', seed004()],
  ])('seed %s renders a file the Compose schema and our checks accept', (_seed, project) => {
    // GIVEN a model equivalent to the seed
    // WHEN it is rendered for Compose
    const { text, diagnostics } = printed(renderCompose(project));
    // THEN the schema and our text checks accept it, it has a name and no version, and nothing is an error
    expect(validateComposeSchema(text)).toEqual([]);
    expect(checkComposeText(text)).toEqual([]);
    expect(text.startsWith(`name: ${project.name}\n`)).toBe(true);
    expect(yamlObject(text)).not.toHaveProperty('version');
    expect(diagnostics.filter((d) => d.level === 'error')).toEqual([]);
  });

  test('seed 001: build is kept and depends_on waits for a start (the dependency has no healthcheck)', () => {
    const doc = yamlObject(renderCompose(seed001()).text);
    expect(serviceOf(doc, 'flaskservice').build).toEqual({ context: '.', dockerfile: 'Dockerfile.flask' });
    expect(serviceOf(doc, 'nginx').depends_on).toEqual({ flaskservice: { condition: 'service_started' } });
    expect(serviceOf(doc, 'nginx').restart).toBe('always');
  });

  test('seed 003: depends_on waits for health (the dependency has a healthcheck)', () => {
    const doc = yamlObject(renderCompose(seed003()).text);
    expect(serviceOf(doc, 'nginx-proxy').depends_on).toEqual({
      'flask-app': { condition: 'service_healthy' },
    });
    expect(serviceOf(doc, 'flask-app').healthcheck).toEqual({
      test: ['CMD', 'sh', '-c', 'curl --silent --fail localhost:8000/flask-health-check || exit 1'],
      interval: '10s',
      timeout: '10s',
      retries: 3,
    });
    expect(serviceOf(doc, 'flask-app').deploy).toEqual({ replicas: 3 });
  });

  test('seed 000: no Swarm template reaches compose.yaml, and each one left out is a warning', () => {
    // GIVEN per-replica hostname, SLOT and log volume name without Compose fallbacks
    const { text, diagnostics } = printed(renderCompose(seed000()));
    // THEN none of them is in the text
    expect(text).not.toContain('{{');
    expect(text).not.toContain('Task');
    expect(diagnostics).toEqual([
      expect.objectContaining({ level: 'warning', path: 'services.backend.hostname' }),
      expect.objectContaining({ level: 'warning', path: 'services.backend.environment.SLOT' }),
      expect.objectContaining({ level: 'warning', path: 'volumes.log.name' }),
    ]);
    expect(serviceOf(yamlObject(text), 'backend').environment).toEqual({ ENVIRONMENT: 'production' });
  });

  test('seed 004: the overlay network becomes a bridge with an info note', () => {
    const { text, diagnostics } = printed(renderCompose(seed004()));
    expect(yamlObject(text).networks).toEqual({
      web_network: { name: 'web_network', ipam: { config: [{ subnet: '192.168.100.0/24' }] } },
    });
    expect(diagnostics).toEqual([
      expect.objectContaining({ level: 'info', path: 'networks.web_network.driver' }),
    ]);
  });
});

describe('renderCompose target decisions', () => {
  test('a template’s composeValue is what Compose gets', () => {
    const project = minimal({ environment: { SLOT: perTask`${'Task.Slot'}`.withComposeValue('1') } });
    const { text, diagnostics } = printed(renderCompose(project));
    expect(serviceOf(yamlObject(text), 'web').environment).toEqual({ SLOT: '1' });
    expect(diagnostics).toEqual([]);
  });

  test('a hand-written Swarm template in a plain string is an error at its path', () => {
    const project = minimal({ labels: { slot: 'replica-{{ .Task.Slot }}' } });
    const { diagnostics } = printed(renderCompose(project));
    expect(diagnostics).toEqual([
      expect.objectContaining({
        level: 'error',
        path: 'services.web.labels.slot',
        message: expect.stringContaining('perTask'),
      }),
    ]);
  });

  test('every $ is written $$, which Compose reads back as the literal value', () => {
    // GIVEN nginx variables in an environment value and in inline config content
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal Compose-style `${...}` is what is tested
    const value = '$remote_addr - ${request} $$';
    const project = minimal(
      { environment: { LOG_FORMAT: value } },
      { configs: { conf: { content: 'return 200 $host;\n' } } },
    );
    const text = renderCompose(project).text;
    const doc = yamlObject(text);
    // THEN every $ is doubled, and undoing Compose's one escape rule ($$ -> $) gives the model's value back
    const written = (serviceOf(doc, 'web').environment as Record<string, string>).LOG_FORMAT ?? '';
    expect(written).toBe('$$remote_addr - $${request} $$$$');
    expect(written.replaceAll('$$', '$')).toBe(value);
    expect(doc.configs).toEqual({ conf: { content: 'return 200 $$host;\n' } });
    expect(checkComposeText(text)).toEqual([]);
  });

  test('Swarm-only deploy settings are left out with an info note each; global mode with a warning', () => {
    const project = minimal({
      deploy: {
        mode: 'global',
        endpoint_mode: 'dnsrr',
        placement: { constraints: ['node.role == worker'] },
        resources: { limits: { cpus: 0.5, memory: '256M', pids: 100 }, reservations: { cpus: '0.25' } },
        restart_policy: { condition: 'on-failure', delay: '5s' },
        update_config: { order: 'start-first' },
        rollback_config: { parallelism: 1 },
        labels: { team: 'web' },
      },
    });
    const { text, diagnostics } = printed(renderCompose(project));
    expect(serviceOf(yamlObject(text), 'web').deploy).toEqual({
      resources: { limits: { cpus: '0.5', memory: '256M', pids: 100 }, reservations: { cpus: '0.25' } },
      restart_policy: { condition: 'on-failure', delay: '5s' },
    });
    expect(diagnostics.map((d) => [d.level, d.path])).toEqual([
      ['warning', 'services.web.deploy.mode'],
      ['info', 'services.web.deploy.endpoint_mode'],
      ['info', 'services.web.deploy.placement'],
      ['info', 'services.web.deploy.update_config'],
      ['info', 'services.web.deploy.rollback_config'],
      ['info', 'services.web.deploy.labels'],
    ]);
    expect(validateComposeSchema(text)).toEqual([]);
  });

  test('Compose keeps what Swarm cannot do: host_ip, container_name, inline configs, environment secrets', () => {
    const project = minimal(
      {
        container_name: 'web',
        ports: [{ target: 80, published: 8080, host_ip: '127.0.0.1' }],
        secrets: [{ source: 'token' }],
      },
      { configs: { conf: { content: 'x' } }, secrets: { token: { environment: 'TOKEN' } } },
    );
    const { text, diagnostics } = printed(renderCompose(project));
    const doc = yamlObject(text);
    expect(serviceOf(doc, 'web').ports).toEqual([{ target: 80, published: 8080, host_ip: '127.0.0.1' }]);
    expect(serviceOf(doc, 'web').container_name).toBe('web');
    expect(doc.secrets).toEqual({ token: { environment: 'TOKEN' } });
    expect(diagnostics).toEqual([]);
    expect(validateComposeSchema(text)).toEqual([]);
  });

  test('attachable is left out with an info note', () => {
    const project = minimal(
      { networks: { front: { aliases: ['www'] } } },
      { networks: { front: { attachable: true } } },
    );
    const { text, diagnostics } = printed(renderCompose(project));
    expect(yamlObject(text).networks).toEqual({ front: {} });
    expect(serviceOf(yamlObject(text), 'web').networks).toEqual({ front: { aliases: ['www'] } });
    expect(diagnostics).toEqual([
      expect.objectContaining({ level: 'info', path: 'networks.front.attachable' }),
    ]);
  });
});

describe('renderCompose output', () => {
  test('strings YAML would mistype are quoted and read back as the same strings in YAML 1.1 and 1.2', () => {
    // GIVEN values that are booleans, numbers, nulls, aliases, tags or templates when written plain
    const tricky = [
      'on',
      'yes',
      'no',
      'off',
      'y',
      '1.0',
      '08',
      '0o17',
      'null',
      '~',
      '8080:80',
      '1:20',
      '*x',
      '&y',
      '!z',
      '{{x}}',
      '',
      ' padded',
      '#c',
    ];
    const environment = Object.fromEntries(tricky.map((value, i) => [`V${i}`, value]));
    const text = renderCompose(minimal({ environment, command: tricky })).text;
    // WHEN read back by either YAML version
    for (const version of ['1.1', '1.2'] as const) {
      const web = serviceOf(parse(text, { version }) as Record<string, unknown>, 'web');
      // THEN every value is the original string
      expect(web.environment).toEqual(environment);
      expect(web.command).toEqual(tricky);
    }
  });

  test('long lines are never folded', () => {
    const long = `${'x'.repeat(300)} ${'y'.repeat(300)}`;
    const text = renderCompose(minimal({ command: ['sh', '-c', long] })).text;
    expect(text.split('\n')).toContain(`      - ${long}`);
  });

  test('is deterministic, LF-only, newline-terminated, and independent of the model’s key order', () => {
    const a = minimal({ restart: 'always', expose: [80], healthcheck: { test: ['true'], interval: '5s' } });
    const b = minimal({ healthcheck: { interval: '5s', test: ['true'] }, expose: [80], restart: 'always' });
    const text = renderCompose(a).text;
    expect(renderCompose(a).text).toBe(text);
    expect(renderCompose(b).text).toBe(text);
    expect(text).not.toContain('\r');
    expect(text.endsWith('\n')).toBe(true);
  });

  test('keys within a service follow the canonical order', () => {
    const project = minimal({
      deploy: { replicas: 2 },
      restart: 'always',
      ports: [{ target: 80 }],
      environment: { A: 'b' },
      command: ['nginx'],
      build: { context: '.' },
    });
    expect(Object.keys(serviceOf(yamlObject(renderCompose(project).text), 'web'))).toEqual([
      'image',
      'build',
      'command',
      'environment',
      'ports',
      'restart',
      'deploy',
    ]);
  });
});
