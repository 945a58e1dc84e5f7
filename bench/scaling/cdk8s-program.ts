import type { Cdk8sApp, Cdk8sModule } from '../cdk8s/module';
import { WORKLOAD, type Workload } from './workload';

/**
 * The workload in cdk8s, as close as Kubernetes allows: per service a Deployment (3 replicas, the gunicorn
 * command, its port, a readiness probe) and a Service, plus one ConfigMap holding an nginx.conf built from the
 * same routes. Plain ApiObjects: the typed classes `cdk8s import k8s` generates are thin wrappers over these.
 */
export function buildCdk8sProgram(cdk8s: Cdk8sModule, workload: Workload): Cdk8sApp {
  const app = new cdk8s.App();
  const chart = new cdk8s.Chart(app, 'bench');
  const { port } = WORKLOAD;
  const routes: Array<{ upstream: string; service: string; path: string }> = [];
  for (let i = 0; i < workload.services; i++) {
    const name = WORKLOAD.service(i);
    const labels = { app: name };
    new cdk8s.ApiObject(chart, `${name}-deployment`, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, labels },
      spec: {
        replicas: WORKLOAD.replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: 'app',
                image: WORKLOAD.image,
                command: ['gunicorn', `--bind=0.0.0.0:${port}`, '--workers=2', '--timeout=30', 'app:app'],
                ports: [{ containerPort: port }],
                readinessProbe: {
                  httpGet: { path: '/', port },
                  periodSeconds: 10,
                  timeoutSeconds: 3,
                  failureThreshold: 3,
                },
              },
            ],
          },
        },
      },
    });
    new cdk8s.ApiObject(chart, `${name}-service`, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, labels },
      spec: { selector: labels, ports: [{ port, targetPort: port }] },
    });
    routes.push({ upstream: WORKLOAD.upstream(i), service: name, path: WORKLOAD.route(i) });
  }
  new cdk8s.ApiObject(chart, 'nginx-config', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'nginx' },
    data: { 'nginx.conf': nginxText(routes) },
  });
  return app;
}

/** The nginx.conf a cdk8s user would template by hand: no quoting, no checks. */
function nginxText(routes: ReadonlyArray<{ upstream: string; service: string; path: string }>): string {
  const lines = ['events {}', 'http {'];
  for (const route of routes) {
    lines.push(`  upstream ${route.upstream} {`, `    server ${route.service}:${WORKLOAD.port};`, '  }');
  }
  lines.push('  server {', '    listen 80;');
  for (const route of routes) {
    lines.push(
      `    location ${route.path} {`,
      `      proxy_pass http://${route.upstream};`,
      '      proxy_set_header Host $host;',
      '    }',
    );
  }
  lines.push('  }', '}');
  return `${lines.join('\n')}\n`;
}
