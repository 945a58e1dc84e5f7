import type { ComposeProjectSpec } from '../model/compose/project';
import type { Directive } from '../model/nginx/ast';
import { NGINX_IMAGE_VERSION, nginxVersionOfImage } from '../patterns/nginx-proxy/image';
import { HelperCall, type Names, type NewStatement, Ref, type Statement, type Value } from './program';
import { isCacheDirective, type PlannedCacheZone, planCacheZone, routeCacheOption } from './proxy-cache';

/** A FlaskService of a plan: its variable, port and (with `staticFiles`) the Volume variable of its static files. */
export interface PlannedFlask {
  readonly variable: string;
  readonly port: number;
  readonly staticVolume?: string;
}

/** The FlaskServices of a plan by service name. */
export type FlaskServices = ReadonlyMap<string, PlannedFlask>;

/** The proxy statements and the statements they replace, or why the input is not an NginxProxy's shape. */
export type ProxyPlan =
  | {
      readonly statements: Statement[];
      readonly replaces: ReadonlySet<Statement>;
      /** What the user must check (an nginx version the image does not say). */
      readonly warnings: readonly string[];
    }
  | { readonly reason: string };

/** Keys of the nginx service that NginxProxy has props for (its config mount is the proxy's own). */
const SERVICE_KEYS = new Set(['image', 'ports', 'restart', 'depends_on', 'volumes', 'configs', 'networks']);

/** The request headers a route of NginxProxy sets by itself (the forwarded headers), as users write them. */
const FORWARDED = new Set(['Host', 'X-Real-IP', 'X-Forwarded-For', 'X-Forwarded-Proto']);

const METHODS: Readonly<Record<string, string>> = { least_conn: 'least_conn', ip_hash: 'ip_hash' };

/**
 * Reads a hand-written nginx config in front of FlaskServices as an {@link NginxProxy}: its upstreams of
 * FlaskServices become `addUpstream` (weights, `max_fails`, `fail_timeout`, `max_conns`, `down`, the balancing
 * method, `backup` servers as a BackupUpstream), its one server's `location`s proxying to them `addRoute`,
 * `server_name`, `listen` and `client_max_body_size` the proxy's props, the nginx service's image, published
 * port and restart policy too. Anything else in the config or the service keeps the L1 constructs (the
 * reason says what). The forwarded headers a location sets are the ones every route gets.
 */
