import { readFileSync } from 'node:fs';
import {
  checkComposeText,
  checkStackText,
  composeFixturePath,
  dockerStackConfig,
  isDockerPortSpec,
  validateComposeSchema,
  validateSwarmSchema,
} from './index';

const fixture = (...segments: string[]): string => readFileSync(composeFixturePath(...segments), 'utf8');

describe('the validators accept the seeds’ hand-written files', () => {
  test.each(['seed-000-stack-v1.yaml', 'seed-000-stack-v2.yaml', 'seed-004-stack.yaml'])(
    '%s passes docker stack config, the v3.13 schema and our text checks',
    (file) => {
      // GIVEN a stack file transcribed from a seed
      const text = fixture(file);
      // WHEN every stack validator reads it
      const docker = dockerStackConfig(text);
      // THEN none complains
      expect(docker).toMatchObject({ ok: true, stderr: '' });
      expect(validateSwarmSchema(text)).toEqual([]);
      expect(checkStackText(text)).toEqual([]);
    },
  );

  test.each(['seed-001-compose.yaml', 'seed-003-compose.yaml'])(
    '%s passes the Compose schema and our text checks',
    (file) => {
      // GIVEN a compose file transcribed from a seed
      const text = fixture(file);
      // WHEN / THEN
      expect(validateComposeSchema(text)).toEqual([]);
      expect(checkComposeText(text)).toEqual([]);
    },
  );

  test('docker stack config reads seed 000’s templates back unchanged', () => {
    // GIVEN the stack file with per-replica templates
    const { ok, stdout } = dockerStackConfig(fixture('seed-000-stack-v2.yaml'));
    // THEN the CLI keeps them for Swarm to expand per task
    expect(ok).toBe(true);
    expect(stdout).toContain('hostname: backend.{{.Task.Slot}}');
    expect(stdout).toContain('name: log-{{.Task.Slot}}');
  });
});

describe('the validators reject broken files with a message that names the problem', () => {
  test('an unknown key is rejected by the Compose schema', () => {
    const errors = validateComposeSchema(fixture('broken', 'compose-unknown-key.yaml'));
    expect(errors).toContainEqual({
      path: 'services.web',
      message: 'must NOT have additional properties (imagee)',
    });
  });

  test('a wrong type is rejected by the Compose schema', () => {
    const errors = validateComposeSchema(fixture('broken', 'compose-wrong-type.yaml'));
    expect(errors).toContainEqual({ path: 'services.web.restart', message: 'must be string' });
  });

  test('a port out of range passes the Compose schema but not our text checks', () => {
    // GIVEN "99999:80", which the schema only types as a string
    const text = fixture('broken', 'compose-bad-port.yaml');
    // THEN the schema is silent and our checks name the port
    expect(validateComposeSchema(text)).toEqual([]);
    expect(checkComposeText(text)).toEqual([
      'services.web.ports[0]: bad port spec "99999:80": host port "99999"',
    ]);
  });

  test('an undefined network passes the Compose schema but not our text checks', () => {
    const text = fixture('broken', 'compose-undefined-network.yaml');
    expect(validateComposeSchema(text)).toEqual([]);
    expect(checkComposeText(text)).toEqual(['services.web.networks.front: undefined network']);
  });

  test('a Swarm template in a compose file is rejected by our text checks', () => {
    expect(checkComposeText(fixture('broken', 'compose-task-template.yaml'))).toEqual([
      'services.backend.hostname: Swarm template in a compose file: "backend.{{.Task.Slot}}"',
    ]);
  });

  test('an unescaped $ is rejected by our text checks unless interpolation is allowed', () => {
    const text = fixture('broken', 'compose-unescaped-dollar.yaml');
    expect(checkComposeText(text)).toEqual([
      'services.web.environment.LOG_FORMAT: unescaped $ (would be interpolated): "$remote_addr - $request"',
    ]);
    expect(checkComposeText(text, { allowInterpolation: true })).toEqual([]);
  });

  test.each([
    ['stack-bad-port.yaml', "services.web.ports.0 Does not match format 'ports'"],
    ['stack-unknown-key.yaml', 'services.web Additional property imagee is not allowed'],
    ['stack-wrong-type.yaml', 'services.web.deploy.replicas must be a integer'],
    ['stack-bad-duration.yaml', "services.web.healthcheck.interval Does not match format 'duration'"],
    ['stack-depends-on-long-form.yaml', 'services.web.depends_on must be a list'],
    ['stack-secret-from-environment.yaml', 'secrets.token Additional property environment is not allowed'],
  ])('docker stack config rejects %s', (file, message) => {
    // GIVEN a stack file with one mistake
    const result = dockerStackConfig(fixture('broken', file));
    // THEN the CLI refuses it and says why
    expect(result.ok).toBe(false);
    expect(result.stderr).toContain(message);
  });

  test.each([
    ['stack-bad-port.yaml', { path: 'services.web.ports.0', message: expect.stringContaining('"ports"') }],
    [
      'stack-unknown-key.yaml',
      { path: 'services.web', message: 'must NOT have additional properties (imagee)' },
    ],
    ['stack-wrong-type.yaml', { path: 'services.web.deploy.replicas', message: 'must be integer' }],
    [
      'stack-bad-duration.yaml',
      { path: 'services.web.healthcheck.interval', message: 'must match format "duration"' },
    ],
    ['stack-depends-on-long-form.yaml', { path: 'services.web.depends_on', message: 'must be array' }],
  ])('the v3.13 schema rejects %s like docker does', (file, error) => {
    expect(validateSwarmSchema(fixture('broken', file))).toContainEqual(error);
  });

  test('an undefined volume passes docker stack config but not our text checks', () => {
    const text = fixture('broken', 'stack-undefined-volume.yaml');
    expect(dockerStackConfig(text).ok).toBe(true);
    expect(checkStackText(text)).toEqual(['services.web.volumes[0]: undefined volume "logs"']);
  });
});

describe('isDockerPortSpec follows docker’s ports format', () => {
  test.each(['80', '8080:80', '127.0.0.1:8080:80', '8000-8010:8000-8010/udp', '127.0.0.1::80', 80])(
    'accepts %p',
    (spec) => expect(isDockerPortSpec(spec)).toBe(true),
  );
  test.each(['99999:80', '80:0', 'http', '80/icmp', '10-5:80'])('rejects %p', (spec) =>
    expect(isDockerPortSpec(spec)).toBe(false),
  );
});

describe('dockerStackConfig', () => {
  test('reads $$ back as a literal $ and interpolates a lone $ from the environment it is given', () => {
    // GIVEN one escaped and one unescaped reference to the same variable
    const text =
      'version: "3.13"\nservices:\n  web:\n    image: nginx\n    environment:\n      A: $$X\n      B: $X\n';
    // WHEN the CLI interpolates with X set
    const { ok, stdout } = dockerStackConfig(text, { env: { X: 'leaked' } });
    // THEN only the unescaped one is replaced
    expect(ok).toBe(true);
    expect(stdout).toContain('A: $X');
    expect(stdout).toContain('B: leaked');
  });

  test('reports a file that is not YAML', () => {
    const result = dockerStackConfig('services: [\n');
    expect(result.ok).toBe(false);
    expect(result.stderr).not.toBe('');
  });
});
