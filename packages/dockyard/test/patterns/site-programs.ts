import * as path from 'node:path';
import { makeTestCa } from '../../../../test/support/tls/certificates';
import { App, FlaskService, NginxProxy, type NginxProxyProps, Stack } from '../../src';
import { tempDir } from '../helpers/tmp';

/** Options of {@link sitesProgram}. */
export interface SitesProgramOptions {
  /** Props of the proxy besides the defaults below. */
  readonly proxy?: NginxProxyProps;
  /** The key file of shop's TLS, relative to the program's folder. @default 'shop.example.key' (the matching one) */
  readonly shopKey?: string;
}

/**
 * Two FlaskServices on two host names behind one proxy: `shop.example` over HTTPS (HSTS, HTTP/2, a rate-limited
 * `/api/`, a WebSocket `/ws/`, a connection limit) and `blog.example` over HTTP with a site-wide rate limit.
 * The certificates come from a test-only CA made in the program's temp folder.
 */
export function sitesProgram(options: SitesProgramOptions = {}) {
  const baseDir = tempDir('dockyard-sites-');
  const ca = makeTestCa(path.join(baseDir, 'certs'));
  const shopCert = ca.leaf('shop.example');
  const stack = new Stack(new App({ baseDir, outdir: path.join(baseDir, 'dist') }), 'sites');
  const shop = new FlaskService(stack, 'shop', { image: 'shop:1', port: 5000 });
  const blog = new FlaskService(stack, 'blog', { image: 'blog:1', port: 5001 });
  const proxy = new NginxProxy(stack, 'nginx', { nginxVersion: '1.22', dns: 'static', ...options.proxy });
  const api = proxy.addRateLimit('api', { rate: '5r/s' });
  const perClient = proxy.addConnectionLimit('perclient');
  const shopPool = proxy.addUpstream('shop', { servers: [shop] });
  const blogPool = proxy.addUpstream('blog', { servers: [blog] });
  const shopSite = proxy.addSite('shop', {
    serverName: ['shop.example'],
    tls: {
      certificate: path.relative(baseDir, shopCert.certificate),
      key: options.shopKey ?? path.relative(baseDir, shopCert.key),
    },
    hsts: { maxAge: 31536000 },
    connectionLimit: { zone: perClient, max: 50 },
  });
  shopSite.addRoute('/', shopPool);
  shopSite.addRoute('/api/', shopPool, { rateLimit: { zone: api, burst: 4 } });
  shopSite.addRoute('/ws/', shopPool, { websocket: true });
  const blogSite = proxy.addSite('blog', {
    serverName: ['blog.example'],
    rateLimit: { zone: api, burst: 2 },
  });
  blogSite.addRoute('/', blogPool);
  return { baseDir, ca, stack, proxy, shopSite, blogSite, api };
}

/** One site with certificates from ACME (certbot service, HTTP-01 webroot), for nginx 1.22 unless told. */
export function acmeProgram(proxyProps: NginxProxyProps = {}) {
  const stack = new Stack(new App({ outdir: tempDir() }), 'acme');
  const shop = new FlaskService(stack, 'shop', { image: 'shop:1', port: 5000 });
  const proxy = new NginxProxy(stack, 'nginx', { nginxVersion: '1.22', dns: 'static', ...proxyProps });
  proxy.useAcme({ email: 'ops@shop.example' });
  const site = proxy.addSite('shop', { serverName: ['shop.example', 'www.shop.example'], tls: 'acme' });
  site.addRoute('/', proxy.addUpstream('shop', { servers: [shop] }));
  return { stack, proxy, site };
}
