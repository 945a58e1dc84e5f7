import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, FlaskService, NginxProxy, Stack } from 'dockyard';
import { Testing } from 'dockyard/testing';
import { STATIC_MOUNT_ROOT } from '../../packages/dockyard/src/patterns/nginx-proxy/nginx-proxy';
import { discoverNeeds } from '../../test/support/nginx/config-needs';
import { REPO_ROOT } from '../lib/paths';

/** One nginx config under load, and the backends it expects. */
export interface ProxyUnderTest {
  readonly name: string;
  readonly label: string;
  /** The whole nginx.conf, as nginx reads it. */
  readonly config: string;
  /** The Flask service's DNS name and port the config proxies to. */
  readonly service: string;
  readonly port: number;
  /** Where this nginx reads the static-files volume the app writes, if it serves static files itself. */
  readonly nginxStaticDir?: string;
  readonly isDockyard: boolean;
}

/** The paths loaded: the app itself, a static file the app writes at start, and seed 003's cacheable reply. */
export const PATHS = ['/', '/static/hello.txt', '/cache-me'] as const;

/** Debian's nginx logs here when a config names no access_log (the seeds' configs name none). */
const DEFAULT_ACCESS_LOG = '/var/log/nginx/access.log';

/** Where the Flask replicas write their static files (seed 004's `/app/static`). */
export const APP_STATIC_DIR = '/app/static';

/**
 * Dockyard's proxy for the seeds' scenario: 3 replicas behind nginx, static files served by nginx from the
 * app's volume and `/cache-me` cached, for nginx 1.22 (the version installed here) with the given DNS strategy.
 */
export function dockyardProxy(dns: 'variable' | 'static'): ProxyUnderTest {
  const app = new App();
  const stack = new Stack(app, 'shop');
  const web = new FlaskService(stack, 'backend', {
    image: 'shop:1',
    port: 5000,
    replicas: 3,
    workers: 1,
    staticFiles: { appDir: APP_STATIC_DIR },
  });
  const proxy = new NginxProxy(stack, 'nginx', { publish: 8080, nginxVersion: '1.22', dns });
  const pool = proxy.addUpstream('backend', { servers: [web] });
  proxy.addRoute('/', pool);
  proxy.addRoute('/cache-me', pool, { cache: true });
  proxy.addStatic('/static', web);
  const text = Testing.synth(stack).files['nginx.conf']?.text;
  if (text === undefined) throw new Error('Dockyard wrote no nginx.conf');
  // Both sides must pay for the same log line: the seeds' configs name no access_log, so Debian's nginx writes
  // /var/log/nginx/access.log; Dockyard's stdout would instead be a pipe the harness reads into memory.
  const config = text.replace(/^(\s*access_log) \/dev\/stdout;$/m, `$1 ${DEFAULT_ACCESS_LOG};`);
  if (config === text)
    throw new Error('expected Dockyard to log to /dev/stdout; the bench rewrites that line');
  return checked({
    name: `dockyard-${dns}`,
    label: `Dockyard (nginx 1.22, dns: ${dns})`,
    config,
    service: web.serviceName,
    port: web.port,
    nginxStaticDir: `${STATIC_MOUNT_ROOT}/${web.serviceName}`,
    isDockyard: true,
  });
}

/**
 * The seeds' hand-written configs that nginx can run, wrapped in the least a whole nginx.conf needs (as the
 * conformance tests wrap them). Left out: seed 001's upstream-only variants (no server), seed 002's fragments
 * (invalid as printed: "...." and a missing ";") and seed 003 (its tutorial shows no nginx config).
 */
export function seedProxies(): ProxyUnderTest[] {
  const seed = (file: string, service: string, port: number, nginxStaticDir?: string): ProxyUnderTest =>
    checked({
      name: file.replace(/\.conf$/, ''),
      label: `${file} (hand-written)`,
      config: `events {}\nhttp {\n${fs.readFileSync(path.join(SEED_DIR, file), 'utf8')}}\n`,
      service,
      port,
      ...(nginxStaticDir ? { nginxStaticDir } : {}),
      isDockyard: false,
    });
  return [
    seed('seed-000-loadbalancer.conf', 'backend', 5000),
    seed('seed-001-nginx.conf', 'flaskservice', 8001),
    seed('seed-004-app.conf', 'webapp', 8000, '/var/www-data'),
  ];
}

const SEED_DIR = path.join(REPO_ROOT, 'packages', 'dockyard', 'test', 'fixtures', 'nginx');

/** The service and static dir given must be the ones the config names, or the bench would load nothing. */
function checked(proxy: ProxyUnderTest): ProxyUnderTest {
  const needs = discoverNeeds(proxy.config);
  const names = [...needs.hosts, ...variableHosts(proxy.config)];
  if (!names.includes(proxy.service)) {
    throw new Error(`${proxy.name} proxies to ${names.join(', ') || 'nothing'}, not ${proxy.service}`);
  }
  if (
    proxy.nginxStaticDir !== undefined &&
    !needs.contentDirs.some((dir) => dir.startsWith(proxy.nginxStaticDir!))
  ) {
    throw new Error(
      `${proxy.name} serves no files from ${proxy.nginxStaticDir}: ${needs.contentDirs.join(', ')}`,
    );
  }
  return proxy;
}

/** Host names set into variables for `proxy_pass http://$var:port` (dns: variable). */
function variableHosts(config: string): string[] {
  return [...config.matchAll(/^\s*set \$\S+ "?([A-Za-z0-9_.-]+)"?;/gm)].map((m) => m[1]!);
}
