import { CacheZonePropsSchema } from '../constructs/nginx/cache-zone';
import { LimitZonePropsSchema } from '../constructs/nginx/limits';
import { NginxMapPropsSchema } from '../constructs/nginx/map';
import { NginxConfigPropsSchema } from '../constructs/nginx/nginx-config';
import { ServerPropsSchema } from '../constructs/nginx/server';
import { RejectHandshakeSchema, ServerTlsSchema, tlsDirectives } from '../constructs/nginx/tls';
import { UpstreamPropsSchema } from '../constructs/nginx/upstream';
import { DirectiveSchema } from '../constructs/nginx/values';
import type { Directive } from '../model/nginx/ast';
import type { ImportNote, Position } from './problems';
import { HelperCall, type Names, type NewStatement, Ref, type Value } from './program';

/** How much of the http context became constructs; the importer tries them in this order. */
export type NginxLevel = 'constructs' | 'raw-upstreams' | 'raw';

/** The statements that build one nginx.conf with L1 constructs, and what could not be expressed. */
export interface NginxPlan {
  readonly statements: NewStatement[];
  readonly notes: ImportNote[];
  readonly configVariable: string;
}

const same = (a: Directive, b: Directive): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Plans an NginxConfig with its LimitZones, NginxMaps, Upstreams, Servers and Locations. The main and http
 * settings NginxConfig writes itself become its props; zones, maps, upstreams and servers become constructs
 * where their props can say exactly what the file says (all of them at `level` 'constructs', only servers at
 * 'raw-upstreams'); everything else in http is the `directives` escape hatch, printed in its place. The
 * caller proves the choice by synthesizing the plan and comparing it with the input.
 */
