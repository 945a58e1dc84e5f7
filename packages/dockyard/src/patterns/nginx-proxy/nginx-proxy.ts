import { Construct } from 'constructs';
import { Config } from '../../constructs/compose/config';
import { type Service, ServicePropsSchema } from '../../constructs/compose/service';
import { Volume } from '../../constructs/compose/volume';
import { CacheZone } from '../../constructs/nginx/cache-zone';
import { LimitZone } from '../../constructs/nginx/limits';
import { Location, LocationPropsSchema, locationSpec } from '../../constructs/nginx/location';
import { NginxMap } from '../../constructs/nginx/map';
import { NginxConfig } from '../../constructs/nginx/nginx-config';
import { Server, ServerPropsSchema, serverSpec } from '../../constructs/nginx/server';
import {
  type DnsResolution,
  Upstream,
  UpstreamPropsSchema,
  upstreamServerSpec,
} from '../../constructs/nginx/upstream';
import { absolutePath, type NginxValue, nginxVar } from '../../constructs/nginx/values';
import { crossStackProblem } from '../../constructs/references';
import { addCheck, addProblems } from '../../core/checks';
import { error, type Problem, warning } from '../../core/problems';
import { checkProps, parsedIf, parseProps } from '../../core/props';
import { nginxHost, nginxName, shown } from '../../model/values';
import { FlaskService } from '../flask-service/flask-service';
import { decideDns } from './dns-strategy';
import { ERROR_PAGE_CODES, ERROR_PAGE_URI, errorPageLocation } from './error-page';
import { forwardedHeaders, securityHeaders } from './headers';
import { NGINX_IMAGE_VERSION, nginxVersionOfImage } from './image';
import { propsProblems, versionProblems } from './proxy-checks';
import {
  type NginxProxyProps,
  NginxProxyPropsSchema,
  type ParsedNginxProxyProps,
  type ProxyStaticOptions,
  ProxyStaticOptionsSchema,
  type ProxyUpstreamOptions,
  ProxyUpstreamOptionsSchema,
  urlPathSchema,
} from './proxy-props';
import { CertbotService, ProxyService } from './proxy-service';
import { type RouteOptions, RouteOptionsSchema } from './route-options';
import { addProxyRoute, type RouteContext } from './routes';
import { ProxySite, type ProxySiteProps } from './sites/site';
import { siteProblems, TRUSTED_CLIENT_MAP } from './sites/sites-checks';
import {
  ACME_CERTS,
  ACME_WEBROOT,
  type AcmeOptions,
  AcmeOptionsSchema,
  type AcmeSite,
  certbotScript,
  nginxAcmeScript,
  type ParsedAcmeOptions,
} from './tls/acme';

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
 * timeouts, gzip and a 50x page are on by default, and names are kept fresh in DNS (so replicas that start
 * later or move keep getting requests).
 *
 * @example
 * const proxy = new NginxProxy(stack, 'nginx', { publish: 80 });
 * const pool = proxy.addUpstream('flaskappproxy', { servers: [primary, redundant] });
 * proxy.addRoute('/', pool);
 */
export class NginxProxy extends Construct {
  /** True for an NginxProxy, from any copy of the library (a brand, not `instanceof`). */
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
  /** The port nginx listens on inside its container (the target of `publish`). */
  readonly listenPort: number;
  private readonly props: ParsedNginxProxyProps;
  /** Whether the props were valid: then the L1 constructs built from them take their props as already parsed. */
  private readonly valid: boolean;
  private readonly staticMounts = new Map<Volume, { readonly volume: Volume; readonly target: string }>();
  private cacheZone: CacheZone | undefined;
  private upgradeMap: NginxMap | undefined;
  private clientMap: NginxMap | undefined;
  private defaultTls: Server | undefined;
  private readonly sites: ProxySite[] = [];
  private acme: { readonly options: ParsedAcmeOptions; readonly certbot: CertbotService } | undefined;
  private readonly limitZones: LimitZone[] = [];
  private routeCount = 0;
  private readonly routeContext: RouteContext;

