import { Construct, type IConstruct } from 'constructs';
import * as z from 'zod';
import { addCheck } from '../../core/checks';
import { lazySchema } from '../../core/lazy-schema';
import { error, type Problem } from '../../core/problems';
import { parseProps, propsSchema } from '../../core/props';
import { touchTree } from '../../core/tree-version';
import { block, type Directive, d } from '../../model/nginx/ast';
import { Service } from '../compose/service';
import { constructRef, crossStackProblems } from '../references';
import { brand, hasBrand, misplaced, NGINX_CONFIG, NGINX_UPSTREAM, parentWith } from './brands';
import type { NginxConfig } from './nginx-config';
import { nginxValue } from './value-input';
import {
  hostSchema,
  type NginxValue,
  nginxName,
  portSchema,
  renderValue,
  secondsSchema,
  sizeSchema,
  timeSchema,
} from './values';

/** How nginx finds the addresses behind the servers' names; see docs/nginx-dns.md. */
export const DnsResolutionSchema = z.enum(['static', 'resolve', 'variable']);
/**
 * - `static`: resolved once when nginx starts (plain `server NAME:PORT;`).
 * - `resolve`: re-resolved while running (`server NAME:PORT resolve;` with a zone; nginx >= 1.27.3).
 * - `variable`: no upstream block; each location proxies to `http://$var:PORT`, resolved per request through
 *   the `resolver` (the pre-1.27.3 workaround; one server, no balancing parameters).
 */
export type DnsResolution = z.infer<typeof DnsResolutionSchema>;

/** One `server` line of an {@link Upstream}. */
export interface UpstreamServerSpec {
  /** The name (or IPv4 address) nginx connects to, e.g. a service name. */
  readonly host: string;
  /** The port nginx connects to. */
  readonly port: number;
  /**
   * `weight=N`: N times the share of requests of a weight-1 server.
   * @default 1 (nginx)
   */
  readonly weight?: number;
  /**
   * `max_fails=N`: failures within `failTimeout` that mark the server unavailable.
   * @default 1 (nginx)
   */
  readonly maxFails?: number;
  /**
   * `fail_timeout=T`: the failure window, and how long the server then stays unavailable.
   * @default '10s' (nginx)
   */
  readonly failTimeout?: string;
  /**
   * `max_conns=N`: at most N simultaneous connections (0: no limit).
   * @default 0 (nginx): no limit
   */
  readonly maxConns?: number;
  /**
   * `backup`: used only when every primary server is unavailable.
   * @default false
   */
  readonly backup?: boolean;
  /**
   * `down`: marked permanently unavailable.
   * @default false
   */
  readonly down?: boolean;
  /**
   * The service answering at `host:port`, so synth can check it lives in the same stack.
   * @default none: no check
   */
  readonly service?: Service;
}

/** A server line's `backup` and `down` when not given: for the schema and {@link upstreamServerSpec}. */
const SERVER_DEFAULTS = { backup: false, down: false } as const;

/** The schema of {@link UpstreamServerSpec}. */
export const UpstreamServerSchema = propsSchema<UpstreamServerSpec>()(() =>
  z.strictObject({
    host: hostSchema,
    port: portSchema,
    weight: z.number().int().min(1).optional(),
    maxFails: z.number().int().min(0).optional(),
    failTimeout: secondsSchema.optional(),
    maxConns: z.number().int().min(0).optional(),
    backup: z.boolean().default(SERVER_DEFAULTS.backup),
    down: z.boolean().default(SERVER_DEFAULTS.down),
    service: constructRef('Service', Service.isService).optional(),
  }),
);
type ServerSpec = z.output<typeof UpstreamServerSchema>;

/**
 * A server line with every default of {@link UpstreamServerSchema} filled in and the keys in its order: what the
 * schema would parse it to when it is valid, for a pattern to hand its Upstream over as already parsed (see
 * `parsedIf`).
 * @internal
 */
