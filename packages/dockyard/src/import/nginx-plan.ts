import { NginxConfigPropsSchema } from '../constructs/nginx/nginx-config';
import { ServerPropsSchema } from '../constructs/nginx/server';
import { UpstreamPropsSchema } from '../constructs/nginx/upstream';
import { DirectiveSchema } from '../constructs/nginx/values';
import type { Directive } from '../model/nginx/ast';
import type { ImportNote, Position } from './problems';
import { HelperCall, type Names, type NewStatement, type Value } from './program';

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
 * Plans an NginxConfig with its Upstreams, Servers and Locations. The main and http settings NginxConfig
 * writes itself become its props; upstreams and servers become constructs where their props can say exactly
 * what the file says (at `level` 'constructs'); everything else in http is the `directives` escape hatch,
 * printed in its place.
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
  let phase = 0; // 0: raw directives, 1: upstreams, 2: servers; constructs must follow in this order
  for (const directive of rest) {
    const kind = directive.name === 'upstream' ? 1 : directive.name === 'server' ? 2 : 0;
    const planned =
      level === 'raw' || kind === 0 || kind < phase || (kind === 1 && level === 'raw-upstreams')
        ? undefined
        : kind === 1
          ? planUpstream(directive, configVariable, names)
          : planServer(directive, configVariable, names);
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

/** A `server` block as a Server with Locations; its other directives are its escape hatch. */
function planServer(directive: Directive, config: string, names: Names): NewStatement[] | undefined {
  if (directive.args.length !== 0) return undefined;
  const listen: Value[] = [];
  const rest: Directive[] = [];
  const locations: Directive[] = [];
  let serverName: string[] | undefined;
  // nginx reads a server's directives in any order; a hand-written file may mix them with its locations.
  for (const entry of directive.block ?? []) {
    if (entry.name === 'listen') {
      const match = /^(?:(\d{1,3}(?:\.\d{1,3}){3}):)?(\d+)$/.exec(entry.args[0] ?? '');
      const flags = entry.args.slice(1);
      if (!match || flags.some((flag) => flag !== 'default_server')) return undefined;
      const port = Number(match[2]);
      listen.push(
        match[1] === undefined && flags.length === 0
          ? port
          : { port, address: match[1], defaultServer: flags.length > 0 ? true : undefined },
      );
    } else if (entry.name === 'server_name' && serverName === undefined) {
      serverName = entry.args;
    } else if (entry.name === 'location') {
      locations.push(entry);
    } else {
      rest.push(entry);
    }
  }
  if (listen.length === 0) return undefined;
  const props: Record<string, Value> = { listen };
  if (serverName) props.serverName = serverName;
  if (rest.length > 0) props.directives = rest as unknown as Value;
  if (!ServerPropsSchema.safeParse(props).success) return undefined;
  const port = listen[0] instanceof Object ? (listen[0] as { port: number }).port : listen[0];
  const variable = names.variable(`server-${port}`);
  const statements: NewStatement[] = [
    { kind: 'new', variable, className: 'Server', scope: config, id: `server-${port}`, props },
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