  constructor(scope: Construct, id: string, props: NginxProxyProps = {}) {
    super(scope, id);
    Object.defineProperty(this, PROXY, { value: true });
    const { props: parsed, valid } = checkProps(this, NginxProxyPropsSchema, props);
    this.props = parsed;
    this.valid = valid;
    this.routeContext = {
      cacheZone: () => this.cacheZoneForRoutes(),
      cacheTtl: () => this.props.cache.ttl,
      websocketMap: () => this.websocketMap(),
      valid,
    };
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
    // Built from valid props, the servers, locations and the service below are as their schemas would parse
    // them (every default filled, keys in the schemas' order; the handover test parses each again), so they
    // are handed over without a second parse. From invalid props they are parsed and reported on as before.
    this.server = new Server(
      this.config,
      'Default',
      parsedIf(
        valid,
        ServerPropsSchema,
        serverSpec({
          listen: [{ port: parsed.listenPort, defaultServer: true }],
          serverName: parsed.serverName,
          clientMaxBodySize: parsed.clientMaxBodySize,
          errorPages: parsed.errorPage ? [{ codes: [...ERROR_PAGE_CODES], uri: ERROR_PAGE_URI }] : [],
          headers: securityHeaders(parsed),
          proxyHeaders: forwardedHeaders(parsed.trustForwardedFor),
          proxy: {
            connectTimeout: parsed.timeouts.connect,
            readTimeout: parsed.timeouts.read,
            sendTimeout: parsed.timeouts.send,
            nextUpstream: parsed.failover.on,
            nextUpstreamTries: parsed.failover.tries,
            nextUpstreamTimeout: parsed.failover.timeout,
          },
        }),
      ),
    );
    if (parsed.errorPage) {
      new Location(
        this.server,
        'ErrorPage',
        parsedIf(valid, LocationPropsSchema, errorPageLocation(HTML_ROOT)),
      );
    }
    if (parsed.healthcheck !== false) {
      // A server of its own on loopback: never reachable from outside, never shadows a route.
      const health = new Server(
        this.config,
        'Health',
        parsedIf(
          valid,
          ServerPropsSchema,
          serverSpec({
            listen: [{ port: parsed.healthcheck.port, address: '127.0.0.1' }],
            directives: [{ name: 'access_log', args: ['off'] }],
          }),
        ),
      );
      new Location(
        health,
        'Status',
        parsedIf(
          valid,
          LocationPropsSchema,
          locationSpec({ path: HEALTH_PATH, modifier: '=', return: { code: 200, text: 'ok\n' } }),
        ),
      );
    }

    this.configFile = new Config(this, 'ConfigFile', { artifact: parsed.fileName, key: `${id}_conf` });
    this.service = new ProxyService(
      this,
      'Default',
      parsedIf(valid, ServicePropsSchema, {
        // Keys in the Service schema's order.
        name: id,
        image: parsed.image,
        ...(parsed.publish === false
          ? {}
          : { ports: [{ target: parsed.listenPort, published: parsed.publish }] }),
        ...(parsed.networks ? { networks: [...parsed.networks] } : {}),
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
                startPeriod: parsed.healthcheck.startPeriod,
              },
            }),
        restart: parsed.restart,
        configs: [{ config: this.configFile, target: '/etc/nginx/nginx.conf' }],
      }),
      () => ({
        staticMounts: [...this.staticMounts.values()],
        secrets: this.sites.flatMap((site) => site.secrets),
        ...(this.acme && this.acmeSites().length > 0
          ? { entrypoint: ['/bin/sh', '-c', nginxAcmeScript(this.acme.options, this.acmeSites())] }
          : {}),
        ports:
          parsed.publishTls !== false && this.sites.some((site) => site.hasTls)
            ? [{ target: parsed.tlsListenPort, published: parsed.publishTls }]
            : [],
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
    const { props: parsed, valid } = checkProps(this, ProxyUpstreamOptionsSchema, options, property);
    // The name is the user's argument: reported here, and the Upstream builds with a valid stand-in so it does
    // not report the same mistake again (synthesis never renders a program with errors).
    const nameOk = nginxName.test(name);
    if (!nameOk)
      addProblems(this, [error(`${property}.name`, `expected ${nginxName.expected}, got ${shown(name)}`)]);
    const upstreamName = nameOk ? name : `_${name.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
    const servers: ReturnType<typeof upstreamServerSpec>[] = [];
    const problems: Problem[] = [];
    (Array.isArray(parsed.servers) ? parsed.servers : []).forEach((entry, i) => {
      const { service, ...params } = FlaskService.isFlaskService(entry) ? { service: entry } : entry;
      if (!FlaskService.isFlaskService(service)) return;
      const foreign = this.foreignStackProblem(service, `servers[${i}]`);
      if (foreign) problems.push(foreign);
      servers.push(
        upstreamServerSpec({
          host: service.serviceName,
          port: service.port,
          ...params,
          // A service of another stack is reported above; the server line still renders nothing wrong.
          ...(foreign ? {} : { service: service.service }),
        }),
      );
    });
    // A FlaskService's name is its id, which no props schema checks: a host nginx cannot use stays the
    // Upstream's to report.
    const handOver = valid && this.valid && nameOk && servers.every((server) => nginxHost.test(server.host));
    const id = this.config.node.tryFindChild(name) ? `${name}#${this.config.node.children.length}` : name;
    // Keys in the Upstream schema's order.
    const upstream = new Upstream(
      this.config,
      id,
      parsedIf(handOver, UpstreamPropsSchema, {
        name: upstreamName,
        servers,
        method: parsed.method,
        ...(parsed.hashKey !== undefined ? { hashKey: parsed.hashKey } : {}),
        consistent: parsed.consistent,
        two: parsed.two,
        ...(parsed.keepalive !== undefined ? { keepalive: parsed.keepalive } : {}),
        dns: this.dns,
        handOff: this.props.failover.handOff,
      }),
    );
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
  addRoute(path: string, upstream: Upstream, options: RouteOptions = {}): Location {
    const property = `addRoute(${JSON.stringify(path)})`;
    const { props: parsed, valid } = checkProps(this, RouteOptionsSchema, options, property);
    return addProxyRoute(this.routeContext, this.server, this.nextRouteId(), path, upstream, parsed, valid);
  }

  /**
   * A site of its own behind this proxy: server blocks for its host names, with routes, TLS and limits of its
   * own. Once a proxy has sites, its default server answers every other host name with `421 Misdirected
   * Request` (and refuses the TLS handshake), never with one of the apps; routes then belong to sites.
   *
   * @example
   * const shop = proxy.addSite('shop', { serverName: ['shop.example'], tls: { certificate: 'certs/shop.crt', key: 'certs/shop.key' } });
   * shop.addRoute('/', shopPool);
   */
  addSite(name: string, props: ProxySiteProps): ProxySite {
    if (this.sites.length === 0) {
      new Location(
        this.server,
        'UnknownHost',
        parsedIf(
          this.valid,
          LocationPropsSchema,
          locationSpec({
            path: '/',
            return: { code: 421, text: 'no site is configured for this host name\n' },
          }),
        ),
      );
    }
    const site = new ProxySite(this, name, props, {
      config: this.config,
      template: this.server,
      nginxVersion: this.nginxVersion,
      serviceName: this.serviceName,
      httpPort: this.props.listenPort,
      tlsPort: this.props.tlsListenPort,
      publishTls: this.props.publishTls,
      errorPageRoot: this.props.errorPage ? HTML_ROOT : undefined,
      routes: this.routeContext,
      acmeEnabled: () => this.acme !== undefined,
    });
    this.sites.push(site);
    if (site.hasTls && this.defaultTls === undefined) {
      // Without a server of its own on 443, nginx would show the first site's certificate to every name.
      this.defaultTls = new Server(
        this.config,
        'DefaultTls',
        parsedIf(
          this.valid,
          ServerPropsSchema,
          serverSpec({
            listen: [{ port: this.props.tlsListenPort, defaultServer: true, ssl: true }],
            tls: { rejectHandshake: true },
          }),
        ),
      );
    }
    return site;
  }

  /**
   * Certificates from an ACME CA (Let's Encrypt by default) for the sites with `tls: 'acme'`: a certbot service
   * obtains and renews them over HTTP-01 (challenge files in a volume nginx serves on port 80), into a
   * certificates volume nginx reads. Before the first certificate exists certbot writes a self-signed
   * placeholder, so nginx starts and can answer the challenge; nginx reloads when a certificate file changes.
   * See docs/proxy.md.
   *
   * @example proxy.useAcme({ email: 'ops@shop.example' });
   */
  useAcme(options: AcmeOptions): void {
    const parsed = parseProps(this, AcmeOptionsSchema, options, 'useAcme');
    if (this.acme !== undefined) {
      addProblems(this, [error('useAcme', 'expected one call per proxy, got a second one')]);
      return;
    }
    const webroot = new Volume(this, 'AcmeWebroot', { key: `${this.serviceName}_acme_webroot` });
    const certs = new Volume(this, 'AcmeCertificates', { key: `${this.serviceName}_acme_certs` });
    this.staticMounts.set(webroot, { volume: webroot, target: ACME_WEBROOT });
    this.staticMounts.set(certs, { volume: certs, target: ACME_CERTS });
    const certbot = new CertbotService(
      this,
      'Certbot',
      {
        name: `${this.serviceName}_certbot`,
        image: parsed.image,
        volumes: [
          { volume: webroot, target: ACME_WEBROOT },
          { volume: certs, target: ACME_CERTS },
        ],
        restart: this.props.restart,
      },
      () => [
        '/bin/sh',
        '-c',
        certbotScript(parsed, this.acmeSites(), { host: this.serviceName, port: this.props.listenPort }),
      ],
    );
    this.acme = { options: parsed, certbot };
  }

  private acmeSites(): AcmeSite[] {
    return this.sites
      .filter((site) => site.usesAcme)
      .map((site) => ({ name: site.node.id, domains: site.serverName }));
  }

  /**
   * A request-rate zone for sites and routes (`rateLimit: { zone, burst }`), declared once however many use
   * it. Requests are counted per client address: `$binary_remote_addr`, or with `trustForwardedFor` the
   * address the trusted proxy in front appended to X-Forwarded-For (its last entry; a client can forge only
   * the entries before it).
   *
   * @example const api = proxy.addRateLimit('api', { rate: '10r/s' });
   */
  addRateLimit(name: string, options: { rate: string; size?: string }): LimitZone {
    return this.limitZone(name, options);
  }

  /**
   * A connection-count zone for sites and routes (`connectionLimit: { zone, max }`), per client address as
   * {@link NginxProxy.addRateLimit} counts it.
   *
   * @example const perClient = proxy.addConnectionLimit('conns');
   */
  addConnectionLimit(name: string, options: { size?: string } = {}): LimitZone {
    return this.limitZone(name, options);
  }

  private limitZone(name: string, options: { rate?: string; size?: string }): LimitZone {
    const zone = new LimitZone(this.config, `Limit${this.limitZones.length + 1}`, {
      name,
      key: this.clientKey(),
      ...options,
    });
    this.limitZones.push(zone);
    return zone;
  }

  private clientKey(): NginxValue {
    if (!this.props.trustForwardedFor) return nginxVar('binary_remote_addr');
    this.clientMap ??= new NginxMap(this.config, 'TrustedClient', TRUSTED_CLIENT_MAP);
    return nginxVar(this.clientMap.variable);
  }

  private websocketMap(): NginxMap {
    // nginx's documented pattern: "upgrade" when the client asked for one, "close" for plain requests.
    this.upgradeMap ??= new NginxMap(this.config, 'ConnectionUpgrade', {
      source: 'http_upgrade',
      variable: 'connection_upgrade',
      entries: [{ match: '', value: 'close' }],
      default: 'upgrade',
    });
    return this.upgradeMap;
  }

  /**
   * Serves the files a FlaskService writes to its `staticFiles` volume under `urlPath` (an nginx `alias`):
   * the proxy mounts the volume read-only at `/srv/static/<service>` and answers `^~ <urlPath>/` from it, so
   * neither a regex route nor the app sees those requests.
   *
   * @example proxy.addStatic('/static', web);
   */
  addStatic(urlPath: string, service: FlaskService, options: ProxyStaticOptions = {}): Location {
    const property = `addStatic(${JSON.stringify(urlPath)})`;
    const { props: parsed, valid } = checkProps(this, ProxyStaticOptionsSchema, options, property);
    const urlPathValid = checkProps(this, urlPathSchema, urlPath, `${property}.urlPath`).valid;
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
    const alias = `${target}/`;
    // The alias holds the FlaskService's name, which no props schema checks: one nginx cannot use stays the
    // Location's to report.
    const handOver = valid && urlPathValid && this.valid && absolutePath.safeParse(alias).success;
    const location = new Location(
      this.server,
      this.nextRouteId(),
      parsedIf(
        handOver,
        LocationPropsSchema,
        locationSpec({
          path: prefix,
          modifier: '^~',
          alias,
          ...(parsed.expires ? { expires: parsed.expires } : {}),
        }),
      ),
    );
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
    return crossStackProblem(this, property, service, 'FlaskService');
  }

  /** Cross-construct rules, run once at synth when every route and backup exists. */
  private problems(): Problem[] {
    const problems = [
      ...propsProblems(this.props),
      ...siteProblems(this.props, this.sites, this.routeCount, this.server),
    ];
    if (this.dns === 'static') {
      for (const backend of this.backends()) {
        if (backend.spec.deploy?.endpointMode === 'dnsrr') {
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