export function upstreamServerSpec(
  server: Omit<Partial<ServerSpec>, 'host' | 'port'> & { readonly host: string; readonly port: number },
): ServerSpec {
  return {
    host: server.host,
    port: server.port,
    ...(server.weight !== undefined ? { weight: server.weight } : {}),
    ...(server.maxFails !== undefined ? { maxFails: server.maxFails } : {}),
    ...(server.failTimeout !== undefined ? { failTimeout: server.failTimeout } : {}),
    ...(server.maxConns !== undefined ? { maxConns: server.maxConns } : {}),
    backup: server.backup ?? SERVER_DEFAULTS.backup,
    down: server.down ?? SERVER_DEFAULTS.down,
    ...(server.service !== undefined ? { service: server.service } : {}),
  };
}

/**
 * Who added a server on the user's behalf (e.g. a {@link BackupUpstream}), so that a problem about the server
 * is reported on that construct, at the prop the user wrote there, rather than on an upstream they never wrote.
 */
export interface ServerOrigin {
  /** The construct the user wrote, which added the server. */
  readonly construct: IConstruct;
  /**
   * Its prop that brought the server in (e.g. `service`).
   * @default the problem's own property
   */
  readonly property?: string;
}

/** The `zone` of an {@link Upstream}. */
export interface UpstreamZone {
  /**
   * The zone's name.
   * @default the upstream's name
   */
  readonly name?: string;
  /**
   * Its size.
   * @default '64k'
   */
  readonly size?: string;
}

/** Props of an {@link Upstream}. */
export interface UpstreamProps {
  /**
   * The upstream's name in nginx.conf (`proxy_pass http://NAME`).
   * @default the construct id
   */
  readonly name?: string;
  /**
   * The servers; add more with `addServer`. An upstream must have at least one at synth.
   * @default []
   */
  readonly servers?: UpstreamServerSpec[];
  /**
   * How nginx picks a server: `round-robin` (nginx's default), `least_conn`, `ip_hash`, `hash` (needs
   * `hashKey`), `random` (with `two`: the better of two random picks).
   * @default 'round-robin'
   */
  readonly method?: 'round-robin' | 'least_conn' | 'ip_hash' | 'hash' | 'random';
  /**
   * The key of `hash`, e.g. `nginxVar('request_uri')`.
   * @default none (required with `method: 'hash'`)
   */
  readonly hashKey?: NginxValue;
  /**
   * `hash KEY consistent`: ketama consistent hashing, so adding a server moves few keys.
   * @default false
   */
  readonly consistent?: boolean;
  /**
   * `random two`.
   * @default false
   */
  readonly two?: boolean;
  /**
   * `keepalive N`: idle connections to keep open per worker. Every location proxying here then also gets
   * `proxy_http_version 1.1` and an empty `Connection` header, without which nginx closes them anyway.
   * @default none: a new connection per request
   */
  readonly keepalive?: number;
  /**
   * `keepalive_timeout` in the upstream (nginx >= 1.15.3).
   * @default nginx's 60s
   */
  readonly keepaliveTimeout?: string;
  /**
   * `keepalive_requests` in the upstream (nginx >= 1.15.3).
   * @default nginx's 1000
   */
  readonly keepaliveRequests?: number;
  /**
   * How nginx finds the addresses behind the servers' names, see {@link DnsResolution}.
   * @default 'static'
   */
  readonly dns?: DnsResolution;
  /**
   * Hand a request whose primary servers all failed to the backup servers directly. With backup servers (and
   * dns other than `variable`) the upstream also writes `upstream NAME_backup` holding only them, and every
   * location proxying here answers nginx's own 502/504 by passing the request to a named location
   * `@NAME_backup` that proxies there (`error_page 502 504 = @NAME_backup`).
   *
   * Why: nginx reaches a `backup` server only after trying every primary address once, each up to
   * `proxy_connect_timeout` when the addresses vanished (connections time out instead of being refused), so
   * the wait grows with the number of replicas and `proxy_next_upstream_timeout` cuts it off with a 504.
   * With the hand-off, `proxy_next_upstream_timeout` bounds the primary attempt for any number of replicas
   * and the request still ends at a backup. The `backup` lines stay in this upstream: once nginx has marked
   * the primaries failed (`max_fails`), later requests go straight to the backups without waiting.
   * @default false (NginxProxy turns it on: `failover.handOff`)
   */
  readonly handOff?: boolean;
  /**
   * `zone NAME SIZE`: state shared between workers; `resolve` needs it. `false` leaves it out.
   * @default `{ name: <upstream name>, size: '64k' }` with dns `resolve`, else none
   */
  readonly zone?: false | UpstreamZone;
}

