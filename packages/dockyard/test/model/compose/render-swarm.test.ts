import { createHash } from 'node:crypto';
import { parse } from 'yaml';
import { checkStackText, dockerStackConfig, validateSwarmSchema } from '../../../../../test/support/compose';
import { type ComposeProjectSpec, perTask, renderSwarm } from '../../../src/model/compose';
import { seed000, seed001, seed001WithImages, seed003, seed004 } from './seed-models';
import { fixtureText, printed, serviceOf, yamlObject } from './support';

/** The file as `docker stack deploy` would see it: normalized by the CLI, version aside. */
function asDockerSeesIt(text: string): Record<string, unknown> {
  const result = dockerStackConfig(text);
  if (!result.ok) throw new Error(`docker stack config refused the file: ${result.stderr}\n${text}`);
  const { version: _version, ...rest } = parse(result.stdout) as Record<string, unknown>;
  return rest;
}

const minimal = (
  service: ComposeProjectSpec['services'][string],
  extra: Partial<ComposeProjectSpec> = {},
): ComposeProjectSpec => ({
  name: 'demo',
  services: { web: { image: 'nginx:1.27', ...service } },
  ...extra,
});

describe('renderSwarm on the seeds', () => {
  test.each([
    ['000', seed000()],
    ['001 (with images)', seed001WithImages()],
    ['003', seed003()],
    ['004', seed004()],
  ])(
    'seed %s renders a stack file docker stack config, the v3.13 schema and our checks accept',
    (_seed, project) => {
      // GIVEN a model equivalent to the seed
      // WHEN it is rendered for Swarm
      const { text, diagnostics } = printed(renderSwarm(project));
      // THEN every validator accepts the text and nothing is an error
      expect(dockerStackConfig(text)).toMatchObject({ ok: true, stderr: '' });
      expect(validateSwarmSchema(text)).toEqual([]);
      expect(checkStackText(text)).toEqual([]);
      expect(diagnostics.filter((d) => d.level === 'error')).toEqual([]);
      expect(text.startsWith('version: "3.13"\n')).toBe(true);
    },
  );

  test.each([
    ['seed 000', seed000, 'seed-000-stack-v2.yaml'],
    ['seed 004', seed004, 'seed-004-stack.yaml'],
  ])('%s means to docker exactly what the hand-written %s means', (_seed, model, fixture) => {
    // GIVEN the seed's own stack file and our rendering of the equivalent model
    // WHEN docker normalizes both
    // THEN they are the same deployment
    expect(asDockerSeesIt(renderSwarm(model()).text)).toEqual(asDockerSeesIt(fixtureText(fixture)));
  });

  test('seed 001 as written (build, no image) cannot be deployed, and says where', () => {
    // GIVEN services that only have a build
    const { diagnostics } = printed(renderSwarm(seed001()));
    // THEN each one is an error on its image
    expect(diagnostics.filter((d) => d.level === 'error').map((d) => d.path)).toEqual([
      'services.flaskservice.image',
      'services.redudantservice.image',
      'services.gotyourback.image',
      'services.nginx.image',
    ]);
  });

  test('seed 001 with images drops build and depends_on with an info note each, and maps restart', () => {
    // GIVEN
    const { text, diagnostics } = printed(renderSwarm(seed001WithImages()));
    const nginx = serviceOf(yamlObject(text), 'nginx');
    // THEN
    expect(nginx).not.toHaveProperty('build');
    expect(nginx).not.toHaveProperty('depends_on');
    expect(nginx).not.toHaveProperty('restart');
    expect(nginx.deploy).toEqual({ restart_policy: { condition: 'any' } });
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ level: 'info', path: 'services.nginx.build' }),
    );
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ level: 'info', path: 'services.nginx.depends_on' }),
    );
  });
});

