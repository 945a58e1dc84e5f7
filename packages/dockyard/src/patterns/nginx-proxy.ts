import { Construct } from 'constructs';
import { Config } from '../constructs/compose/config';
import type { Service } from '../constructs/compose/service';
import type { Volume } from '../constructs/compose/volume';
import { CacheZone } from '../constructs/nginx/cache-zone';
import { Location } from '../constructs/nginx/location';
import { NginxConfig } from '../constructs/nginx/nginx-config';
import { Server } from '../constructs/nginx/server';
import { type DnsResolution, Upstream, type UpstreamServerSpec } from '../constructs/nginx/upstream';
import { addCheck, addProblems } from '../core/checks';
import { error, type Problem, warning } from '../core/problems';
import { parseProps } from '../core/props';
import { Stack } from '../core/stack';
import { decideDns } from './dns-strategy';
import { FlaskService } from './flask-service';
import { forwardedHeaders, securityHeaders } from './nginx/headers';
import { NGINX_IMAGE_VERSION, nginxVersionOfImage } from './nginx/image';
import { propsProblems, versionProblems } from './nginx/proxy-checks';
import {
  type NginxProxyProps,
  NginxProxyPropsSchema,
  type ParsedNginxProxyProps,
  type ProxyRouteOptions,
  ProxyRouteOptionsSchema,
  type ProxyStaticOptions,
  ProxyStaticOptionsSchema,
  type ProxyUpstreamOptions,
  ProxyUpstreamOptionsSchema,
  urlPathSchema,
} from './nginx/proxy-props';
import { ProxyService } from './nginx/proxy-service';

const PROXY = Symbol.for('dockyard.NginxProxy');

/** Where the proxy mounts a FlaskService's static-files volume: `/srv/static/<service name>`. */
export const STATIC_MOUNT_ROOT = '/srv/static';
/** Where the official image keeps `50x.html`. */
const HTML_ROOT = '/usr/share/nginx/html';
const HEALTH_PATH = '/healthz';

/**
 * nginx in front of FlaskServices: an L1 Service running the official nginx image (pinned), its NginxConfig
 * mounted as a config at /etc/nginx/nginx.conf, and the only published host port of the stack. Upstreams,
 * routes, static files and caching are added with methods; forwarded headers, security headers, failover,
 * timeouts, gzip and a 50x page are on by default, and names are kept fresh in DNS (seed 002).
 *
 * @example
 * const proxy = new NginxProxy(stack, 'nginx', { publish: 80 });
 * const pool = proxy.addUpstream('flaskappproxy', { servers: [primary, redundant] });
 * proxy.addRoute('/', pool);
 */
export class NginxProxy extends Construct {
  static isNginxProxy(x: unknown): x is NginxProxy {
    return typeof x === 'object' && x !== null && PROXY in x;
  }

  /** The L1 service running nginx (escape hatch). */
  readonly service: Service;
  /** The L1 nginx.conf (escape hatch: add upstreams, servers, cache zones of your own). */
  readonly config: NginxConfig;
  /** The server block that holds the routes. */
  readonly server: Server;
  /** The compose/swarm config carrying nginx.conf into the container. */
  readonly configFile: Config;
  /** The service's name in compose.yaml and stack.yaml. */
  readonly serviceName: string;
  /** The nginx version the config is written for. */
  readonly nginxVersion: string;
  /** How upstream names are resolved (see docs/nginx-dns.md). */
  readonly dns: DnsResolution;
  readonly listenPort: number;
  private readonly props: ParsedNginxProxyProps;
  private readonly staticMounts = new Map<Volume, { readonly volume: Volume; readonly target: string }>();
  private cacheZone: CacheZone | undefined;
  private routeCount = 0;