/**
 * An upstream's balancing method, {@link UpstreamProps.method}: its own schema so that patterns offering the
 * same choice take it without building the whole upstream schema.
 * @internal
 */
export const UpstreamMethodSchema = lazySchema(() =>
  z.enum(['round-robin', 'least_conn', 'ip_hash', 'hash', 'random']).default('round-robin'),
);

/** The schema of {@link UpstreamProps}. */
export const UpstreamPropsSchema = propsSchema<UpstreamProps>()(() =>
  z.strictObject({
    name: nginxName.optional(),
    servers: z.array(UpstreamServerSchema).default([]),
    method: UpstreamMethodSchema,
    hashKey: nginxValue.optional(),
    consistent: z.boolean().default(false),
    two: z.boolean().default(false),
    keepalive: z.number().int().min(1).optional(),
    keepaliveTimeout: timeSchema.optional(),
    keepaliveRequests: z.number().int().min(1).optional(),
    dns: DnsResolutionSchema.default('static'),
    handOff: z.boolean().default(false),
    zone: z
      .union([
        z.literal(false),
        z.strictObject({ name: nginxName.optional(), size: sizeSchema.default('64k') }),
      ])
      .optional(),
  }),
);
type Parsed = z.output<typeof UpstreamPropsSchema>;

/** Methods whose nginx module has no `backup` parameter (ngx_http_upstream_{hash,ip_hash,random}_module). */
const NO_BACKUP_METHODS: ReadonlySet<string> = new Set(['ip_hash', 'hash', 'random']);

/**
 * An `upstream` block: a named group of servers nginx balances requests over.
 *
 * @example
 * const pool = new Upstream(config, 'flaskappproxy', {
 *   servers: [{ host: 'flaskservice', port: 8001 }, { host: 'gotyourback', port: 8002, backup: true }],
 * });
 */
export class Upstream extends Construct {
  /** True for an Upstream, from any copy of the library (a brand, not `instanceof`). */
  static isUpstream(x: unknown): x is Upstream {
    return hasBrand(x, NGINX_UPSTREAM);
  }

  /** The name locations proxy to. */
  readonly name: string;
  private readonly props: Parsed;
  private readonly serverList: ServerSpec[];
  /** Servers another construct added, by entry: kept beside the list so the servers stay the user's props. */
  private readonly origins = new Map<ServerSpec, ServerOrigin>();

  constructor(scope: Construct, id: string, props: UpstreamProps = {}) {
    super(scope, id);
    brand(this, NGINX_UPSTREAM);
    this.props = parseProps(this, UpstreamPropsSchema, props);
    this.name = this.props.name ?? id;
    // Invalid servers were reported above; stand-ins keep every later index equal to the user's own. When none
    // was dropped, the parsed list already holds each server as parsed alone, so it is not parsed again.
    const given: unknown[] = Array.isArray(props.servers) ? props.servers : [];
    this.serverList =
      this.props.servers.length === given.length ? [...this.props.servers] : given.map(serverOrStandIn);
    addCheck(this, () => this.problems());
  }

  /** The servers, in file order. */
  get servers(): readonly Readonly<ServerSpec>[] {
    return this.serverList;
  }