describe('renderSwarm target decisions', () => {
  test('every $ is escaped, so docker reads back the literal value even when the variable is set', () => {
    // GIVEN nginx variables in an environment value, and the same names set in the CLI's environment
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal Compose-style `${...}` is what is tested
    const value = '$remote_addr - ${request} $$';
    const project = minimal({ environment: { LOG_FORMAT: value } });
    const { text } = renderSwarm(project);
    // WHEN docker interpolates
    const result = dockerStackConfig(text, { env: { remote_addr: 'LEAKED', request: 'LEAKED' } });
    // THEN the value is unchanged
    expect(result.ok).toBe(true);
    expect(serviceOf(parse(result.stdout), 'web').environment).toEqual({ LOG_FORMAT: value });
  });

  test.each([
    ['no', 'none'],
    ['always', 'any'],
    ['on-failure', 'on-failure'],
    ['unless-stopped', 'any'],
  ] as const)('restart %s becomes deploy.restart_policy.condition %s', (restart, condition) => {
    const { text } = renderSwarm(minimal({ restart }));
    const web = serviceOf(asDockerSeesIt(text), 'web');
    expect(web.deploy).toEqual({ restart_policy: { condition } });
  });

  test('an explicit deploy.restart_policy wins over restart, with an info note', () => {
    const project = minimal({
      restart: 'always',
      deploy: { restart_policy: { condition: 'on-failure', max_attempts: 3 } },
    });
    const { text, diagnostics } = printed(renderSwarm(project));
    expect(serviceOf(yamlObject(text), 'web').deploy).toEqual({
      restart_policy: { condition: 'on-failure', max_attempts: 3 },
    });
    expect(diagnostics).toEqual([expect.objectContaining({ level: 'info', path: 'services.web.restart' })]);
  });

  test('container_name is left out with a warning; host_ip is an error', () => {
    const project = minimal({
      container_name: 'web',
      ports: [{ target: 80, published: 8080, host_ip: '127.0.0.1' }],
    });
    const { text, diagnostics } = printed(renderSwarm(project));
    expect(text).not.toContain('container_name');
    expect(text).not.toContain('127.0.0.1');
    expect(diagnostics).toEqual([
      expect.objectContaining({ level: 'warning', path: 'services.web.container_name' }),
      expect.objectContaining({ level: 'error', path: 'services.web.ports[0].host_ip' }),
    ]);
  });

  test('a bind mount is written, with a note that the path must exist on every node', () => {
    const project = minimal({
      volumes: [{ type: 'bind', source: './html', target: '/usr/share/nginx/html', read_only: true }],
    });
    const { text, diagnostics } = printed(renderSwarm(project));
    expect(serviceOf(yamlObject(text), 'web').volumes).toEqual([
      { type: 'bind', source: './html', target: '/usr/share/nginx/html', read_only: true },
    ]);
    expect(diagnostics).toEqual([
      expect.objectContaining({ level: 'info', path: 'services.web.volumes[0]' }),
    ]);
  });

  test('plain strings in templated fields stay literal: {{ is escaped for Swarm', () => {
    // GIVEN a plain (non-template) value containing braces
    const project = minimal({ hostname: 'a{{b', environment: { JINJA: '{{ name }}' } });
    // WHEN docker reads the rendered file
    const web = serviceOf(asDockerSeesIt(renderSwarm(project).text), 'web');
    // THEN the braces reach Swarm as a template that prints them, not as a template action
    expect(web.hostname).toBe('a{{"{{"}}b');
    expect(web.environment).toEqual({ JINJA: '{{"{{"}} name }}' });
  });

  test('per-replica templates become Go templates, literal parts escaped', () => {
    // GIVEN a template whose literal text contains braces around a placeholder
    const project = minimal({ hostname: perTask`web-{{${'Node.Hostname'}}}.${'Task.Slot'}` });
    // THEN only the placeholders are template actions: "web-{{" and "}}." print themselves
    expect(serviceOf(yamlObject(renderSwarm(project).text), 'web').hostname).toBe(
      'web-{{"{{"}}{{.Node.Hostname}}}}.{{.Task.Slot}}',
    );
  });

  test('a bridge network is written as overlay with a warning', () => {
    const project = minimal(
      { networks: { front: {} } },
      { networks: { front: { driver: 'bridge', attachable: true } } },
    );
    const { text, diagnostics } = printed(renderSwarm(project));
    expect(yamlObject(text).networks).toEqual({ front: { driver: 'overlay', attachable: true } });
    expect(diagnostics).toEqual([
      expect.objectContaining({ level: 'warning', path: 'networks.front.driver' }),
    ]);
  });
});

