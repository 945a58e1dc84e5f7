import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * A tiny cdk8s app shaped like the flagship (a Flask Deployment of 3 replicas, its Service, an nginx
 * Deployment, its Service and the nginx.conf ConfigMap), laid out as `cdk8s init typescript-app` lays out a
 * project: its cdk8s.yaml runs `npx ts-node main.ts`, and its tsconfig.json is the template's. The
 * template's `imports: [k8s]` is left out: importing needs the network, and plain ApiObjects need no import.
 */
export const TINY_APP_FILES: Readonly<Record<string, string>> = {
  'cdk8s.yaml': 'language: typescript\napp: npx ts-node main.ts\n',
  'tsconfig.json': `${JSON.stringify(
    {
      compilerOptions: {
        alwaysStrict: true,
        declaration: true,
        experimentalDecorators: true,
        inlineSourceMap: true,
        inlineSources: true,
        lib: ['es2016'],
        module: 'CommonJS',
        noEmit: false,
        noEmitOnError: true,
        noFallthroughCasesInSwitch: true,
        noImplicitAny: true,
        noImplicitReturns: true,
        noImplicitThis: true,
        noUnusedLocals: true,
        noUnusedParameters: true,
        resolveJsonModule: true,
        strict: true,
        strictNullChecks: true,
        strictPropertyInitialization: true,
        stripInternal: true,
        target: 'ES2017',
      },
      include: ['**/*.ts'],
      exclude: ['node_modules'],
    },
    null,
    2,
  )}\n`,
  'main.ts': `import { Construct } from 'constructs';
import { ApiObject, App, Chart, ChartProps } from 'cdk8s';

export class ShopChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    const shop = { app: 'shop' };
    new ApiObject(this, 'shop', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'shop', labels: shop },
      spec: {
        replicas: 3,
        selector: { matchLabels: shop },
        template: {
          metadata: { labels: shop },
          spec: {
            containers: [
              {
                name: 'shop',
                image: 'shop:1.4',
                command: ['gunicorn', '--bind=0.0.0.0:5000', '--workers=2', 'app:app'],
                ports: [{ containerPort: 5000 }],
                readinessProbe: { httpGet: { path: '/', port: 5000 }, periodSeconds: 10 },
              },
            ],
          },
        },
      },
    });
    new ApiObject(this, 'shop-service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'shop' },
      spec: { selector: shop, ports: [{ port: 5000 }] },
    });
    const conf = [
      'events {}',
      'http {',
      '  upstream shop { server shop:5000; }',
      '  server {',
      '    listen 80;',
      '    server_tokens off;',
      '    client_max_body_size 20m;',
      '    location / { proxy_pass http://shop; proxy_set_header Host $host; }',
      '  }',
      '}',
    ].join('\\n');
    new ApiObject(this, 'nginx-config', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'nginx' },
      data: { 'nginx.conf': conf },
    });
    const nginx = { app: 'nginx' };
    new ApiObject(this, 'nginx', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'nginx', labels: nginx },
      spec: {
        replicas: 1,
        selector: { matchLabels: nginx },
        template: {
          metadata: { labels: nginx },
          spec: {
            containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }],
            volumes: [{ name: 'conf', configMap: { name: 'nginx' } }],
          },
        },
      },
    });
    new ApiObject(this, 'nginx-service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'nginx' },
      spec: { type: 'LoadBalancer', selector: nginx, ports: [{ port: 8080, targetPort: 80 }] },
    });
  }
}

const app = new App();
new ShopChart(app, 'shop');
app.synth();
`,
};

/** Writes the tiny app into a folder (next to the installed node_modules). */
export function writeTinyApp(dir: string): void {
  for (const [name, text] of Object.entries(TINY_APP_FILES)) fs.writeFileSync(path.join(dir, name), text);
}