export function planProxy(
  tree: readonly Directive[],
  project: ComposeProjectSpec,
  statements: readonly Statement[],
  flask: FlaskServices,
  stack: string,
  names: Names,
  /** True for a bind mount of the imported nginx config (or its conf.d folder): the proxy mounts its own. */
  isConfigMount: (source: string) => boolean,
): ProxyPlan {
  if (flask.size === 0) return { reason: 'no FlaskService to proxy to' };
  const main = tree.filter((directive) => directive.name !== 'http');
  if (main.length > 0) return { reason: `the main context sets ${main[0]?.name}` };
  const http = tree.find((directive) => directive.name === 'http')?.block ?? [];
  const upstreams = http.filter((directive) => directive.name === 'upstream');
  const servers = http.filter((directive) => directive.name === 'server');
  const other = http.find(
    (directive) => !['upstream', 'server', 'server_tokens', 'proxy_cache_path'].includes(directive.name),
  );
  if (other) return { reason: `http sets ${other.name}` };
  if (servers.length !== 1) return { reason: `expected one server, got ${servers.length}` };
  if (http.some((directive) => directive.name === 'server_tokens' && directive.args[0] !== 'off'))
    return { reason: 'server_tokens on' };
  const cacheZone = planCacheZone(http);
  if (cacheZone && 'reason' in cacheZone) return cacheZone;

  // The nginx service: the one service that is not a FlaskService, running an nginx image.
  const others = Object.entries(project.services).filter(([key]) => !flask.has(key));
  const [entry] = others;
  if (others.length !== 1 || !entry) return { reason: 'expected one service besides the FlaskServices' };
  const [serviceKey, service] = entry;
  if (!/^nginx(:|@|$)/.test(service.image ?? ''))
    return { reason: `${serviceKey} does not run an nginx image` };
  const extra = Object.keys(service).filter((key) => !SERVICE_KEYS.has(key));
  if (extra.length > 0) return { reason: `NginxProxy has no ${extra.join(', ')}` };
  if (Object.keys(service.depends_on ?? {}).some((key) => !flask.has(key)))
    return { reason: `${serviceKey} depends on a service that is not a FlaskService` };

  // Its volumes: only the static files of FlaskServices, which the proxy mounts itself (addStatic).
  const staticMounts = new Map<string, string>();
  for (const mount of service.volumes ?? []) {
    if (mount.type === 'bind' && isConfigMount(mount.source)) continue;
    const volume = mount.type === 'volume' ? volumeVariable(statements, mount.source) : undefined;
    const owner = [...flask.values()].find(
      (each) => each.staticVolume !== undefined && each.staticVolume === volume,
    );
    if (!owner || mount.type !== 'volume')
      return { reason: `${serviceKey} mounts ${mount.target}, not a FlaskService's static files` };
    staticMounts.set(mount.target.replace(/\/+$/, ''), owner.variable);
  }

  const image = service.image as string;
  const props: Record<string, Value> = { image };
  const warnings: string[] = [];
  if (nginxVersionOfImage(image) === undefined) {
    // NginxProxy writes directives by nginx version; this image's tag does not say it.
    props.nginxVersion = NGINX_IMAGE_VERSION;
    warnings.push(
      `the tag of image "${image}" does not say its nginx version: the config is written for nginx ${NGINX_IMAGE_VERSION} (the proxy's nginxVersion); set the one the image runs`,
    );
  }
  const server = servers[0]?.block ?? [];
  let listenPort = 80;
  for (const directive of server) {
    if (directive.name === 'location') continue;
    const [first] = directive.args;
    if (directive.name === 'listen' && directive.args.length === 1 && /^\d+$/.test(first ?? '')) {
      listenPort = Number(first);
      if (listenPort !== 80) props.listenPort = listenPort;
    } else if (directive.name === 'server_name' && directive.args.length > 0)
      props.serverName = [...directive.args];
    else if (directive.name === 'client_max_body_size' && first !== undefined)
      props.clientMaxBodySize = first;
    else if (directive.name === 'server_tokens' && first === 'off') continue;
    else return { reason: `the server sets ${directive.name}` };
  }
  const ports = service.ports ?? [];
  const port = ports[0];
  if (
    ports.length > 1 ||
    (port && (port.target !== listenPort || port.host_ip !== undefined || !port.published))
  )
    return { reason: `${serviceKey} publishes other than one port to nginx's listen port ${listenPort}` };
  props.publish = port ? Number(port.published) : false;
  props.publishTls = false;
  if (service.restart !== undefined && service.restart !== 'unless-stopped') props.restart = service.restart;
  if (cacheZone?.props) props.cache = cacheZone.props;

  const proxy = names.variable(serviceKey, 'proxy');
  const added: Statement[] = [
    {
      kind: 'new',
      variable: proxy,
      className: 'NginxProxy',
      scope: stack,
      id: serviceKey,
      props,
      comment: 'its hand-written nginx config, as an NginxProxy',
    },
  ];
  const pools = new Map<string, string>();
  for (const upstream of upstreams) {
    const name = upstream.args[0] ?? '';
    const planned = upstreamCall(upstream, flask);
    if ('reason' in planned) return planned;
    const variable = names.variable(`${name}-pool`);
    pools.set(name, variable);
    added.push({
      kind: 'call',
      variable,
      target: proxy,
      method: 'addUpstream',
      args: [name, planned.options],
    });
    if (planned.backups.length > 0) {
      const backups = planned.backups.map((backup) => new Ref(backup));
      added.push({
        kind: 'new',
        className: 'BackupUpstream',
        scope: stack,
        id: `${name}-backup`,
        props:
          backups.length === 1
            ? { upstream: new Ref(variable), service: backups[0] as Ref }
            : { upstream: new Ref(variable), services: backups },
        comment: 'backup servers, used only while every other server is down',
      });
    }
  }
  for (const location of server.filter((directive) => directive.name === 'location')) {
    const statics = staticCall(location, staticMounts);
    if (statics) {
      added.push({ kind: 'call', target: proxy, method: 'addStatic', args: statics });
      continue;
    }
    // A location that proxies straight to a FlaskService (`proxy_pass http://web:8000/`): an upstream of
    // that one service, named after it, as NginxProxy's routes go through upstreams.
    const direct = directTarget(location, flask);
    if (direct && !pools.has(direct.name)) {
      if (upstreams.some((upstream) => upstream.args[0] === direct.name))
        return {
          reason: `location ${location.args.join(' ')} proxies to ${direct.name}, also an upstream's name`,
        };
      const variable = names.variable(`${direct.name}-pool`);
      pools.set(direct.name, variable);
      added.push({
        kind: 'call',
        variable,
        target: proxy,
        method: 'addUpstream',
        args: [direct.name, { servers: [new Ref(direct.variable)] }],
      });
    }
    const route = routeCall(location, pools, cacheZone, direct?.name);
    if (typeof route === 'string') return { reason: route };
    added.push({ kind: 'call', target: proxy, method: 'addRoute', args: route });
  }
  // A zone no route caches in would be dropped: NginxProxy writes its zone only for cached routes.
  const cachedRoutes = added.filter(
    (statement) => statement.kind === 'call' && statement.method === 'addRoute' && statement.args.length > 2,
  );
  if (cacheZone && cachedRoutes.length === 0)
    return { reason: `no location caches in proxy_cache_path zone ${cacheZone.name}` };

  // What the proxy replaces: the nginx service, the NginxConfig with everything in it, the config grant.
  const replaces = new Set<Statement>();
  const nginxVariables = new Set<string>();
  for (const statement of statements) {
    // The nginx service's dependencies declared after it (`nginx.addDependency(web.service)`): NginxProxy
    // depends on its backends itself.
    if (statement.kind === 'call' && nginxVariables.has(statement.target)) replaces.add(statement);
    if (statement.kind !== 'new') continue;
    const isNginx =
      ['NginxConfig', 'Upstream', 'Server', 'Location', 'LimitZone', 'NginxMap'].includes(
        statement.className,
      ) ||
      (statement.className === 'Config' &&
        typeof statement.props === 'object' &&
        statement.props !== null &&
        'artifact' in statement.props) ||
      (statement.className === 'Service' && statement.id === serviceKey) ||
      (statement.scope !== undefined && nginxVariables.has(statement.scope));
    if (isNginx) {
      replaces.add(statement);
      if (statement.variable) nginxVariables.add(statement.variable);
    }
  }
  return { statements: added, replaces, warnings };
}

