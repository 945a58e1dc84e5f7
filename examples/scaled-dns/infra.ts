// Seed 002: a Compose service scaled after nginx started (`docker compose up -d --scale flaskapp=2`). nginx
// re-resolves the service name, so the containers that start later get their share of the requests.
import { App, LoadBalancedStack, type NginxProxyProps } from 'dockyard';

/** The nginx the config is written for; the default is the pinned image's (see README for 1.22). */
export type NginxTarget = Pick<NginxProxyProps, 'nginxVersion' | 'dns'>;

/** The stack, in a function so that a test can build it in an App of its own, for another nginx. */
export function scaledDns(app: App, nginx: NginxTarget = {}): LoadBalancedStack {
  return new LoadBalancedStack(app, 'scaled-dns', {
    flask: {
      name: 'flaskapp',
      image: 'scaled-dns/flaskapp:1',
      build: { context: '../flask-app' },
      port: 5090,
    },
    // No `dns`: nginx 1.28 re-resolves `server flaskapp:5090 resolve;` through Docker's DNS every 10 s.
    proxy: { publish: 8080, ...nginx },
  });
}

const app = new App();
scaledDns(app);
app.synth();