  constructor(scope: Construct, id: string, props: NginxProxyProps = {}) {
    super(scope, id);
    Object.defineProperty(this, PROXY, { value: true });
    const parsed = parseProps(this, NginxProxyPropsSchema, props);
    this.props = parsed;
    this.serviceName = id;
    this.listenPort = parsed.listenPort;
    const imageVersion = nginxVersionOfImage(parsed.image);
    this.nginxVersion = parsed.nginxVersion ?? imageVersion ?? NGINX_IMAGE_VERSION;
    const decision = decideDns(this.nginxVersion, parsed.dns);
    this.dns = decision.strategy;
    addProblems(this, [...decision.problems, ...versionProblems(parsed, imageVersion)]);

    this.config = new NginxConfig(this, 'Config', {
      fileName: parsed.fileName,
      nginxVersion: this.nginxVersion,
      serverTokens: parsed.serverTokens,
      gzip: parsed.gzip ? {} : false,
      ...(this.dns === 'static'
        ? {}
        : { resolver: { addresses: [parsed.resolver.address], valid: parsed.resolver.valid } }),
    });
    this.server = new Server(this.config, 'Default', {
      listen: [{ port: parsed.listenPort, defaultServer: true }],
      serverName: parsed.serverName,
      clientMaxBodySize: parsed.clientMaxBodySize,
      proxy: {
        connectTimeout: parsed.timeouts.connect,
        sendTimeout: parsed.timeouts.send,
        readTimeout: parsed.timeouts.read,
        nextUpstream: parsed.failover.on,
        nextUpstreamTries: parsed.failover.tries,
        nextUpstreamTimeout: parsed.failover.timeout,
      },
      headers: securityHeaders(parsed),
      proxyHeaders: forwardedHeaders(parsed.trustForwardedFor),
      errorPages: parsed.errorPage ? [{ codes: [500, 502, 503, 504], uri: '/50x.html' }] : [],
    });
    if (parsed.errorPage) {
      new Location(this.server, 'ErrorPage', {
        path: '/50x.html',
        modifier: '=',
        root: HTML_ROOT,
        internal: true,
      });
    }
    if (parsed.healthcheck !== false) {
      // A server of its own on loopback: never reachable from outside, never shadows a route.
      const health = new Server(this.config, 'Health', {
        listen: [{ port: parsed.healthcheck.port, address: '127.0.0.1' }],
        directives: [{ name: 'access_log', args: ['off'] }],
      });
      new Location(health, 'Status', {
        path: HEALTH_PATH,
        modifier: '=',
        return: { code: 200, text: 'ok\n' },
      });
    }

    this.configFile = new Config(this, 'ConfigFile', { artifact: parsed.fileName, key: `${id}_conf` });
    this.service = new ProxyService(
      this,
      'Default',
      {
        name: id,
        image: parsed.image,
        ...(parsed.publish === false
          ? {}
          : { ports: [{ target: parsed.listenPort, published: parsed.publish }] }),
        configs: [{ config: this.configFile, target: '/etc/nginx/nginx.conf' }],
        ...(parsed.healthcheck === false
          ? {}
          : {
              healthcheck: {
                test: [
                  'wget',
                  '-q',
                  '-T',
                  '2',
                  '-O',
                  '/dev/null',
                  `http://127.0.0.1:${parsed.healthcheck.port}${HEALTH_PATH}`,
                ],
                interval: parsed.healthcheck.interval,
                timeout: parsed.healthcheck.timeout,
                retries: parsed.healthcheck.retries,
                start_period: parsed.healthcheck.startPeriod,
              },
            }),
        restart: parsed.restart,
        ...(parsed.networks ? { networks: parsed.networks } : {}),
      },
      () => ({
        staticMounts: [...this.staticMounts.values()],
        backends: this.backends(),
        startAfterBackends: this.dns === 'static',
      }),
    );
    for (const route of parsed.staticFiles) {
      this.addStatic(route.urlPath, route.service, route.expires ? { expires: route.expires } : {});
    }
    addCheck(this, () => this.problems());
  }

  /** The upstreams of this proxy, in creation order. */
  get upstreams(): Upstream[] {
    return this.config.upstreams;
  }

  /**
   * An upstream of FlaskServices: each becomes `server <serviceName>:<port>` (with `resolve` when the DNS
   * strategy is `resolve`). Returns the L1 Upstream, for routes and BackupUpstream.
   *
   * @example
   * const pool = proxy.addUpstream('app', { servers: [web, { service: canary, weight: 1 }], method: 'least_conn' });
   */
  addUpstream(name: string, options: ProxyUpstreamOptions): Upstream {
    const property = `addUpstream(${JSON.stringify(name)})`;
    const parsed = parseProps(this, ProxyUpstreamOptionsSchema, options, property);
    const servers: UpstreamServerSpec[] = [];
    const problems: Problem[] = [];
    (Array.isArray(parsed.servers) ? parsed.servers : []).forEach((entry, i) => {
      const { service, ...params } = FlaskService.isFlaskService(entry) ? { service: entry } : entry;
      if (!FlaskService.isFlaskService(service)) return;
      const foreign = this.foreignStackProblem(service, `servers[${i}]`);
      if (foreign) problems.push(foreign);
      servers.push({
        host: service.serviceName,
        port: service.port,
        ...params,
        // A service of another stack is reported above; the server line still renders nothing wrong.
        ...(foreign ? {} : { service: service.service }),
      });
    });
    const id = this.config.node.tryFindChild(name) ? `${name}#${this.config.node.children.length}` : name;
    const upstream = new Upstream(this.config, id, {
      name,
      servers,
      method: parsed.method,
      ...(parsed.hashKey !== undefined ? { hashKey: parsed.hashKey } : {}),
      consistent: parsed.consistent,
      two: parsed.two,
      ...(parsed.keepalive !== undefined ? { keepalive: parsed.keepalive } : {}),
      dns: this.dns,
      handOff: this.props.failover.handOff,
    });
    // Reported on the upstream, not the proxy: the proxy's own errors would hide its routes' problems.
    addProblems(upstream, problems);
    return upstream;
  }