export function planNginx(
  tree: readonly Directive[],
  fileName: string,
  stack: string,
  names: Names,
  level: NginxLevel,
  at: Position,
): NginxPlan {
  const notes: ImportNote[] = [];
  const lost = (message: string): void => {
    notes.push({ level: 'lost', at, message });
  };
  const props: Record<string, Value> = {};
  if (fileName !== 'nginx.conf') props.fileName = fileName;
  const main = tree.filter((directive) => directive.name !== 'http');
  const http = tree.find((directive) => directive.name === 'http')?.block ?? [];
  const arg = (list: readonly Directive[], name: string): string[] | undefined =>
    list.find((directive) => directive.name === name && directive.block === undefined)?.args;

  // The main context: only what NginxConfig has props for.
  const user = arg(main, 'user');
  props.user = user === undefined ? false : user[0];
  const workers = arg(main, 'worker_processes')?.[0];
  if (workers !== undefined) props.workerProcesses = workers === 'auto' ? 'auto' : Number(workers);
  const pid = arg(main, 'pid')?.[0];
  if (pid !== undefined) props.pid = pid;
  const errorLog = arg(main, 'error_log');
  if (errorLog !== undefined) props.errorLog = { path: errorLog[0], level: errorLog[1] ?? 'error' };
  const events = main.find((directive) => directive.name === 'events')?.block ?? [];
  const connections = arg(events, 'worker_connections')?.[0];
  if (connections !== undefined) props.workerConnections = Number(connections);
  for (const directive of main) {
    if (!['user', 'worker_processes', 'pid', 'error_log', 'events'].includes(directive.name)) {
      lost(
        `main-context "${directive.name} ${directive.args.join(' ')}" is not carried over (NginxConfig has no prop for it)`,
      );
    }
  }
  for (const directive of events) {
    if (directive.name !== 'worker_connections') lost(`events "${directive.name}" is not carried over`);
  }

  // http settings NginxConfig writes itself.
  const include = http.find(
    (directive) => directive.name === 'include' && directive.args[0]?.endsWith('mime.types') === true,
  );
  props.mimeTypes = include ? include.args[0] : false;
  const defaultType = arg(http, 'default_type')?.[0];
  if (defaultType !== undefined) props.defaultType = defaultType;
  const accessLog = arg(http, 'access_log');
  if (accessLog !== undefined && accessLog.length === 1)
    props.accessLog = accessLog[0] === 'off' ? false : accessLog[0];
  props.sendfile = arg(http, 'sendfile')?.[0] === 'on';
  for (const [name, prop] of [
    ['keepalive_timeout', 'keepaliveTimeout'],
    ['client_header_timeout', 'clientHeaderTimeout'],
    ['client_body_timeout', 'clientBodyTimeout'],
    ['send_timeout', 'sendTimeout'],
  ] as const) {
    const value = arg(http, name);
    if (value?.length === 1) props[prop] = value[0];
  }
  const tokens = arg(http, 'server_tokens')?.[0];
  if (tokens !== undefined) props.serverTokens = tokens === 'on';
  if (arg(http, 'gzip')?.[0] === 'on') {
    const gzip: Record<string, Value> = {};
    const types = arg(http, 'gzip_types');
    if (types !== undefined) gzip.types = types;
    const minLength = arg(http, 'gzip_min_length')?.[0];
    if (minLength !== undefined) gzip.minLength = Number(minLength);
    const compLevel = arg(http, 'gzip_comp_level')?.[0];
    if (compLevel !== undefined) gzip.level = Number(compLevel);
    props.gzip = gzip;
  }
  const resolver = arg(http, 'resolver');
  if (resolver !== undefined) {
    const addresses = resolver.filter((word) => !word.includes('='));
    const valid = resolver.find((word) => word.startsWith('valid='))?.slice('valid='.length);
    const timeout = arg(http, 'resolver_timeout')?.[0];
    props.resolver = { addresses, valid, ipv6: !resolver.includes('ipv6=off'), timeout };
  }
  // Drop props that do not validate (the directive then stays in the escape hatch, or is reported).
  for (const key of Object.keys(props)) {
    const probe = NginxConfigPropsSchema.safeParse({ [key]: props[key] });
    if (!probe.success) delete props[key];
  }
  const header = headerDirectives(props);
  // Props equal to NginxConfig's defaults are left out: the program says only what differs.
  const defaults = NginxConfigPropsSchema.parse({}) as Record<string, unknown>;
  for (const key of Object.keys(props)) {
    const parsed = NginxConfigPropsSchema.parse({ [key]: props[key] }) as Record<string, unknown>;
    if (JSON.stringify(parsed[key]) === JSON.stringify(defaults[key])) delete props[key];
  }
  const rest = http.filter((directive) => {
    const index = header.findIndex((own) => same(own, directive));
    if (index < 0) return true;
    header.splice(index, 1);
    return false;
  });

  const configVariable = names.variable('nginx-conf');
  const statements: NewStatement[] = [];
  const raw: Directive[] = [];
  const constructs: NewStatement[] = [];
  // What the servers may refer to: the LimitZones planned so far, by zone name.
  // Upstreams keep their names as ids, so zones, maps and servers planned before them must not take those.
  const upstreamNames = rest.flatMap((directive) =>
    directive.name === 'upstream' && directive.args[0] !== undefined ? [directive.args[0]] : [],
  );
  const context: ServerContext = { zones: new Map(), ids: new Set(upstreamNames) };
  // 0: raw directives, 1: zones and maps, 2: upstreams, 3: servers; NginxConfig prints its children in this order
  let phase = 0;
  for (const directive of rest) {
    const kind = ZONE_KINDS.has(directive.name)
      ? 1
      : directive.name === 'upstream'
        ? 2
        : directive.name === 'server'
          ? 3
          : 0;
    const planned =
      level === 'raw' || kind === 0 || kind < phase || (kind <= 2 && level === 'raw-upstreams')
        ? undefined
        : kind === 1
          ? planZone(directive, configVariable, names, context)
          : kind === 2
            ? planUpstream(directive, configVariable, names)
            : planServer(directive, configVariable, names, context);
    if (planned === undefined) {
      if (!DirectiveSchema.safeParse(directive).success) {
        lost(
          `http "${directive.name} ${directive.args.join(' ')}" is not carried over (not a valid escape hatch)`,
        );
        continue;
      }
      raw.push(directive);
      continue;
    }
    phase = kind;
    constructs.push(...planned);
  }
  if (raw.length > 0) props.directives = raw as unknown as Value;
  statements.push({
    kind: 'new',
    variable: configVariable,
    className: 'NginxConfig',
    scope: stack,
    id: fileName,
    props,
    comment: 'nginx.conf',
  });
  statements.push(...constructs);
  return { statements, notes, configVariable };
}

