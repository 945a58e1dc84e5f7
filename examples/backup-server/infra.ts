// Seed 001: three Flask services on ports of their own behind nginx; nginx balances over two of them and
// falls back to the third, the backup, only while both are down.
import { App, BackupUpstream, FlaskService, NginxProxy, type NginxProxyProps, Stack } from 'dockyard';

/** The nginx the config is written for; the default is the pinned image's (tests also build 1.22). */
export type NginxTarget = Pick<NginxProxyProps, 'nginxVersion' | 'dns'>;

/** The stack, in a function so that a test can build it in an App of its own, for another nginx. */
export function backupServer(app: App, nginx: NginxTarget = {}): Stack {
  const stack = new Stack(app, 'backup-server');
  // One image for all three: only the port differs, and Dockyard writes it into gunicorn's command.
  const flask = {
    image: 'backup-server/flask:1',
    build: { context: '../flask-app' },
    restart: 'always',
  } as const;
  const primary = new FlaskService(stack, 'flaskservice', { ...flask, port: 8001 });
  const spare = new FlaskService(stack, 'gotyourback', { ...flask, port: 8002 });
  const redundant = new FlaskService(stack, 'redudantservice', { ...flask, port: 8003 });

  const proxy = new NginxProxy(stack, 'nginx', { publish: 80, restart: 'always', ...nginx });
  const pool = proxy.addUpstream('flaskappproxy', { servers: [primary, redundant] });
  new BackupUpstream(stack, 'Fallback', { upstream: pool, service: spare });
  proxy.addRoute('/', pool);
  return stack;
}

const app = new App();
backupServer(app);
app.synth();
