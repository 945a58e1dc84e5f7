// Seed 004: a Flask app in three Swarm replicas on an overlay network with a fixed subnet; the app writes its
// static files to a shared volume and nginx serves them from it without asking the app.
import { App, LoadBalancedStack, type NginxProxyProps } from 'dockyard';

/** The nginx the config is written for; the default is the pinned image's (tests also build 1.22). */
export type NginxTarget = Pick<NginxProxyProps, 'nginxVersion' | 'dns'>;

/** Where the app writes its static files (staticFiles tells the app through STATIC_DIR). */
const appDir = '/app/static';

/** The stack, in a function so that a test can build it in an App of its own, for another nginx. */
export function swarmStatic(app: App, nginx: NginxTarget = {}): LoadBalancedStack {
  return new LoadBalancedStack(app, 'web', {
    flask: {
      name: 'webapp',
      image: 'flask-gunicorn-app:1', // Swarm pulls images: push it where every node can reach it
      build: { context: '../flask-app' },
      port: 8000,
      replicas: 3,
    },
    staticFiles: { urlPath: '/static', appDir },
    network: { name: 'web_network', subnet: '192.168.100.0/24' },
    proxy: { publish: 8080, ...nginx },
  });
}

const app = new App();
swarmStatic(app);
app.synth();
