import { BackupUpstream, FlaskService, NginxProxy, type NginxProxyProps, type Stack } from '../../../src';
import { newStack } from '../../helpers/synth';

/** What a seed program varies: the nginx it targets and the DNS strategy. */
export type Target = Pick<NginxProxyProps, 'nginxVersion' | 'dns'>;

/**
 * The seeds' setups written with the constructs, shared by the pattern tests (which read the Directive tree)
 * and the conformance test (which hands the same text to the real `nginx -t`).
 */
export const seedPrograms = {
  /** Seed 001: two primaries and a backup on different ports, one upstream, the proxy on port 80. */
  '001 backup upstream': (target: Target = {}): Stack => {
    const stack = newStack('legacy');
    const build = { context: '.', dockerfile: 'Dockerfile.flask' };
    const image = 'legacy-flask:1';
    const primary = new FlaskService(stack, 'flaskservice', { build, image, port: 8001 });
    const redundant = new FlaskService(stack, 'redudantservice', { build, image, port: 8003 });
    const spare = new FlaskService(stack, 'gotyourback', { build, image, port: 8002 });
    const proxy = new NginxProxy(stack, 'nginx', { publish: 80, ...target });
    const pool = proxy.addUpstream('flaskappproxy', { servers: [primary, redundant] });
    new BackupUpstream(stack, 'fallback', { upstream: pool, service: spare });
    proxy.addRoute('/', pool);
    return stack;
  },

  /** Seed 002: `web` scaled to several replicas, which nginx must keep finding in DNS. */
  '002 resolver': (target: Target = {}): Stack => {
    const stack = newStack('dynamic');
    const web = new FlaskService(stack, 'flaskapp', { image: 'flaskapp:1', port: 5090, replicas: 2 });
    const proxy = new NginxProxy(stack, 'nginx', { publish: 8080, ...target });
    proxy.addRoute('/', proxy.addUpstream('flaskapp', { servers: [web] }));
    return stack;
  },

  /** Seed 003: the app behind nginx, `/cache-me` cached by nginx, `/info` echoing the forwarded headers. */
  '003 cache and info': (target: Target = {}): Stack => {
    const stack = newStack('wsgi');
    const app = new FlaskService(stack, 'flask-app', {
      image: 'flask-app:1',
      port: 8000,
      workers: 3,
      timeout: 60,
    });
    const proxy = new NginxProxy(stack, 'nginx-proxy', { publish: 80, ...target });
    const pool = proxy.addUpstream('flask', { servers: [app] });
    proxy.addRoute('/', pool);
    proxy.addRoute('/cache-me', pool, { cache: { ttl: '10m' } });
    return stack;
  },

  /** Seed 004: three replicas in Swarm, static files written by the app to a volume and served by nginx. */
  '004 static alias': (target: Target = {}): Stack => {
    const stack = newStack('web');
    const webapp = new FlaskService(stack, 'webapp', {
      image: 'kmmanoj/flask_gunicorn_app',
      replicas: 3,
      staticFiles: { appDir: '/app/static' },
    });
    const proxy = new NginxProxy(stack, 'webproxy', { publish: 8080, ...target });
    proxy.addRoute('/', proxy.addUpstream('webapp', { servers: [webapp] }));
    proxy.addStatic('/static', webapp);
    return stack;
  },
} as const;

export type SeedName = keyof typeof seedPrograms;

/**
 * Everything an upstream block can do in one program (weights, least_conn, keepalive, max_fails), with a
 * cached route, a slow route and static files: valid with dns "resolve" and "static", not "variable".
 */
export function featureProgram(target: Target = {}): Stack {
  const stack = newStack('features');
  const web = new FlaskService(stack, 'web', {
    image: 'web:1',
    port: 8000,
    replicas: 3,
    staticFiles: { appDir: '/app/static' },
  });
  const canary = new FlaskService(stack, 'canary', { image: 'web:2', port: 8000 });
  const spare = new FlaskService(stack, 'spare', { image: 'web:1', port: 8000 });
  const proxy = new NginxProxy(stack, 'nginx', { publish: 8080, clientMaxBodySize: '20m', ...target });
  const pool = proxy.addUpstream('web', {
    servers: [
      { service: web, weight: 9, maxFails: 3, failTimeout: '10s' },
      { service: canary, weight: 1 },
    ],
    method: 'least_conn',
    keepalive: 8,
  });
  new BackupUpstream(stack, 'fallback', { upstream: pool, service: spare });
  proxy.addRoute('/', pool);
  proxy.addRoute('/cache-me', pool, { cache: true });
  proxy.addRoute('/reports/', pool, {
    timeouts: { read: '300s' },
    headers: [{ name: 'Cache-Control', value: 'no-store' }],
  });
  proxy.addStatic('/static', web, { expires: '1h' });
  return stack;
}