/** What NginxConfig writes at the top of http for these props (kept in step with nginx-config.ts by the tests). */
function headerDirectives(props: Record<string, Value>): Directive[] {
  const parsed = NginxConfigPropsSchema.parse(props);
  const out: Directive[] = [];
  const d = (name: string, ...args: string[]): Directive => ({ name, args });
  if (parsed.mimeTypes !== false) out.push(d('include', parsed.mimeTypes));
  out.push(d('default_type', parsed.defaultType));
  out.push(parsed.accessLog === false ? d('access_log', 'off') : d('access_log', parsed.accessLog));
  if (parsed.sendfile) out.push(d('sendfile', 'on'), d('tcp_nopush', 'on'));
  out.push(d('keepalive_timeout', parsed.keepaliveTimeout));
  out.push(d('client_header_timeout', parsed.clientHeaderTimeout));
  out.push(d('client_body_timeout', parsed.clientBodyTimeout));
  out.push(d('send_timeout', parsed.sendTimeout));
  out.push(d('server_tokens', parsed.serverTokens ? 'on' : 'off'));
  if (parsed.gzip !== false) {
    out.push(
      d('gzip', 'on'),
      d('gzip_comp_level', String(parsed.gzip.level)),
      d('gzip_min_length', String(parsed.gzip.minLength)),
      d('gzip_proxied', 'any'),
      d('gzip_vary', 'on'),
      d('gzip_types', ...parsed.gzip.types),
    );
  }
  if (parsed.resolver) {
    const { addresses, valid, ipv6, timeout } = parsed.resolver;
    const args = [...addresses];
    if (valid !== undefined) args.push(`valid=${valid}`);
    if (!ipv6) args.push('ipv6=off');
    out.push(d('resolver', ...args));
    if (timeout !== undefined) out.push(d('resolver_timeout', timeout));
  }
  return out;
}

/** An `upstream` block as an Upstream construct, or undefined when its props cannot say what it says. */
function planUpstream(directive: Directive, config: string, names: Names): NewStatement[] | undefined {
  const name = directive.args[0];
  if (directive.args.length !== 1 || name === undefined) return undefined;
  const props: Record<string, Value> = {};
  const servers: Value[] = [];
  let dns: 'static' | 'resolve' = 'static';
  for (const entry of directive.block ?? []) {
    const [first, ...more] = entry.args;
    switch (entry.name) {
      case 'zone':
        props.zone = { name: first, size: more[0] };
        break;
      case 'least_conn':
      case 'ip_hash':
        props.method = entry.name;
        break;
      case 'random':
        props.method = 'random';
        if (first === 'two') props.two = true;
        break;
      case 'hash':
        if (first === undefined || !/^\$[a-z_][a-z0-9_]*$/.test(first)) return undefined;
        props.method = 'hash';
        props.hashKey = new HelperCall('nginxVar', [first.slice(1)]);
        if (more[0] === 'consistent') props.consistent = true;
        break;
      case 'keepalive':
        props.keepalive = Number(first);
        break;
      case 'keepalive_timeout':
        props.keepaliveTimeout = first;
        break;
      case 'keepalive_requests':
        props.keepaliveRequests = Number(first);
        break;
      case 'server': {
        const match = /^([^:]+):(\d+)$/.exec(first ?? '');
        if (!match) return undefined;
        const server: Record<string, Value> = { host: match[1], port: Number(match[2]) };
        for (const param of more) {
          const [key, value] = param.split('=');
          if (key === 'weight') server.weight = Number(value);
          else if (key === 'max_fails') server.maxFails = Number(value);
          else if (key === 'fail_timeout') server.failTimeout = value;
          else if (key === 'max_conns') server.maxConns = Number(value);
          else if (key === 'backup') server.backup = true;
          else if (key === 'down') server.down = true;
          else if (key === 'resolve') dns = 'resolve';
          else return undefined;
        }
        servers.push(server);
        break;
      }
      default:
        return undefined;
    }
  }
  if (dns === 'resolve') props.dns = 'resolve';
  props.servers = servers;
  if (!UpstreamPropsSchema.safeParse(props).success && !(props.hashKey instanceof HelperCall))
    return undefined;
  const variable = names.variable(name, 'upstream');
  return [{ kind: 'new', variable, className: 'Upstream', scope: config, id: name, props }];
}

