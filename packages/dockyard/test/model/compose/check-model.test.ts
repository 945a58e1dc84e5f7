import { type ComposeProjectSpec, checkModel, perTask, type ServiceSpec } from '../../../src/model/compose';
import { seed000, seed001, seed003, seed004 } from './seed-models';
import { printedPaths } from './support';

const project = (
  web: Partial<ServiceSpec> = {},
  extra: Partial<ComposeProjectSpec> = {},
): ComposeProjectSpec => ({
  name: 'demo',
  services: { web: { image: 'nginx:1.27', ...web } },
  ...extra,
});

describe('checkModel on the seeds', () => {
  test.each([
    ['000', seed000()],
    ['001', seed001()],
    ['003', seed003()],
    ['004', seed004()],
  ])('seed %s has no problem', (_seed, model) => {
    expect(checkModel(model)).toEqual([]);
  });
});

describe('checkModel reports each problem at its path with what was expected and what was given', () => {
  test.each<[string, ComposeProjectSpec, string, string]>([
    [
      'a port above 65535',
      project({ ports: [{ target: 80, published: 99999 }] }),
      'services.web.ports[0].published',
      'expected an integer port 1-65535, got 99999',
    ],
    ['a port of 0', project({ ports: [{ target: 0 }] }), 'services.web.ports[0].target', 'got 0'],
    ['a fractional port', project({ expose: [80.5] }), 'services.web.expose[0]', 'got 80.5'],
    [
      'a malformed duration',
      project({ healthcheck: { test: ['true'], interval: '10 seconds' } }),
      'services.web.healthcheck.interval',
      'expected a duration such as "10s", "1m30s" or "500ms", got "10 seconds"',
    ],
    [
      'a duration without unit',
      project({ deploy: { restart_policy: { delay: '5' } } }),
      'services.web.deploy.restart_policy.delay',
      'got "5"',
    ],
    [
      'an update monitor duration',
      project({ deploy: { update_config: { monitor: 'soon' } } }),
      'services.web.deploy.update_config.monitor',
      'got "soon"',
    ],
    [
      'fractional replicas',
      project({ deploy: { replicas: 1.5 } }),
      'services.web.deploy.replicas',
      'expected replicas to be an integer >= 0, got 1.5',
    ],
    ['negative replicas', project({ deploy: { replicas: -1 } }), 'services.web.deploy.replicas', 'got -1'],
    [
      'replicas in global mode',
      project({ deploy: { mode: 'global', replicas: 2 } }),
      'services.web.deploy.replicas',
      'global mode',
    ],
    [
      'negative retries',
      project({ healthcheck: { test: ['true'], retries: -1 } }),
      'services.web.healthcheck.retries',
      'got -1',
    ],
    [
      'a CMD marker in the test',
      project({ healthcheck: { test: ['CMD', 'true'] } }),
      'services.web.healthcheck.test[0]',
      'Dockyard adds CMD',
    ],
    [
      'bad cpus',
      project({ deploy: { resources: { limits: { cpus: '-1' } } } }),
      'services.web.deploy.resources.limits.cpus',
      'got "-1"',
    ],
    [
      'bad memory',
      project({ deploy: { resources: { reservations: { memory: 'lots' } } } }),
      'services.web.deploy.resources.reservations.memory',
      'got "lots"',
    ],
    [
      'zero pids',
      project({ deploy: { resources: { limits: { pids: 0 } } } }),
      'services.web.deploy.resources.limits.pids',
      'got 0',
    ],
    [
      'max_replicas_per_node 0',
      project({ deploy: { placement: { max_replicas_per_node: 0 } } }),
      'services.web.deploy.placement.max_replicas_per_node',
      'got 0',
    ],
    [
      'a failure ratio above 1',
      project({ deploy: { rollback_config: { max_failure_ratio: 2 } } }),
      'services.web.deploy.rollback_config.max_failure_ratio',
      'got 2',
    ],
    [
      'negative max_attempts',
      project({ deploy: { restart_policy: { max_attempts: -2 } } }),
      'services.web.deploy.restart_policy.max_attempts',
      'got -2',
    ],
    [
      'negative parallelism',
      project({ deploy: { update_config: { parallelism: -1 } } }),
      'services.web.deploy.update_config.parallelism',
      'got -1',
    ],
    [
      'a mode above 0o777',
      project({ configs: [{ source: 'c', mode: 0o1777 }] }, { configs: { c: { content: 'x' } } }),
      'services.web.configs[0].mode',
      'got 1023',
    ],
    [
      'a relative mount target',
      project({ volumes: [{ type: 'tmpfs', target: 'tmp' }] }),
      'services.web.volumes[0].target',
      'expected an absolute container path, got "tmp"',
    ],
    [
      'a negative tmpfs size',
      project({ volumes: [{ type: 'tmpfs', target: '/tmp', size: -1 }] }),
      'services.web.volumes[0].size',
      'got -1',
    ],
    [
      'an empty bind source',
      project({ volumes: [{ type: 'bind', source: '', target: '/x' }] }),
      'services.web.volumes[0].source',
      'expected a host path',
    ],
    [
      'a bad host_ip',
      project({ ports: [{ target: 80, host_ip: 'localhost' }] }),
      'services.web.ports[0].host_ip',
      'got "localhost"',
    ],
    [
      'an environment key with =',
      project({ environment: { 'A=B': 'c' } }),
      'services.web.environment["A=B"]',
      "without '='",
    ],
    [
      'no image and no build',
      { name: 'demo', services: { web: {} } },
      'services.web.image',
      'expected an image or a build, got neither',
    ],
    [
      'an uppercase project name',
      { ...project(), name: 'Shop' },
      'name',
      'expected a project name matching ^[a-z0-9][a-z0-9_-]*$ (lowercase), got "Shop"',
    ],
    [
      'a service name with a space',
      { name: 'demo', services: { 'my web': { image: 'x' } } },
      'services["my web"]',
      'got "my web"',
    ],
    ['a network key with a slash', project({}, { networks: { 'a/b': {} } }), 'networks["a/b"]', 'got "a/b"'],
    [
      'a subnet that is not CIDR',
      project({}, { networks: { n: { ipam: { config: [{ subnet: '10.0.0.0' }] } } } }),
      'networks.n.ipam.config[0].subnet',
      'got "10.0.0.0"',
    ],
    [
      'an undefined network',
      project({ networks: { front: {} } }, { networks: { back: {} } }),
      'services.web.networks.front',
      'expected one of the project\'s networks (defined: back), got "front"',
    ],
    [
      'an undefined volume',
      project({ volumes: [{ type: 'volume', source: 'logs', target: '/logs' }] }),
      'services.web.volumes[0].source',
      'expected one of the project\'s volumes (no volumes are defined), got "logs"',
    ],
    [
      'an undefined config',
      project({ configs: [{ source: 'conf' }] }),
      'services.web.configs[0].source',
      'got "conf"',
    ],
    [
      'an undefined secret',
      project({ secrets: [{ source: 'token' }] }),
      'services.web.secrets[0].source',
      'got "token"',
    ],
    [
      'an undefined dependency',
      project({ depends_on: { db: {} } }),
      'services.web.depends_on.db',
      'expected one of the project\'s services (defined: web), got "db"',
    ],
    [
      'a dependency on itself',
      project({ depends_on: { web: {} } }),
      'services.web.depends_on.web',
      'the service itself',
    ],
    [
      'service_healthy without a healthcheck',
      {
        name: 'demo',
        services: {
          web: { image: 'x', depends_on: { db: { condition: 'service_healthy' } } },
          db: { image: 'y' },
        },
      },
      'services.web.depends_on.db.condition',
      'expected "db" to have a healthcheck',
    ],
    [
      'a container_name with replicas',
      project({ container_name: 'web', deploy: { replicas: 2 } }),
      'services.web.container_name',
      'with 2 replicas',
    ],
    [
      'a fixed host port with replicas',
      project({ ports: [{ target: 80, published: 8080 }], deploy: { replicas: 3 } }),
      'services.web.ports[0].published',
      'expected no fixed host port on a service with 3 replicas',
    ],
    [
      'a hand-written Swarm template',
      project({ hostname: 'web.{{.Task.Slot}}' }),
      'services.web.hostname',
      'perTask',
    ],
  ])('%s', (_case, model, path, message) => {
    // GIVEN a model with one problem
    // WHEN it is checked
    const diagnostics = printedPaths(checkModel(model));
    // THEN exactly that problem is reported as an error at its path
    expect(diagnostics).toEqual([{ level: 'error', path, message: expect.stringContaining(message) }]);
  });

  test('a host port published twice names both places', () => {
    const model: ComposeProjectSpec = {
      name: 'demo',
      services: {
        a: { image: 'x', ports: [{ target: 80, published: 80 }] },
        b: { image: 'y', ports: [{ target: 8080, published: 80 }] },
      },
    };
    expect(checkModel(model)).toEqual([
      {
        level: 'error',
        path: ['services', 'b', 'ports', 0, 'published'],
        message: expect.stringContaining('(first at services.a.ports[0].published)'),
      },
    ]);
  });

  test('the same port on different protocols or addresses is not a clash', () => {
    const model: ComposeProjectSpec = {
      name: 'demo',
      services: {
        a: {
          image: 'x',
          ports: [
            { target: 53, published: 53, protocol: 'udp' },
            { target: 53, published: 53 },
          ],
        },
        b: {
          image: 'y',
          ports: [
            { target: 80, published: 80, host_ip: '127.0.0.1' },
            { target: 80, published: 80, host_ip: '127.0.0.2' },
          ],
        },
      },
    };
    expect(checkModel(model)).toEqual([]);
  });
});

