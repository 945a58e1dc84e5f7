// infra.ts — one program, three kinds of artifact
import { App, BackupUpstream, FlaskService, LoadBalancedStack, NginxProxy, Stack } from 'dockyard';

const app = new App(); // outdir: dist/

// The whole seed setup in one construct: replicas of a Flask app behind nginx.
new LoadBalancedStack(app, 'shop', {
  flask: { image: 'shop:1.4', wsgi: 'app:app', port: 5000, replicas: 3, workers: 2 },
  proxy: { publish: 8080, clientMaxBodySize: '20m' },
  backup: { image: 'shop:1.4' },
  staticFiles: { urlPath: '/static', appDir: '/app/static' },
  cache: { paths: ['/cache-me'], ttl: '10m' },
});

// The same kind of thing from its parts (seed 001's legacy layout).
const legacy = new Stack(app, 'legacy');
const build = { context: '../flask-app' }; // the seeds' Flask app and its Dockerfile
const primary = new FlaskService(legacy, 'flaskservice', { build, image: 'legacy/flask:1', port: 8001 });
const redundant = new FlaskService(legacy, 'redudantservice', { build, image: 'legacy/flask:1', port: 8003 });
const spare = new FlaskService(legacy, 'gotyourback', { build, image: 'legacy/flask:1', port: 8002 });
const proxy = new NginxProxy(legacy, 'nginx', { publish: 80 });
const pool = proxy.addUpstream('flaskappproxy', { servers: [primary, redundant] });
new BackupUpstream(legacy, 'fallback', { upstream: pool, service: spare });
proxy.addRoute('/', pool);

app.synth();