  /** How nginx finds the addresses behind the servers' names (see docs/nginx-dns.md). */
  get dns(): DnsResolution {
    return this.props.dns;
  }

  /** How nginx picks a server for each request. */
  get method(): Parsed['method'] {
    return this.props.method;
  }

  /** Idle keepalive connections per worker, when set. */
  get keepalive(): number | undefined {
    return this.props.keepalive;
  }

  /** The NginxConfig this upstream belongs to (undefined when created outside one: an error at synth). */
  get config(): NginxConfig | undefined {
    return parentWith(this, NGINX_CONFIG) as NginxConfig | undefined;
  }

  /** The shared memory zone, if any: `{ name, size }`. */
  get zone(): { readonly name: string; readonly size: string } | undefined {
    const zone = this.props.zone;
    if (zone === false) return undefined;
    if (zone === undefined)
      return this.props.dns === 'resolve' ? { name: this.name, size: '64k' } : undefined;
    return { name: zone.name ?? this.name, size: zone.size };
  }

  /**
   * The backup-only upstream and named location requests are handed to when every primary failed, when
   * `handOff` is on and there is a backup server besides a primary (dns `variable` has no upstream block).
   */
  get handOff(): { readonly upstream: string; readonly location: string } | undefined {
    if (!this.props.handOff || this.props.dns === 'variable') return undefined;
    const backups = this.serverList.filter((server) => server.backup && !server.down);
    if (backups.length === 0 || backups.length === this.serverList.length) return undefined;
    const upstream = `${this.name}_backup`;
    return { upstream, location: `@${upstream}` };
  }

  /**
   * Adds a server line; invalid specs are reported at synth.
   * @param origin - the construct adding it on the user's behalf, where problems about it are reported
   */
  addServer(server: UpstreamServerSpec, origin?: ServerOrigin): void {
    parseProps(this, UpstreamServerSchema, server, `servers[${this.serverList.length}]`);
    const entry = serverOrStandIn(server);
    this.serverList.push(entry);
    touchTree(this);
    if (origin) this.origins.set(entry, origin);
  }

  /**
   * Turns the server at `host:port` into a backup (nginx sends it traffic only when every primary is down).
   * @param origin - the construct asking, where problems about the server are then reported
   * @returns false when the upstream has no such server
   */
  markBackup(host: string, port: number, origin?: ServerOrigin): boolean {
    const index = this.serverList.findIndex((server) => server.host === host && server.port === port);
    const found = this.serverList[index];
    if (found === undefined) return false;
    const entry = { ...found, backup: true };
    this.serverList[index] = entry;
    touchTree(this);
    const earlier = this.origins.get(found);
    if (origin ?? earlier) this.origins.set(entry, (origin ?? earlier) as ServerOrigin);
    return true;
  }

  /** The nginx variable a `variable`-resolution location proxies through. */
  get variableName(): string {
    return `upstream_${this.name.replace(/[^A-Za-z0-9_]/g, '_')}`;
  }

  /**
   * What a location writes to proxy to this upstream: `proxy_pass http://NAME;`, or with dns `variable`
   * `set $upstream_NAME HOST; proxy_pass http://$upstream_NAME:PORT;` (a variable forces nginx to resolve
   * the name through its `resolver` at request time instead of once at start).
   */
  proxyPassDirectives(): Directive[] {
    if (this.props.dns !== 'variable') return [d('proxy_pass', `http://${this.name}`)];
    const server = this.serverList[0];
    if (server === undefined) return [d('proxy_pass', `http://${this.name}`)];
    return [
      d('set', `$${this.variableName}`, server.host),
      d('proxy_pass', `http://$${this.variableName}:${server.port}`),
    ];
  }