const ZONE_KINDS = new Set(['limit_req_zone', 'limit_conn_zone', 'map', 'proxy_cache_path']);

/** What the servers of one config may refer to, and the ids taken among them. */
interface ServerContext {
  /** LimitZone variables by zone name, with their kind. */
  readonly zones: Map<string, { variable: string; kind: 'requests' | 'connections' }>;
  /** Construct ids taken in this config (upstream names, zones, maps, servers). */
  readonly ids: Set<string>;
}

/** `$name` as `nginxVar('name')`, text without `$` as itself; undefined for anything else (e.g. `a$b`). */
function nginxValue(text: string): Value | undefined {
  if (/^\$[A-Za-z_][A-Za-z0-9_]*$/.test(text)) return new HelperCall('nginxVar', [text.slice(1)]);
  return text.includes('$') ? undefined : text;
}

/** The props as the schemas see them: `nginxVar('x')` is `{ variable: 'x' }`. */
function asData(value: Value): unknown {
  if (value instanceof HelperCall) return { variable: value.args[0] };
  if (Array.isArray(value)) return value.map(asData);
  if (value !== null && typeof value === 'object' && !(value instanceof Ref))
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, asData(entry as Value)]));
  return value;
}

/**
 * A `limit_req_zone` or `limit_conn_zone` as a LimitZone, a `map` as an NginxMap; undefined when their props
 * cannot say what the directive says.
 */
function planZone(
  directive: Directive,
  config: string,
  names: Names,
  context: ServerContext,
): NewStatement[] | undefined {
  if (directive.name === 'map') {
    const [source, variable] = directive.args;
    if (directive.args.length !== 2 || directive.block === undefined) return undefined;
    if (!source?.startsWith('$') || !variable?.startsWith('$')) return undefined;
    const props: Record<string, Value> = { source: source.slice(1), variable: variable.slice(1) };
    const entries: Value[] = [];
    // NginxMap prints `default` first; a map that has it elsewhere (or twice) stays a block.
    for (const [index, entry] of directive.block.entries()) {
      const value = entry.args.length === 1 ? nginxValue(entry.args[0] as string) : undefined;
      if (value === undefined || entry.block !== undefined) return undefined;
      // A match starting with a backslash is refused by NginxMap (nginx reads it as an escaped `~` or keyword).
      if (entry.name.startsWith('\\')) return undefined;
      if (entry.name === 'default') {
        if (index !== 0) return undefined;
        props.default = value;
      } else if (entry.name.startsWith('~')) entries.push({ match: { regex: entry.name.slice(1) }, value });
      else entries.push({ match: entry.name, value });
    }
    if (props.default === undefined) return undefined;
    if (entries.length > 0) props.entries = entries;
    if (!NginxMapPropsSchema.safeParse(asData(props)).success) return undefined;
    const id = uniqueId(variable.slice(1), 'map', context.ids);
    return [{ kind: 'new', className: 'NginxMap', scope: config, id, props, variable: names.variable(id) }];
  }
  if (directive.block !== undefined) return undefined;
  if (directive.name === 'proxy_cache_path') return planCacheZone(directive, config, names, context);
  const [key, zone, rate, ...more] = directive.args;
  const match = /^zone=([A-Za-z0-9_]+):(\d+[kKmM]?)$/.exec(zone ?? '');
  const keyValue = nginxValue(key ?? '');
  if (!match || keyValue === undefined || more.length > 0) return undefined;
  const requests = directive.name === 'limit_req_zone';
  if (requests !== (rate?.startsWith('rate=') ?? false)) return undefined;
  const name = match[1] as string;
  if (context.zones.has(name)) return undefined;
  const id = uniqueId(name, 'zone', context.ids);
  const props: Record<string, Value> = id === name ? {} : { name };
  if (key !== '$binary_remote_addr') props.key = keyValue;
  if (match[2] !== '10m') props.size = match[2];
  if (rate !== undefined) props.rate = rate.slice('rate='.length);
  if (!LimitZonePropsSchema.safeParse(asData(props)).success) return undefined;
  const variable = names.variable(name, 'zone');
  context.zones.set(name, { variable, kind: requests ? 'requests' : 'connections' });
  const statement: NewStatement = { kind: 'new', variable, className: 'LimitZone', scope: config, id };
  return [Object.keys(props).length > 0 ? { ...statement, props } : statement];
}