  /**
   * Proxies requests under `path` to `upstream`, with the forwarded headers, failover and timeouts of the
   * proxy; `cache` caches its responses in nginx.
   *
   * @example
   * proxy.addRoute('/', pool);
   * proxy.addRoute('/cache-me', pool, { cache: { ttl: '10m' } });
   */
  addRoute(path: string, upstream: Upstream, options: ProxyRouteOptions = {}): Location {
    const parsed = parseProps(this, ProxyRouteOptionsSchema, options, `addRoute(${JSON.stringify(path)})`);
    const cache =
      parsed.cache === false
        ? undefined
        : {
            zone: this.cacheZoneForRoutes(),
            valid: [
              {
                statuses: (parsed.cache === true ? undefined : parsed.cache.statuses) ?? [200],
                ttl: (parsed.cache === true ? undefined : parsed.cache.ttl) ?? this.props.cache.ttl,
              },
            ],
          };
    const timeouts = parsed.timeouts;
    return new Location(this.server, this.nextRouteId(), {
      path,
      ...(parsed.modifier ? { modifier: parsed.modifier } : {}),
      headers: parsed.headers,
      proxy: {
        upstream,
        ...(timeouts
          ? {
              tuning: {
                ...(timeouts.connect ? { connectTimeout: timeouts.connect } : {}),
                ...(timeouts.read ? { readTimeout: timeouts.read } : {}),
                ...(timeouts.send ? { sendTimeout: timeouts.send } : {}),
              },
            }
          : {}),
        ...(cache ? { cache } : {}),
      },
    });
  }

  /**
   * Serves the files a FlaskService writes to its `staticFiles` volume under `urlPath` (seed 004's `alias`):
   * the proxy mounts the volume read-only at `/srv/static/<service>` and answers `^~ <urlPath>/` from it, so
   * neither a regex route nor the app sees those requests.
   *
   * @example proxy.addStatic('/static', web);
   */
  addStatic(urlPath: string, service: FlaskService, options: ProxyStaticOptions = {}): Location {
    const property = `addStatic(${JSON.stringify(urlPath)})`;
    const parsed = parseProps(this, ProxyStaticOptionsSchema, options, property);
    parseProps(this, urlPathSchema, urlPath, `${property}.urlPath`);
    const target = `${STATIC_MOUNT_ROOT}/${service.serviceName}`;
    const problems: Problem[] = [];
    const foreign = this.foreignStackProblem(service, 'service');
    if (foreign) problems.push(foreign);
    else if (!service.staticFiles) {
      problems.push(
        error('service', `expected a FlaskService with staticFiles, got ${service.node.path} without`),
      );
    } else if (!this.staticMounts.has(service.staticFiles.volume)) {
      this.staticMounts.set(service.staticFiles.volume, { volume: service.staticFiles.volume, target });
    }
    const prefix = urlPath.endsWith('/') ? urlPath : `${urlPath}/`;
    const location = new Location(this.server, this.nextRouteId(), {
      path: prefix,
      modifier: '^~',
      alias: `${target}/`,
      ...(parsed.expires ? { expires: parsed.expires } : {}),
    });
    addProblems(location, problems);
    return location;
  }

  /** The services behind this proxy's upstreams, each once, in order of first use. */
  private backends(): Service[] {
    const seen = new Set<Service>();
    for (const upstream of this.config.upstreams) {
      for (const server of upstream.servers) if (server.service) seen.add(server.service);
    }
    return [...seen];
  }

  private cacheZoneForRoutes(): CacheZone {
    this.cacheZone ??= new CacheZone(this.config, 'Cache', {
      name: 'dockyard',
      maxSize: this.props.cache.maxSize,
      inactive: this.props.cache.inactive,
      keysZoneSize: this.props.cache.keysZoneSize,
    });
    return this.cacheZone;
  }

  private nextRouteId(): string {
    this.routeCount += 1;
    return `Route${this.routeCount}`;
  }

  private foreignStackProblem(service: FlaskService, property: string): Problem | undefined {
    const home = Stack.maybeOf(this);
    const theirs = Stack.maybeOf(service);
    if (theirs === home) return undefined;
    return error(
      property,
      `expected a FlaskService of stack "${home?.node.path ?? '(none)'}", got ${service.node.path} from stack "${theirs?.node.path ?? '(none)'}" (a stack is deployed alone: nginx could not reach it)`,
    );
  }

  /** Cross-construct rules, run once at synth when every route and backup exists. */
  private problems(): Problem[] {
    const problems = propsProblems(this.props);
    if (this.dns === 'static') {
      for (const backend of this.backends()) {
        if (backend.spec.deploy?.endpoint_mode === 'dnsrr') {
          problems.push(
            warning(
              'dns',
              `"static" with ${backend.node.path} in endpoint_mode dnsrr: nginx keeps the task addresses it saw at start, and Swarm moves tasks; use dns "resolve" (or "variable")`,
            ),
          );
        }
      }
    }
    return problems;
  }
}