describe('checkModel per target', () => {
  const scaled = project({ ports: [{ target: 80, published: 8080, mode: 'host' }], deploy: { replicas: 3 } });

  test('a fixed port on replicas is a Compose error and, in host mode, a Swarm warning', () => {
    expect(checkModel(scaled, { targets: ['compose'] }).map((d) => d.level)).toEqual(['error']);
    expect(checkModel(scaled, { targets: ['swarm'] }).map((d) => d.level)).toEqual(['warning']);
  });

  test('Swarm ingress publishes once for all replicas, so it is fine there', () => {
    const ingress = project({ ports: [{ target: 80, published: 8080 }], deploy: { replicas: 3 } });
    expect(checkModel(ingress, { targets: ['swarm'] })).toEqual([]);
  });

  test('max_replicas_per_node 1 makes host mode safe on Swarm', () => {
    const spread = project({
      ports: [{ target: 80, published: 8080, mode: 'host' }],
      deploy: { replicas: 3, placement: { max_replicas_per_node: 1 } },
    });
    expect(checkModel(spread, { targets: ['swarm'] })).toEqual([]);
  });

  test('hand-written templates only matter for Compose; typed ones never', () => {
    const handWritten = project({ hostname: 'web.{{.Task.Slot}}' });
    expect(checkModel(handWritten, { targets: ['swarm'] })).toEqual([]);
    expect(checkModel(project({ hostname: perTask`web.${'Task.Slot'}` }))).toEqual([]);
  });

  test('the implicit default network needs no definition', () => {
    expect(checkModel(project({ networks: { default: {} } }))).toEqual([]);
  });
});