/** A `proxy_cache_path` exactly as CacheZone writes it, as a CacheZone (its defaults left out). */
function planCacheZone(
  directive: Directive,
  config: string,
  names: Names,
  context: ServerContext,
): NewStatement[] | undefined {
  const match =
    /^(\S+) levels=(\S+) keys_zone=([^:\s]+):(\S+) max_size=(\S+) inactive=(\S+) use_temp_path=off$/.exec(
      directive.args.join(' '),
    );
  if (!match || directive.args.length !== 6) return undefined;
  const [, path, levels, name, keysZoneSize, maxSize, inactive] = match as unknown as string[];
  const id = uniqueId(name as string, 'cache', context.ids);
  const values: Record<string, string | undefined> = {
    name: id === name ? undefined : name,
    path: path === `/var/cache/nginx/${name}` ? undefined : path,
    levels,
    keysZoneSize,
    maxSize,
    inactive,
  };
  const defaults = CacheZonePropsSchema.parse({}) as Record<string, unknown>;
  const props: Record<string, Value> = {};
  for (const [key, value] of Object.entries(values))
    if (value !== undefined && value !== defaults[key]) props[key] = value;
  if (!CacheZonePropsSchema.safeParse(props).success) return undefined;
  const statement: NewStatement = {
    kind: 'new',
    variable: names.variable(name as string, 'cache'),
    className: 'CacheZone',
    scope: config,
    id,
  };
  return [Object.keys(props).length > 0 ? { ...statement, props } : statement];
}

/**
 * A server's `ssl_*` directives as its `tls` prop, when they are exactly what that prop prints (Dockyard's
 * Mozilla-intermediate defaults left out); undefined otherwise, and they stay in the escape hatch.
 */
function planTls(ssl: readonly Directive[]): Value | undefined {
  const one = (name: string): string[] | undefined => ssl.find((entry) => entry.name === name)?.args;
  if (ssl.length === 1 && ssl[0]?.name === 'ssl_reject_handshake' && ssl[0].args.join(' ') === 'on')
    return RejectHandshakeSchema.safeParse({ rejectHandshake: true }).success
      ? { rejectHandshake: true }
      : undefined;
  const tls: Record<string, Value> = {
    certificate: one('ssl_certificate')?.[0],
    key: one('ssl_certificate_key')?.[0],
    protocols: one('ssl_protocols'),
    ciphers: one('ssl_ciphers')?.[0]?.split(':'),
    preferServerCiphers: one('ssl_prefer_server_ciphers')?.[0] === 'on',
    sessionTimeout: one('ssl_session_timeout')?.[0],
  };
  const cache = /^shared:([^:]+):(\S+)$/.exec(one('ssl_session_cache')?.[0] ?? '');
  if (cache) tls.sessionCache = { name: cache[1], size: cache[2] };
  tls.sessionTickets = one('ssl_session_tickets')?.[0] === 'on';
  const parsed = ServerTlsSchema.safeParse(tls);
  if (
    !parsed.success ||
    !same(
      { name: 'ssl', args: [], block: tlsDirectives(parsed.data) },
      { name: 'ssl', args: [], block: [...ssl] },
    )
  )
    return undefined;
  // Only what differs from the defaults: the program says what this server chose.
  const defaults = ServerTlsSchema.parse({ certificate: tls.certificate, key: tls.key }) as Record<
    string,
    unknown
  >;
  for (const key of Object.keys(tls)) {
    if (key !== 'certificate' && key !== 'key' && JSON.stringify(tls[key]) === JSON.stringify(defaults[key]))
      delete tls[key];
  }
  return tls;
}

