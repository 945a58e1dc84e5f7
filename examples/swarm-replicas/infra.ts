// Seed 000: three replicas of a Flask app behind nginx in a Docker Swarm stack, each replica with its own
// hostname, SLOT variable and log volume; gunicorn reads a config file baked into the image.
import { App, LoadBalancedStack, type NginxProxyProps } from 'dockyard';

/** The nginx the config is written for; the default is the pinned image's (tests also build 1.22). */
export type NginxTarget = Pick<NginxProxyProps, 'nginxVersion' | 'dns'>;

/** The stack, in a function so that a test can build it in an App of its own, for another nginx. */
export function swarmReplicas(app: App, nginx: NginxTarget = {}): LoadBalancedStack {
  return new LoadBalancedStack(app, 'loadbalancer', {
    flask: {
      name: 'backend',
      image: 'flask:production', // Swarm pulls images: push it where every node can reach it
      build: { context: '..', dockerfile: 'swarm-replicas/Dockerfile' },
      port: 5000,
      replicas: 3,
      workers: 1,
      gunicornConfig: 'gunicorn.conf.py',
      environment: { ENVIRONMENT: 'production' },
    },
    perReplicaIdentity: { logDir: '/app/logs' },
    proxy: { publish: 8080, clientMaxBodySize: '20m', ...nginx },
    network: { name: 'replicas' },
  });
}

const app = new App();
swarmReplicas(app);
app.synth();