  /**
   * The `upstream` block, and with {@link handOff} the backup-only block after it; nothing with dns
   * `variable`, which has no block by design.
   */
  toDirectives(): Directive[] {
    if (this.props.dns === 'variable') return [];
    const blocks = [this.block(this.name, this.zone, this.serverList)];
    const handOff = this.handOff;
    if (handOff) {
      // The same servers without `backup` (an upstream of backups only is refused by nginx), in a zone of
      // their own when re-resolved.
      const backups = this.serverList
        .filter((server) => server.backup && !server.down)
        .map((server) => ({ ...server, backup: false }));
      const zone = this.zone && { name: handOff.upstream, size: this.zone.size };
      blocks.push(this.block(handOff.upstream, zone, backups));
    }
    return blocks;
  }

  private block(
    name: string,
    zone: { readonly name: string; readonly size: string } | undefined,
    servers: readonly ServerSpec[],
  ): Directive {
    const body: Directive[] = [];
    if (zone) body.push(d('zone', zone.name, zone.size));
    // The balancing method must come before `keepalive`, which wraps whatever method is active.
    body.push(...this.methodDirectives());
    for (const server of servers) body.push(this.serverDirective(server));
    if (this.props.keepalive !== undefined) body.push(d('keepalive', String(this.props.keepalive)));
    if (this.props.keepaliveTimeout !== undefined)
      body.push(d('keepalive_timeout', this.props.keepaliveTimeout));
    if (this.props.keepaliveRequests !== undefined) {
      body.push(d('keepalive_requests', String(this.props.keepaliveRequests)));
    }
    return block('upstream', [name], body);
  }

  private methodDirectives(): Directive[] {
    const { method, hashKey, consistent, two } = this.props;
    switch (method) {
      case 'least_conn':
        return [d('least_conn')];
      case 'ip_hash':
        return [d('ip_hash')];
      case 'hash':
        return hashKey === undefined
          ? []
          : [d('hash', renderValue(hashKey), ...(consistent ? ['consistent'] : []))];
      case 'random':
        return [d('random', ...(two ? ['two'] : []))];
      default:
        return [];
    }
  }

  private serverDirective(server: ServerSpec): Directive {
    const args = [`${server.host}:${server.port}`];
    if (this.props.dns === 'resolve') args.push('resolve');
    if (server.weight !== undefined) args.push(`weight=${server.weight}`);
    if (server.maxConns !== undefined) args.push(`max_conns=${server.maxConns}`);
    if (server.maxFails !== undefined) args.push(`max_fails=${server.maxFails}`);
    if (server.failTimeout !== undefined) args.push(`fail_timeout=${server.failTimeout}`);
    if (server.backup) args.push('backup');
    if (server.down) args.push('down');
    return d('server', ...args);
  }