/**
 * A server's `limit_req`/`limit_conn` directives and their status as its `limits` prop, when every zone is a
 * LimitZone of the program and the status is the one status that prop prints; undefined otherwise.
 */
function planLimits(found: readonly Directive[], context: ServerContext): Value | undefined {
  const requests: Value[] = [];
  const connections: Value[] = [];
  const statuses = new Set<string>();
  const statusOf: Record<string, boolean> = {};
  for (const entry of found) {
    if (entry.name === 'limit_req_status' || entry.name === 'limit_conn_status') {
      statuses.add(entry.args.join(' '));
      statusOf[entry.name] = true;
    } else if (entry.name === 'limit_req') {
      const [zoneArg, ...flags] = entry.args;
      const zone = context.zones.get(zoneArg?.replace(/^zone=/, '') ?? '');
      if (!zoneArg?.startsWith('zone=') || zone?.kind !== 'requests') return undefined;
      const limit: Record<string, Value> = { zone: new Ref(zone.variable) };
      for (const flag of flags) {
        if (/^burst=\d+$/.test(flag)) limit.burst = Number(flag.slice('burst='.length));
        else if (flag !== 'nodelay') return undefined;
      }
      if (!flags.includes('nodelay')) limit.nodelay = false;
      requests.push(limit);
    } else {
      const zone = context.zones.get(entry.args[0] ?? '');
      if (entry.args.length !== 2 || zone?.kind !== 'connections' || !/^\d+$/.test(entry.args[1] ?? ''))
        return undefined;
      connections.push({ zone: new Ref(zone.variable), max: Number(entry.args[1]) });
    }
  }
  const status = Number([...statuses][0]);
  if (statuses.size !== 1 || !Number.isInteger(status) || status < 400 || status > 599) return undefined;
  if (requests.length > 0 !== (statusOf.limit_req_status === true)) return undefined;
  if (connections.length > 0 !== (statusOf.limit_conn_status === true)) return undefined;
  const limits: Record<string, Value> = {};
  if (requests.length > 0) limits.requests = requests;
  if (connections.length > 0) limits.connections = connections;
  if (status !== 429) limits.status = status;
  return limits;
}

/** `name` as a construct id of the config, or `name-suffix` (then numbered) when another construct has it. */
function uniqueId(name: string, suffix: string, taken: Set<string>): string {
  let id = taken.has(name) ? `${name}-${suffix}` : name;
  for (let n = 2; taken.has(id); n++) id = `${name}-${suffix}-${n}`;
  taken.add(id);
  return id;
}

/**
 * A server's id, unique in its config: `server-PORT`, and when several servers share the port, its first host
 * name (`server-80-shop-example`) or `default` for a default server without one.
 */
