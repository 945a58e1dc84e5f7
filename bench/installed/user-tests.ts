// Goal 2 of the performance issue: a user's jest file of 20 tests, each building the flagship and asserting
// with the testing toolkit, and the same 20 tests against cdk8s's `Testing` on an app of equivalent
// Deployment + Service objects. Twenty tests, five kinds of assertion four times over, so both files do the
// same amount of building and asserting.

/**
 * The test file's name in both projects: `.spec.ts`, which jest's default testMatch finds and this
 * repository's (`*.test.ts` under bench/) does not, so the repository's unit tests never run them.
 */
export const USER_TEST_FILE = 'flagship.spec.ts';

/** How many tests each file has. */
export const USER_TEST_COUNT = 20;

/** The module a user's tests import `buildFlagship` from (bench/profile/flagship-build.ts runs the same code). */
export const DOCKYARD_FLAGSHIP = `import { App, BackupUpstream, FlaskService, LoadBalancedStack, NginxProxy, Stack } from 'dockyard';

/** examples/flagship/infra.ts as a function, without app.synth(): what a test builds. */
export function buildFlagship() {
  const app = new App();
  const shop = new LoadBalancedStack(app, 'shop', {
    flask: { image: 'shop:1.4', wsgi: 'app:app', port: 5000, replicas: 3, workers: 2 },
    proxy: { publish: 8080, clientMaxBodySize: '20m' },
    backup: { image: 'shop:1.4' },
    staticFiles: { urlPath: '/static', appDir: '/app/static' },
    cache: { paths: ['/cache-me'], ttl: '10m' },
  });
  const legacy = new Stack(app, 'legacy');
  const build = { context: '../flask-app' };
  const primary = new FlaskService(legacy, 'flaskservice', { build, image: 'legacy/flask:1', port: 8001 });
  const redundant = new FlaskService(legacy, 'redudantservice', { build, image: 'legacy/flask:1', port: 8003 });
  const spare = new FlaskService(legacy, 'gotyourback', { build, image: 'legacy/flask:1', port: 8002 });
  const proxy = new NginxProxy(legacy, 'nginx', { publish: 80 });
  const pool = proxy.addUpstream('flaskappproxy', { servers: [primary, redundant] });
  new BackupUpstream(legacy, 'fallback', { upstream: pool, service: spare });
  proxy.addRoute('/', pool);
  return { app, shop, legacy };
}
`;

const DOCKYARD_ASSERTIONS = [
  `const template = Template.fromStack(buildFlagship().shop);
    template.compose.hasService('web', { image: 'shop:1.4', deploy: { replicas: 3 } });`,
  `const template = Template.fromStack(buildFlagship().shop);
    template.nginx.routesTo('/', 'web');
    template.nginx.hasLocation('/cache-me');`,
  `const { legacy } = buildFlagship();
    expect(legacy).toHaveService('flaskservice', { image: 'legacy/flask:1' });
    expect(legacy).toHaveUpstream('flaskappproxy');`,
  `const template = Template.fromStack(buildFlagship().shop);
    template.swarm.hasService('nginx', { ports: [Match.objectLike({ published: 8080 })] });`,
  `const template = Template.fromStack(buildFlagship().legacy);
    expect(template.compose.serviceNames).toEqual(['flaskservice', 'redudantservice', 'gotyourback', 'nginx']);
    expect(template.text('nginx.conf')).toContain('upstream flaskappproxy');`,
];