  private problems(): Problem[] {
    const problems: Problem[] = [];
    const props = this.props;
    const at = (server: ServerSpec, problem: Problem): Problem => this.aboutServer(server, problem);
    if (!this.config)
      problems.push(error(undefined, misplaced(this, 'an Upstream directly inside an NginxConfig')));
    if (this.serverList.length === 0) {
      problems.push(
        error('servers', 'expected at least one server, got none (nginx refuses an empty upstream)'),
      );
    } else if (this.serverList.every((server) => server.backup)) {
      const first = this.serverList[0] as ServerSpec;
      problems.push(
        at(
          first,
          error(
            'servers',
            `expected a primary server besides the backups of upstream "${this.name}", got only backups`,
          ),
        ),
      );
    }
    if (props.method === 'hash' && props.hashKey === undefined) {
      problems.push(
        error(
          'hashKey',
          'is required with method "hash" (expected e.g. nginxVar("request_uri")), got nothing',
        ),
      );
    }
    if (props.method !== 'hash' && props.hashKey !== undefined) {
      problems.push(error('hashKey', `is only used with method "hash", got method "${props.method}"`));
    }
    if (props.method !== 'hash' && props.consistent) {
      problems.push(error('consistent', `is only used with method "hash", got method "${props.method}"`));
    }
    if (props.method !== 'random' && props.two) {
      problems.push(error('two', `is only used with method "random", got method "${props.method}"`));
    }
    const seen = new Set<string>();
    this.serverList.forEach((server, i) => {
      const address = `${server.host}:${server.port}`;
      if (seen.has(address)) {
        problems.push(at(server, error(`servers[${i}]`, `expected each server once, got ${address} twice`)));
      }
      seen.add(address);
      if (server.backup && NO_BACKUP_METHODS.has(props.method)) {
        problems.push(
          at(
            server,
            error(
              `servers[${i}].backup`,
              `expected no backup server with method "${props.method}" (nginx allows backup servers only with round-robin and least_conn), got backup ${address}`,
            ),
          ),
        );
      }
    });
    if (props.dns === 'resolve' && props.zone === false) {
      problems.push(
        error('zone', 'is required with dns "resolve": nginx keeps re-resolved addresses in the zone'),
      );
    }
    if (props.dns === 'variable') problems.push(...this.variableProblems());
    if ((props.dns === 'variable' || props.dns === 'resolve') && this.config && !this.config.hasResolver) {
      problems.push(
        error(
          'dns',
          `"${props.dns}" needs a resolver: set \`resolver\` on ${this.config.node.path} (Docker's DNS is 127.0.0.11)`,
        ),
      );
    }
    const references = this.serverList.flatMap((server, i) =>
      server.service ? [{ property: `servers[${i}].service`, target: server.service as IConstruct }] : [],
    );
    problems.push(...crossStackProblems(this, references));
    return problems;
  }

  /** A problem about a server another construct added is reported on that construct, which the user wrote. */
  private aboutServer(server: ServerSpec, problem: Problem): Problem {
    const origin = this.origins.get(server);
    if (!origin || origin.construct === this) return problem;
    const { property: _property, ...rest } = problem;
    return {
      ...rest,
      ...(origin.property ? { property: origin.property } : {}),
      message: `upstream "${this.name}": ${rest.message}`,
      at: origin.construct,
    };
  }

  /** The per-request workaround proxies to one name with no upstream block, so nothing else can be honoured. */
  private variableProblems(): Problem[] {
    const problems: Problem[] = [];
    const props = this.props;
    const lost = (property: string, what: string, server?: ServerSpec): void => {
      const problem = error(
        property,
        `cannot be honoured with dns "variable" (got ${what}): nginx proxies to one name per request without an upstream block; use dns "resolve" (nginx >= 1.27.3) or "static"`,
      );
      problems.push(server ? this.aboutServer(server, problem) : problem);
    };
    if (this.serverList.length > 1) lost('servers', `${this.serverList.length} servers`);
    if (props.method !== 'round-robin') lost('method', `"${props.method}"`);
    if (props.keepalive !== undefined) lost('keepalive', String(props.keepalive));
    if (props.zone) lost('zone', 'a zone');
    this.serverList.forEach((server, i) => {
      if (server.backup) lost(`servers[${i}].backup`, `backup ${server.host}:${server.port}`, server);
      if (server.weight !== undefined) lost(`servers[${i}].weight`, `weight=${server.weight}`, server);
      if (server.maxFails !== undefined)
        lost(`servers[${i}].maxFails`, `max_fails=${server.maxFails}`, server);
      if (server.failTimeout !== undefined)
        lost(`servers[${i}].failTimeout`, `fail_timeout=${server.failTimeout}`, server);
      if (server.maxConns !== undefined)
        lost(`servers[${i}].maxConns`, `max_conns=${server.maxConns}`, server);
      if (server.down) lost(`servers[${i}].down`, 'down', server);
    });
    return problems;
  }
}

/** The parsed server, or (for one already reported invalid) the raw value with the flags defaulted. */
function serverOrStandIn(raw: unknown): ServerSpec {
  const parsed = UpstreamServerSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const given = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<ServerSpec>;
  return {
    ...given,
    host: String(given.host),
    port: Number(given.port),
    backup: given.backup === true,
    down: given.down === true,
  };
}