function serverId(port: number, name: string, taken: Set<string>): string {
  const base = `server-${port}`;
  const host = name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
  let id = taken.has(base) && host !== '' ? `${base}-${host}` : base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${host === '' ? '' : `${host}-`}${n}`;
  taken.add(id);
  return id;
}

/**
 * A `server` block as a Server with Locations: listen, server_name, HTTP/2, TLS, client_max_body_size and
 * limits as its props where they say exactly what the file says; its other directives are its escape hatch.
 */
function planServer(
  directive: Directive,
  config: string,
  names: Names,
  context: ServerContext,
): NewStatement[] | undefined {
  if (directive.args.length !== 0) return undefined;
  const listen: Value[] = [];
  const rest: Directive[] = [];
  const locations: Directive[] = [];
  const ssl: Directive[] = [];
  const limits: Directive[] = [];
  let serverName: string[] | undefined;
  let http2: Value | undefined;
  let bodySize: string | undefined;
  // nginx reads a server's directives in any order; a hand-written file may mix them with its locations.
  for (const entry of directive.block ?? []) {
    if (entry.name === 'listen') {
      const match = /^(?:(\d{1,3}(?:\.\d{1,3}){3}):)?(\d+)$/.exec(entry.args[0] ?? '');
      const flags = entry.args.slice(1);
      // Server prints the flags in this order; any other order or flag keeps the server a block.
      const known = ['default_server', 'ssl', 'http2'].filter((flag) => flags.includes(flag));
      if (!match || known.join(' ') !== flags.join(' ')) return undefined;
      if (flags.includes('http2')) {
        // Server writes the parameter on every ssl listen, and only there.
        if (!flags.includes('ssl')) return undefined;
        http2 ??= { directive: false };
      }
      const port = Number(match[2]);
      listen.push(
        match[1] === undefined && flags.length === 0
          ? port
          : {
              port,
              address: match[1],
              defaultServer: flags.includes('default_server') ? true : undefined,
              ssl: flags.includes('ssl') ? true : undefined,
            },
      );
    } else if (entry.name === 'http2' && entry.args.join(' ') === 'on' && http2 === undefined) {
      http2 = { directive: true };
    } else if (entry.name === 'server_name' && serverName === undefined) {
      serverName = entry.args;
    } else if (entry.name.startsWith('ssl_') && entry.block === undefined) {
      ssl.push(entry);
    } else if (entry.name === 'client_max_body_size' && bodySize === undefined && entry.args.length === 1) {
      bodySize = entry.args[0];
    } else if (/^limit_(req|conn)(_status)?$/.test(entry.name) && entry.block === undefined) {
      limits.push(entry);
    } else if (entry.name === 'location') {
      locations.push(entry);
    } else {
      rest.push(entry);
    }
  }
  if (listen.length === 0) return undefined;
  // An ssl listen without a certificate is refused by Server (and by nginx): such a server stays a block.
  const sslListen = listen.some((entry) => entry instanceof Object && (entry as { ssl?: boolean }).ssl);
  if (sslListen !== ssl.length > 0) return undefined;
  const props: Record<string, Value> = { listen };
  if (serverName) props.serverName = serverName;
  if (http2 !== undefined) props.http2 = http2;
  if (ssl.length > 0) {
    const tls = planTls(ssl);
    if (tls === undefined) return undefined;
    props.tls = tls;
  }
  if (bodySize !== undefined) props.clientMaxBodySize = bodySize;
  if (limits.length > 0) {
    const planned = planLimits(limits, context);
    if (planned === undefined) return undefined;
    props.limits = planned;
  }
  if (rest.length > 0) props.directives = rest as unknown as Value;
  // Limits hold references, which the schema cannot check here; their shape is planLimits' own.
  if (!ServerPropsSchema.safeParse({ ...props, limits: undefined }).success) return undefined;
  const port = listen[0] instanceof Object ? (listen[0] as { port: number }).port : listen[0];
  const isDefault = listen.some(
    (entry) => entry instanceof Object && 'defaultServer' in entry && entry.defaultServer,
  );
  const id = serverId(port as number, serverName?.[0] ?? (isDefault ? 'default' : ''), context.ids);
  const variable = names.variable(id);
  const statements: NewStatement[] = [
    { kind: 'new', variable, className: 'Server', scope: config, id, props },
  ];
  const ids = new Set<string>();
  for (const location of locations) {
    const [first, second] = location.args;
    const modifier = location.args.length === 2 ? first : undefined;
    const path = location.args.length === 2 ? second : first;
    if (path === undefined || location.args.length > 2 || location.block === undefined) return undefined;
    const base = path.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'root';
    let id = base;
    for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
    ids.add(id);
    const locationProps: Record<string, Value> = { path, modifier };
    if (location.block.length > 0) locationProps.directives = location.block as unknown as Value;
    if (!DirectiveSchema.array().safeParse(location.block).success) return undefined;
    statements.push({ kind: 'new', className: 'Location', scope: variable, id, props: locationProps });
  }
  return statements;
}