function upstreamCall(
  upstream: Directive,
  flask: FlaskServices,
): { options: Record<string, Value>; backups: string[] } | { reason: string } {
  const name = upstream.args[0];
  const options: Record<string, Value> = {};
  const servers: Value[] = [];
  const backups: string[] = [];
  for (const directive of upstream.block ?? []) {
    const [first, ...rest] = directive.args;
    if (directive.name === 'server') {
      const match = /^([a-z0-9][a-z0-9_.-]*):(\d+)$/.exec(first ?? '');
      const service = match ? flask.get(match[1] as string) : undefined;
      if (!match || !service || service.port !== Number(match[2]))
        return { reason: `upstream ${name}: server ${first} is not a FlaskService and its port` };
      const params: Record<string, Value> = {};
      let backup = false;
      for (const param of rest) {
        const [key, value] = param.split('=');
        if (key === 'weight') params.weight = Number(value);
        else if (key === 'max_fails') params.maxFails = Number(value);
        else if (key === 'fail_timeout') params.failTimeout = value;
        else if (key === 'max_conns') params.maxConns = Number(value);
        else if (param === 'down') params.down = true;
        else if (param === 'backup') backup = true;
        else return { reason: `upstream ${name}: server parameter ${param}` };
      }
      if (backup) {
        if (Object.keys(params).length > 0)
          return { reason: `upstream ${name}: a backup server with parameters` };
        backups.push(service.variable);
        continue;
      }
      if (backups.length > 0) return { reason: `upstream ${name}: a backup server before a primary` };
      const ref = new Ref(service.variable);
      servers.push(Object.keys(params).length > 0 ? { service: ref, ...params } : ref);
    } else if (directive.args.length === 0 && METHODS[directive.name])
      options.method = METHODS[directive.name];
    else if (
      directive.name === 'hash' &&
      first?.startsWith('$') &&
      (rest.length === 0 || rest.join() === 'consistent')
    ) {
      options.method = 'hash';
      options.hashKey = new HelperCall('nginxVar', [first.slice(1)]);
      if (rest.length > 0) options.consistent = true;
    } else if (directive.name === 'random' && (rest.length === 0 || directive.args.join() === 'two')) {
      options.method = 'random';
      if (first === 'two') options.two = true;
    } else return { reason: `upstream ${name} sets ${directive.name}` };
  }
  return { options: { servers, ...options }, backups };
}

/** The Volume statement's variable for a volume key of the file. */
function volumeVariable(statements: readonly Statement[], key: string): string | undefined {
  const volume = statements.find(
    (statement) => statement.kind === 'new' && statement.className === 'Volume' && statement.id === key,
  );
  return volume?.kind === 'new' ? volume.variable : undefined;
}