const CDK8S_FLAGSHIP = `import { ApiObject, App, Chart } from 'cdk8s';

function flask(chart: Chart, name: string, image: string, port: number, replicas: number): void {
  const labels = { app: name };
  new ApiObject(chart, name, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name,
              image,
              command: ['gunicorn', \`--bind=0.0.0.0:\${port}\`, '--workers=2', 'app:app'],
              ports: [{ containerPort: port }],
              readinessProbe: { httpGet: { path: '/', port }, periodSeconds: 10 },
            },
          ],
        },
      },
    },
  });
  new ApiObject(chart, \`\${name}-service\`, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { selector: labels, ports: [{ port }] },
  });
}

function nginx(chart: Chart, conf: string, publish: number): void {
  new ApiObject(chart, 'nginx-config', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'nginx' },
    data: { 'nginx.conf': conf },
  });
  const labels = { app: 'nginx' };
  new ApiObject(chart, 'nginx', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'nginx', labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }],
          volumes: [{ name: 'conf', configMap: { name: 'nginx' } }],
        },
      },
    },
  });
  new ApiObject(chart, 'nginx-service', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'nginx' },
    spec: { type: 'LoadBalancer', selector: labels, ports: [{ port: publish, targetPort: 80 }] },
  });
}

/** The flagship's two stacks as two charts of Deployments, Services and an nginx.conf ConfigMap. */
export function buildFlagship() {
  const app = new App();
  const shop = new Chart(app, 'shop');
  flask(shop, 'web', 'shop:1.4', 5000, 3);
  flask(shop, 'web-backup', 'shop:1.4', 5000, 1);
  nginx(shop, 'events {}\\nhttp {\\n  upstream web { server web:5000; }\\n  server {\\n    listen 80;\\n    location / { proxy_pass http://web; }\\n    location /cache-me { proxy_pass http://web; }\\n  }\\n}\\n', 8080);
  const legacy = new Chart(app, 'legacy');
  flask(legacy, 'flaskservice', 'legacy/flask:1', 8001, 1);
  flask(legacy, 'redudantservice', 'legacy/flask:1', 8003, 1);
  flask(legacy, 'gotyourback', 'legacy/flask:1', 8002, 1);
  nginx(legacy, 'events {}\\nhttp {\\n  upstream flaskappproxy { server flaskservice:8001; server redudantservice:8003; server gotyourback:8002 backup; }\\n  server {\\n    listen 80;\\n    location / { proxy_pass http://flaskappproxy; }\\n  }\\n}\\n', 80);
  return { app, shop, legacy };
}
`;

// cdk8s's Testing.synth returns the chart's manifests as plain objects: the assertions find them by kind and name.
const CDK8S_ASSERTIONS = [
  `const manifests = Testing.synth(buildFlagship().shop);
    expect(find(manifests, 'Deployment', 'web')).toMatchObject({ spec: { replicas: 3, template: { spec: { containers: [{ image: 'shop:1.4' }] } } } });`,
  `const conf = find(Testing.synth(buildFlagship().shop), 'ConfigMap', 'nginx').data['nginx.conf'];
    expect(conf).toMatch(/location \\/ \\{ proxy_pass http:\\/\\/web;/);
    expect(conf).toContain('location /cache-me');`,
  `const manifests = Testing.synth(buildFlagship().legacy);
    expect(find(manifests, 'Deployment', 'flaskservice')).toMatchObject({ spec: { template: { spec: { containers: [{ image: 'legacy/flask:1' }] } } } });
    expect(find(manifests, 'ConfigMap', 'nginx').data['nginx.conf']).toContain('upstream flaskappproxy');`,
  `const manifests = Testing.synth(buildFlagship().shop);
    expect(find(manifests, 'Service', 'nginx')).toMatchObject({ spec: { ports: [expect.objectContaining({ port: 8080 })] } });`,
  `const manifests = Testing.synth(buildFlagship().legacy);
    expect(manifests.filter((m) => m.kind === 'Deployment').map((m) => m.metadata.name)).toEqual(['flaskservice', 'redudantservice', 'gotyourback', 'nginx']);
    expect(Testing.synth(buildFlagship().legacy).length).toBe(9);`,
];

function testFile(header: string, assertions: readonly string[]): string {
  const tests = Array.from({ length: USER_TEST_COUNT }, (_, i) => {
    const body = assertions[i % assertions.length];
    return `  test('flagship ${i + 1}', () => {\n    ${body}\n  });\n`;
  });
  return `${header}\ndescribe('flagship', () => {\n${tests.join('\n')}});\n`;
}

/** The files written into the project `dockyard init` made. */
export const DOCKYARD_TESTS_FILES: Readonly<Record<string, string>> = {
  'flagship-app.ts': DOCKYARD_FLAGSHIP,
  [USER_TEST_FILE]: testFile(
    "import { Match, Template } from 'dockyard/testing';\nimport { buildFlagship } from './flagship-app';\n",
    DOCKYARD_ASSERTIONS,
  ),
};

/** The files of the cdk8s jest project. */
export const CDK8S_TESTS_FILES: Readonly<Record<string, string>> = {
  'flagship-app.ts': CDK8S_FLAGSHIP,
  [USER_TEST_FILE]: testFile(
    `import { Testing } from 'cdk8s';
import { buildFlagship } from './flagship-app';

type Manifest = any;
const find = (manifests: Manifest[], kind: string, name: string): Manifest => {
  const found = manifests.find((m) => m.kind === kind && m.metadata?.name === name);
  if (found === undefined) throw new Error(\`no \${kind} \${name}\`);
  return found;
};
`,
    CDK8S_ASSERTIONS,
  ),
};
