// Seed 003: nginx -> gunicorn (WSGI) -> Flask, with `/`, `/info` and `/cache-me` (cached by nginx), health
// checks on both services, and the app scaled to three containers behind the one published port.
import { App, LoadBalancedStack, type NginxProxyProps } from 'dockyard';

/** The nginx the config is written for; the default is the pinned image's (tests also build 1.22). */
export type NginxTarget = Pick<NginxProxyProps, 'nginxVersion' | 'dns'>;

/** The stack, in a function so that a test can build it in an App of its own, for another nginx. */
export function nginxWsgiFlask(app: App, nginx: NginxTarget = {}): LoadBalancedStack {
  return new LoadBalancedStack(app, 'nginx-wsgi-flask', {
    flask: {
      name: 'flask-app',
      image: 'nginx-wsgi-flask/flask-app:1',
      build: { context: '../flask-app' },
      port: 8000,
      workers: 3,
      timeout: 60,
      replicas: 3,
      healthcheck: { path: '/healthz' },
    },
    // nginx waits longer than gunicorn's 60 s, so gunicorn ends a slow request (and logs it), not nginx.
    proxy: { publish: 80, timeouts: { read: '75s' }, ...nginx },
    cache: { paths: ['/cache-me'], ttl: '1m' },
  });
}

const app = new App();
nginxWsgiFlask(app);
app.synth();