/**
 * `proxy.addStatic(path, service[, { expires }])` for a location that only serves (`alias`, `root` of
 * the same folder for location `/`) the folder where nginx mounts a FlaskService's static-files volume.
 */
function staticCall(location: Directive, mounts: ReadonlyMap<string, string>): Value[] | undefined {
  const [first, second, ...more] = location.args;
  const path = second === undefined ? first : first === '^~' ? second : undefined;
  if (more.length > 0 || !path?.startsWith('/') || path === '/') return undefined;
  let service: string | undefined;
  let expires: string | undefined;
  for (const directive of location.block ?? []) {
    const [arg] = directive.args;
    if (directive.name === 'alias' && directive.args.length === 1 && arg !== undefined)
      service = mounts.get(arg.replace(/\/+$/, ''));
    else if (directive.name === 'expires' && directive.args.length === 1) expires = arg;
    else return undefined;
  }
  if (!service) return undefined;
  return [path.replace(/\/+$/, '') || '/', new Ref(service), ...(expires ? [{ expires }] : [])];
}

/** The FlaskService a location's `proxy_pass http://<service>:<port>[/]` names, with its port. */
function directTarget(
  location: Directive,
  flask: FlaskServices,
): { name: string; variable: string } | undefined {
  const pass = (location.block ?? []).find((directive) => directive.name === 'proxy_pass');
  const match = /^http:\/\/([a-z0-9][a-z0-9_.-]*):(\d+)\/?$/.exec(pass?.args[0] ?? '');
  const service = match ? flask.get(match[1] as string) : undefined;
  if (!match || !service || service.port !== Number(match[2])) return undefined;
  return { name: match[1] as string, variable: service.variable };
}

/**
 * `proxy.addRoute(path, pool[, { cache }])` for a location that proxies to an upstream, sets only forwarded
 * headers and caches (if it does) the way a route's `cache` option says.
 */
function routeCall(
  location: Directive,
  pools: ReadonlyMap<string, string>,
  cacheZone: PlannedCacheZone | undefined,
  direct?: string,
): Value[] | string {
  const [path, ...more] = location.args;
  if (more.length > 0 || !path?.startsWith('/')) return `location ${location.args.join(' ')} has a modifier`;
  const block = location.block ?? [];
  const cache = routeCacheOption(path, block.filter(isCacheDirective), cacheZone);
  if (typeof cache === 'string') return cache;
  let pool: string | undefined;
  for (const directive of block.filter((each) => !isCacheDirective(each))) {
    const [first, second] = directive.args;
    if (directive.name === 'proxy_pass' && directive.args.length === 1) {
      const match = direct
        ? /^http:\/\/([^/:$]+):\d+(\/?)$/.exec(first ?? '')
        : /^http:\/\/([^/:$]+)(\/?)$/.exec(first ?? '');
      // A URI part ("/") replaces the matched path; the same request only for location "/".
      if (!match || (match[2] === '/' && path !== '/')) return `location ${path} proxies to ${first}`;
      pool = pools.get(match[1] as string);
      if (!pool) return `location ${path} proxies to ${first}, not an upstream of FlaskServices`;
    } else if (
      directive.name === 'proxy_set_header' &&
      FORWARDED.has(first ?? '') &&
      second?.startsWith('$')
    ) {
      // NginxProxy sets the forwarded headers on every route.
    } else if (directive.name === 'proxy_redirect' && first === 'off' && directive.args.length === 1) {
      // nginx rewrites only Location headers naming the upstream, which FlaskServices do not send.
    } else return `location ${path} sets ${directive.name}`;
  }
  if (!pool) return `location ${path} does not proxy`;
  return cache === undefined ? [path, new Ref(pool)] : [path, new Ref(pool), { cache }];
}

/** The FlaskService statements of a plan, by service name. */
export function flaskServicesOf(statements: readonly Statement[]): Map<string, PlannedFlask> {
  const flask = new Map<string, PlannedFlask>();
  for (const statement of statements) {
    if (statement.kind === 'new' && statement.className === 'FlaskService' && statement.variable) {
      const props = statement.props as { port?: number; staticFiles?: { volume?: unknown } };
      const volume = props.staticFiles?.volume;
      flask.set(statement.id as string, {
        variable: statement.variable,
        port: props.port ?? 8000,
        ...(volume instanceof Ref ? { staticVolume: volume.variable } : {}),
      });
    }
  }
  return flask;
}

export type { NewStatement };
