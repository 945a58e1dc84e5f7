import {
  App,
  BackupUpstream,
  FlaskService,
  type FlaskServiceProps,
  LoadBalancedStack,
  Network,
  NginxProxy,
  type NginxProxyProps,
  nginxVar,
  type ProxyRouteOptions,
  Stack,
} from '../../../packages/dockyard/src';
import type {
  HeaderSpec,
  LbStackSpec,
  OldDns,
  PartsStackSpec,
  ProgramSpec,
  ProxySpec,
  ServiceSpec,
} from './program-spec';

/**
 * `old`: the proxy targets Debian's nginx 1.22 with the program's dns ("static" or "variable"), so the real
 * `nginx -t` here can judge the file. `default`: the proxy's defaults (nginx 1.28, dns "resolve"), judged by
 * the parser and the version table.
 */
export type Variant = 'old' | 'default';

/** The nginx version of the `old` variant: the one installed here. */
export const OLD_NGINX = '1.22';

/** Builds the program a spec describes, in a fresh App writing to `outdir`. */
export function buildProgram(
  spec: ProgramSpec,
  variant: Variant,
  outdir: string,
): { app: App; stack: Stack } {
  const app = new App({ outdir, baseDir: outdir });
  const dns = variant === 'old' ? spec.dns : undefined;
  const stack = spec.stack.kind === 'lb' ? buildLb(app, spec.stack, dns) : buildParts(app, spec.stack, dns);
  return { app, stack };
}

function proxyProps(proxy: ProxySpec, dns: OldDns | undefined): NginxProxyProps {
  return {
    publish: proxy.publish,
    listenPort: proxy.listenPort,
    healthcheck: proxy.healthPort === false ? false : { port: proxy.healthPort },
    serverName: [...proxy.serverName],
    clientMaxBodySize: proxy.clientMaxBodySize,
    trustForwardedFor: proxy.trustForwardedFor,
    securityHeaders: {
      frameOptions: proxy.frameOptions,
      contentTypeOptions: proxy.contentTypeOptions,
      referrerPolicy: proxy.referrerPolicy,
    },
    serverTokens: proxy.serverTokens,
    gzip: proxy.gzip,
    errorPage: proxy.errorPage,
    timeouts: { connect: proxy.connectTimeout },
    failover: { tries: proxy.tries },
    ...(dns === undefined ? {} : { nginxVersion: OLD_NGINX, dns }),
  };
}

function flaskProps(service: ServiceSpec): FlaskServiceProps {
  return {
    image: `registry.example/${service.name}:1.0`,
    ...(service.build ? { build: { context: '.', dockerfile: 'Dockerfile' } } : {}),
    port: service.port,
    replicas: service.replicas,
    workers: service.workers,
    ...(service.threads === undefined ? {} : { threads: service.threads, workerClass: 'gthread' as const }),
    timeout: service.timeout,
    healthcheck:
      service.healthcheck === false
        ? false
        : {
            path: service.healthcheck.path,
            interval: service.healthcheck.interval,
            retries: service.healthcheck.retries,
          },
    restart: service.restart,
    environment: { ...service.environment },
    extraArgs: [...service.extraArgs],
    ...(service.memory !== undefined || service.cpus !== undefined
      ? {
          resources: {
            ...(service.memory === undefined ? {} : { memory: service.memory }),
            ...(service.cpus === undefined ? {} : { cpus: service.cpus }),
          },
        }
      : {}),
    ...(service.perReplicaIdentity ? { perReplicaIdentity: { logDir: `/var/log/${service.name}` } } : {}),
    ...(service.staticDir === undefined ? {} : { staticFiles: { appDir: service.staticDir } }),
  };
}

function headerValue(header: HeaderSpec) {
  return header.value.startsWith('$') ? nginxVar(header.value.slice(1)) : header.value;
}

function buildParts(app: App, spec: PartsStackSpec, dns: OldDns | undefined): Stack {
  const stack = new Stack(app, spec.name);
  const networks = spec.networks.map(
    (network) =>
      new Network(stack, network.key, {
        ...(network.driver === undefined ? {} : { driver: network.driver }),
        ...(network.subnet === undefined ? {} : { ipam: { config: [{ subnet: network.subnet }] } }),
      }),
  );
  const services = spec.services.map(
    (service) =>
      new FlaskService(stack, service.name, {
        ...flaskProps(service),
        ...(service.networks.length > 0
          ? { networks: service.networks.map((i) => networks[i] as Network) }
          : {}),
      }),
  );
  const at = (i: number) => services[i] as FlaskService;
  const proxy = new NginxProxy(stack, 'nginx', proxyProps(spec.proxy, dns));
  const upstreams = spec.upstreams.map((upstream) => {
    const pool = proxy.addUpstream(upstream.name, {
      servers: upstream.servers.map((server) => ({
        service: at(server.service),
        ...(server.weight === undefined ? {} : { weight: server.weight }),
        ...(server.maxFails === undefined ? {} : { maxFails: server.maxFails }),
        ...(server.failTimeout === undefined ? {} : { failTimeout: server.failTimeout }),
        ...(server.maxConns === undefined ? {} : { maxConns: server.maxConns }),
        ...(server.down ? { down: true } : {}),
      })),
      method: upstream.method,
      ...(upstream.method === 'hash'
        ? { hashKey: nginxVar('request_uri'), consistent: upstream.consistent }
        : {}),
      ...(upstream.method === 'random' ? { two: upstream.two } : {}),
      ...(upstream.keepalive === undefined ? {} : { keepalive: upstream.keepalive }),
    });
    upstream.backups.forEach((backup, i) => {
      new BackupUpstream(stack, `${upstream.name}-backup-${i}`, { upstream: pool, service: at(backup) });
    });
    return pool;
  });
  for (const route of spec.routes) {
    const options: ProxyRouteOptions = {
      ...(route.modifier === undefined ? {} : { modifier: route.modifier }),
      cache:
        route.cache === false || route.cache === true
          ? route.cache
          : { ttl: route.cache.ttl, statuses: [...route.cache.statuses] },
      ...(route.readTimeout === undefined ? {} : { timeouts: { read: route.readTimeout } }),
      headers: route.headers.map((header) => ({
        name: header.name,
        value: headerValue(header),
        always: header.always,
      })),
    };
    proxy.addRoute(route.path, upstreams[route.upstream] as (typeof upstreams)[number], options);
  }
  for (const route of spec.statics) {
    proxy.addStatic(
      route.urlPath,
      at(route.service),
      route.expires === undefined ? {} : { expires: route.expires },
    );
  }
  return stack;
}

function buildLb(app: App, spec: LbStackSpec, dns: OldDns | undefined): Stack {
  const { staticFiles: _ownStatic, ...flask } = flaskProps(spec.flask);
  return new LoadBalancedStack(app, spec.name, {
    flask: { ...flask, name: spec.flask.name },
    proxy: proxyProps(spec.proxy, dns),
    ...(spec.backup === undefined
      ? {}
      : { backup: { workers: spec.backup.workers, ...(spec.backup.replicasOfApp ? {} : { timeout: 10 }) } }),
    ...(spec.staticFiles === undefined ? {} : { staticFiles: spec.staticFiles }),
    ...(spec.cachePaths.length === 0
      ? {}
      : { cache: { paths: [...spec.cachePaths], ttl: spec.proxy.cacheTtl } }),
    ...(spec.perReplicaIdentity ? { perReplicaIdentity: true } : {}),
    ...(spec.subnet === undefined ? {} : { network: { subnet: spec.subnet } }),
  });
}
