// Two Flask apps on two host names behind one nginx: shop.example over HTTPS (certificate files given to nginx
// as secrets, HSTS, HTTP/2, a rate-limited API and a WebSocket route) and blog.example over HTTP. Any other host
// name gets 421 from the default server, never one of the apps.
import { App, FlaskService, NginxProxy, type NginxProxyProps, Stack } from 'dockyard';

/** The nginx the config is written for; the default is the pinned image's (tests also build 1.22). */
export type NginxTarget = Pick<NginxProxyProps, 'nginxVersion' | 'dns'>;

/** The stack, in a function so that a test can build it in an App of its own, for another nginx. */
export function twoSites(app: App, nginx: NginxTarget = {}): Stack {
  const stack = new Stack(app, 'two-sites');
  const build = { context: '../flask-app' };
  const shop = new FlaskService(stack, 'shop', { image: 'two-sites/shop:1', build, port: 5000, replicas: 2 });
  const blog = new FlaskService(stack, 'blog', { image: 'two-sites/blog:1', build, port: 5001 });

  const proxy = new NginxProxy(stack, 'nginx', nginx);
  // Zones are declared once in nginx.conf, however many sites and routes use them.
  const api = proxy.addRateLimit('api', { rate: '10r/s' });
  const perClient = proxy.addConnectionLimit('perclient');
  const shopPool = proxy.addUpstream('shop', { servers: [shop] });
  const blogPool = proxy.addUpstream('blog', { servers: [blog] });

  const shopSite = proxy.addSite('shop', {
    serverName: ['shop.example'],
    // TEST-ONLY files (see certs/README.md); use your own certificate and key.
    tls: { certificate: 'certs/shop.example.crt', key: 'certs/shop.example.key' },
    hsts: { maxAge: 31536000 },
    connectionLimit: { zone: perClient, max: 100 },
  });
  shopSite.addRoute('/', shopPool);
  shopSite.addRoute('/api/', shopPool, { rateLimit: { zone: api, burst: 20 } });
  shopSite.addRoute('/socket.io/', shopPool, { websocket: true });

  const blogSite = proxy.addSite('blog', {
    serverName: ['blog.example'],
    rateLimit: { zone: api, burst: 50 },
  });
  blogSite.addRoute('/', blogPool);
  return stack;
}

const app = new App();
twoSites(app);
app.synth();