describe('renderSwarm configs and secrets', () => {
  const sha12 = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 12);
  const withConfig = (extra: Partial<ComposeProjectSpec> = {}): ComposeProjectSpec =>
    minimal(
      {
        configs: [{ source: 'nginx_conf', target: '/etc/nginx/nginx.conf', mode: 0o440 }],
        secrets: [{ source: 'token' }],
      },
      {
        configs: { nginx_conf: { file: './nginx.conf' } },
        secrets: { token: { file: './token.txt' } },
        ...extra,
      },
    );
  const contents: Record<string, string> = { './nginx.conf': 'events {}\n', './token.txt': 's3cret' };

  test('are named <project>_<key>_<sha256 prefix> of their final content', () => {
    // GIVEN file contents known to the renderer
    const { text, diagnostics } = printed(renderSwarm(withConfig(), { contentOf: (file) => contents[file] }));
    const doc = yamlObject(text);
    // THEN the names carry a hash computed independently here
    expect(doc.configs).toEqual({
      nginx_conf: { name: `demo_nginx_conf_${sha12('events {}\n')}`, file: './nginx.conf' },
    });
    expect(doc.secrets).toEqual({ token: { name: `demo_token_${sha12('s3cret')}`, file: './token.txt' } });
    expect(serviceOf(doc, 'web').configs).toEqual([
      { source: 'nginx_conf', target: '/etc/nginx/nginx.conf', mode: 288 },
    ]);
    expect(diagnostics).toEqual([]);
    expect(dockerStackConfig(text).ok).toBe(true);
  });

  test('new content gives a new name, so Swarm creates a new config instead of refusing the update', () => {
    const before = renderSwarm(withConfig(), { contentOf: (file) => contents[file] }).text;
    const after = renderSwarm(withConfig(), { contentOf: (file) => `${contents[file]}# changed\n` }).text;
    expect(yamlObject(after).configs).not.toEqual(yamlObject(before).configs);
  });

  test('unknown content is an error on the file', () => {
    const { diagnostics } = printed(renderSwarm(withConfig()));
    expect(diagnostics.map((d) => [d.level, d.path])).toEqual([
      ['error', 'configs.nginx_conf.file'],
      ['error', 'secrets.token.file'],
    ]);
  });

  test('inline content and environment secrets are errors (stack files only take files)', () => {
    const project = minimal(
      {},
      { configs: { inline: { content: 'x' } }, secrets: { env: { environment: 'TOKEN' } } },
    );
    const { diagnostics } = printed(renderSwarm(project));
    expect(diagnostics.map((d) => [d.level, d.path])).toEqual([
      ['error', 'configs.inline'],
      ['error', 'secrets.env'],
    ]);
  });

  test('a name longer than Swarm allows is an error', () => {
    const project = withConfig({ name: 'a'.repeat(60) });
    const { diagnostics } = printed(renderSwarm(project, { contentOf: (file) => contents[file] }));
    expect(diagnostics).toContainEqual(
      expect.objectContaining({
        level: 'error',
        path: 'configs.nginx_conf.name',
        message: expect.stringContaining('at most 64'),
      }),
    );
  });
});

describe('renderSwarm output', () => {
  test('is deterministic and independent of the key order the model was written in', () => {
    // GIVEN the same service written with its keys in two orders
    const a = minimal({
      command: ['nginx'],
      ports: [{ target: 80, published: 80 }],
      deploy: { replicas: 1 },
    });
    const b = minimal({
      deploy: { replicas: 1 },
      ports: [{ published: 80, target: 80 }],
      command: ['nginx'],
    });
    // WHEN rendered twice
    // THEN identical bytes
    expect(renderSwarm(a).text).toBe(renderSwarm(a).text);
    expect(renderSwarm(b).text).toBe(renderSwarm(a).text);
  });

  test('keeps the model’s service order', () => {
    const text = renderSwarm(seed003()).text;
    expect(Object.keys(yamlObject(text).services as object)).toEqual(['nginx-proxy', 'flask-app']);
  });
});
