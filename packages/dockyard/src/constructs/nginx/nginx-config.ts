import { Construct } from 'constructs';
import * as z from 'zod';
import type { RenderContext } from '../../core/artifact';
import { addCheck } from '../../core/checks';
import { error, type Problem } from '../../core/problems';
import { parseProps, propsSchema } from '../../core/props';
import { Stack } from '../../core/stack';
import { block, type Directive, d } from '../../model/nginx/ast';
import { NginxPrintError, printNginx } from '../../model/nginx/printer';
import { compareVersions, minimumNginxVersion } from '../../model/nginx/version';
import { resolverAddress } from '../../model/values';
import { brand, hasBrand, NGINX_CONFIG } from './brands';
import { CacheZone } from './cache-zone';
import { LimitZone } from './limits';
import { NginxMap } from './map';
import { Server } from './server';
import { Upstream } from './upstream';
import { directive } from './value-input';
import { absolutePath, literalText, secondsSchema, timeSchema, versionSchema } from './values';

const mimeType = z
  .string()
  .regex(/^[a-z0-9.+-]+\/[a-z0-9.+*-]+$/, { error: 'expected a MIME type such as "text/css"' });

/** Text types worth compressing; `text/html` is always compressed by nginx and must not be listed again. */
const DEFAULT_GZIP_TYPES: readonly string[] = [
  'application/javascript',
  'application/json',
  'application/xml',
  'image/svg+xml',
  'text/css',
  'text/javascript',
  'text/plain',
  'text/xml',
];

/** The `error_log` of an {@link NginxConfig}. */
export interface ErrorLog {
  /**
   * `stderr` or a file.
   * @default 'stderr'
   */
  readonly path?: string;
  /**
   * The least severe level logged.
   * @default 'warn'
   */
  readonly level?: 'debug' | 'info' | 'notice' | 'warn' | 'error' | 'crit' | 'alert' | 'emerg';
}

/** gzip settings of an {@link NginxConfig}. */
export interface Gzip {
  /**
   * `gzip_types`; `text/html` is always compressed by nginx and must not be listed.
   * @default DEFAULT_GZIP_TYPES
   */
  readonly types?: string[];
  /**
   * `gzip_min_length`: responses shorter than this are sent as they are.
   * @default 1024
   */
  readonly minLength?: number;
  /**
   * `gzip_comp_level`.
   * @default 5: most of the gain for a fraction of the CPU of 9
   */
  readonly level?: number;
}

/** The `resolver` of an {@link NginxConfig}. */
export interface Resolver {
  /** The DNS servers, e.g. `['127.0.0.11']` (Docker's embedded DNS). */
  readonly addresses: string[];
  /**
   * Cache answers for this long, overriding their TTL.
   * @default the answers' TTL
   */
  readonly valid?: string;
  /**
   * Ask for IPv6 addresses too.
   * @default false
   */
  readonly ipv6?: boolean;
  /**
   * `resolver_timeout`.
   * @default nginx's 30s
   */
  readonly timeout?: string;
}

/** Props of an {@link NginxConfig}: the main and `http` context of one nginx.conf. */
export interface NginxConfigProps {
  /**
   * The artifact's file name in the stack folder.
   * @default 'nginx.conf'
   */
  readonly fileName?: string;
  /**
   * The oldest nginx that will run this file. Synth fails when the file uses a directive or parameter that
   * version does not know.
   * @default no check
   */
  readonly nginxVersion?: string;
  /**
   * `user`: the account workers run as (the official image has `nginx`); false leaves it out.
   * @default 'nginx'
   */
  readonly user?: false | string;
  /**
   * `worker_processes`.
   * @default 'auto' (one per CPU)
   */
  readonly workerProcesses?: 'auto' | number;
  /**
   * `worker_connections` per worker (clients and upstream connections alike).
   * @default 1024
   */
  readonly workerConnections?: number;
  /**
   * `pid`: where the official image keeps it.
   * @default '/run/nginx.pid'
   */
  readonly pid?: string;
  /**
   * `error_log`: nginx's `stderr` writes to the inherited descriptor, so `docker logs` shows it without
   * opening `/dev/stderr` (which fails when stderr is a socket).
   * @default { path: 'stderr', level: 'warn' }
   */
  readonly errorLog?: ErrorLog;
  /**
   * `access_log`: to the container's stdout; false turns it off.
   * @default '/dev/stdout'
   */
  readonly accessLog?: false | string;
  /**
   * The `types` file to include; false leaves it out.
   * @default '/etc/nginx/mime.types'
   */
  readonly mimeTypes?: false | string;
  /**
   * `default_type` of files whose extension is not in `mimeTypes`.
   * @default 'application/octet-stream'
   */
  readonly defaultType?: string;
  /**
   * `keepalive_timeout` for idle client connections.
   * @default '65s' (the official image's value)
   */
  readonly keepaliveTimeout?: string;
  /**
   * `client_header_timeout`: a client must send its headers within this (slow-loris guard).
   * @default '10s'
   */
  readonly clientHeaderTimeout?: string;
  /**
   * `client_body_timeout`: the longest pause between two reads of a request body.
   * @default '30s'
   */
  readonly clientBodyTimeout?: string;
  /**
   * `send_timeout`: the longest pause between two writes to a client.
   * @default '30s'
   */
  readonly sendTimeout?: string;
  /**
   * `server_tokens`: false keeps the nginx version out of headers and error pages.
   * @default false
   */
  readonly serverTokens?: boolean;
  /**
   * `sendfile` and `tcp_nopush` for static files.
   * @default true
   */
  readonly sendfile?: boolean;
  /**
   * gzip for text responses; false (nginx's default) leaves it off.
   * @default false
   */
  readonly gzip?: false | Gzip;
  /**
   * `resolver`: the DNS server nginx asks at run time (needed for `resolve` and `variable` upstreams).
   * @default none
   */
  readonly resolver?: Resolver;
  /**
   * Escape hatch: more `http` directives before the upstreams and servers.
   * @default []
   */
  readonly directives?: Directive[];
}

/** The schema of {@link NginxConfigProps}. */
export const NginxConfigPropsSchema = propsSchema<NginxConfigProps>()(() =>
  z.strictObject({
    fileName: z.string().min(1).default('nginx.conf'),
    nginxVersion: versionSchema.optional(),
    user: z
      .union([z.literal(false), z.string().regex(/^[a-z_][a-z0-9_-]*$/, { error: 'expected a user name' })])
      .default('nginx'),
    workerProcesses: z.union([z.literal('auto'), z.number().int().min(1).max(1024)]).default('auto'),
    workerConnections: z.number().int().min(1).max(1_000_000).default(1024),
    pid: absolutePath.default('/run/nginx.pid'),
    errorLog: z
      .strictObject({
        path: z.union([z.literal('stderr'), absolutePath]).default('stderr'),
        level: z.enum(['debug', 'info', 'notice', 'warn', 'error', 'crit', 'alert', 'emerg']).default('warn'),
      })
      .default({ path: 'stderr', level: 'warn' }),
    accessLog: z.union([z.literal(false), absolutePath]).default('/dev/stdout'),
    mimeTypes: z.union([z.literal(false), absolutePath]).default('/etc/nginx/mime.types'),
    defaultType: mimeType.default('application/octet-stream'),
    keepaliveTimeout: timeSchema.default('65s'),
    clientHeaderTimeout: timeSchema.default('10s'),
    clientBodyTimeout: timeSchema.default('30s'),
    sendTimeout: timeSchema.default('30s'),
    serverTokens: z.boolean().default(false),
    sendfile: z.boolean().default(true),
    gzip: z
      .union([
        z.literal(false),
        z.strictObject({
          types: z
            .array(mimeType)
            .default([...DEFAULT_GZIP_TYPES])
            .refine((types) => !types.includes('text/html'), {
              error: 'expected no "text/html": nginx always compresses it',
            }),
          minLength: z.number().int().min(0).default(1024),
          level: z.number().int().min(1).max(9).default(5),
        }),
      ])
      .default(false),
    resolver: z
      .strictObject({
        addresses: z.array(literalText.pipe(resolverAddress.schema)).min(1),
        valid: secondsSchema.optional(),
        ipv6: z.boolean().default(false),
        timeout: timeSchema.optional(),
      })
      .optional(),
    directives: z.array(directive).default([]),
  }),
);
type Parsed = z.output<typeof NginxConfigPropsSchema>;

/**
 * A whole nginx.conf, contributed to its stack as an artifact. Its cache zones, upstreams and servers are the
 * {@link CacheZone}, {@link Upstream} and {@link Server} constructs created directly inside it; everything is
 * rendered as a Directive tree and printed by the model's printer, so no string can add a directive.
 *
 * @example
 * const config = new NginxConfig(stack, 'nginx', { nginxVersion: '1.28.0', gzip: {} });
 * const pool = new Upstream(config, 'app', { servers: [{ host: 'web', port: 8000 }] });
 * const server = new Server(config, 'default');
 * new Location(server, 'root', { path: '/', proxy: { upstream: pool } });
 */
export class NginxConfig extends Construct {
  /** True for an NginxConfig, from any copy of the library (a brand, not `instanceof`). */
  static isNginxConfig(x: unknown): x is NginxConfig {
    return hasBrand(x, NGINX_CONFIG);
  }

  /** The file this config is written to, in its stack's folder. @default `nginx.conf` */
  readonly fileName: string;
  private readonly props: Parsed;

  constructor(scope: Construct, id: string, props: NginxConfigProps = {}) {
    super(scope, id);
    brand(this, NGINX_CONFIG);
    this.props = parseProps(this, NginxConfigPropsSchema, props);
    this.fileName = this.props.fileName;
    Stack.of(this).addArtifact({
      fileName: this.fileName,
      kind: 'nginx',
      owner: this,
      render: (context) => this.render(context),
    });
    addCheck(this, () => this.problems());
  }

  /** The nginx version the file is written for, when set. */
  get nginxVersion(): string | undefined {
    return this.props.nginxVersion;
  }

  /** True when a `resolver` is configured. */
  get hasResolver(): boolean {
    return this.props.resolver !== undefined;
  }

  /** The upstream blocks, in the order they were created. */
  get upstreams(): Upstream[] {
    return this.node.children.filter(Upstream.isUpstream);
  }

  /** The server blocks, in the order they were created. */
  get servers(): Server[] {
    return this.node.children.filter(Server.isServer);
  }

  /** The cache zones (`proxy_cache_path`), in the order they were created. */
  get cacheZones(): CacheZone[] {
    return this.node.children.filter(CacheZone.isCacheZone);
  }

  /** The whole file as a Directive tree. */
  toDirectives(): Directive[] {
    const props = this.props;
    const main: Directive[] = [];
    if (props.user !== false) main.push(d('user', props.user));
    main.push(d('worker_processes', String(props.workerProcesses)));
    main.push(d('pid', props.pid));
    main.push(d('error_log', props.errorLog.path, props.errorLog.level));
    main.push(block('events', [], [d('worker_connections', String(props.workerConnections))]));
    main.push(block('http', [], this.httpDirectives()));
    return main;
  }

  /**
   * The oldest open-source nginx that accepts this file, and the directives that decide it.
   * @example config.minimumNginxVersion().version // '1.27.3' when an upstream uses `resolve`
   */
  minimumNginxVersion(): { version: string; because: string[] } {
    return minimumNginxVersion(this.toDirectives());
  }

  private httpDirectives(): Directive[] {
    const props = this.props;
    const http: Directive[] = [];
    if (props.mimeTypes !== false) http.push(d('include', props.mimeTypes));
    http.push(d('default_type', props.defaultType));
    http.push(props.accessLog === false ? d('access_log', 'off') : d('access_log', props.accessLog));
    if (props.sendfile) http.push(d('sendfile', 'on'), d('tcp_nopush', 'on'));
    http.push(d('keepalive_timeout', props.keepaliveTimeout));
    http.push(d('client_header_timeout', props.clientHeaderTimeout));
    http.push(d('client_body_timeout', props.clientBodyTimeout));
    http.push(d('send_timeout', props.sendTimeout));
    http.push(d('server_tokens', props.serverTokens ? 'on' : 'off'));
    if (props.gzip !== false) {
      http.push(
        d('gzip', 'on'),
        d('gzip_comp_level', String(props.gzip.level)),
        d('gzip_min_length', String(props.gzip.minLength)),
        // Also compress for clients behind another proxy, and tell caches the body depends on Accept-Encoding.
        d('gzip_proxied', 'any'),
        d('gzip_vary', 'on'),
        d('gzip_types', ...props.gzip.types),
      );
    }
    if (props.resolver) {
      const { addresses, valid, ipv6, timeout } = props.resolver;
      const args = [...addresses];
      if (valid !== undefined) args.push(`valid=${valid}`);
      if (!ipv6) args.push('ipv6=off');
      http.push(d('resolver', ...args));
      if (timeout !== undefined) http.push(d('resolver_timeout', timeout));
    }
    http.push(...props.directives);
    // One pass over the children, kept in creation order within each kind.
    const zones: Directive[] = [];
    const upstreams: Directive[] = [];
    const servers: Directive[] = [];
    for (const child of this.node.children) {
      if (CacheZone.isCacheZone(child) || LimitZone.isLimitZone(child) || NginxMap.isNginxMap(child))
        zones.push(...child.toDirectives());
      else if (Upstream.isUpstream(child)) upstreams.push(...child.toDirectives());
      else if (Server.isServer(child)) servers.push(...child.toDirectives());
    }
    return [...http, ...zones, ...upstreams, ...servers];
  }

  private render(context: RenderContext): string {
    const tree = this.toDirectives();
    const target = this.props.nginxVersion;
    if (target !== undefined) {
      const needed = minimumNginxVersion(tree);
      if (compareVersions(needed.version, target) > 0) {
        context.report(
          this,
          error(
            'nginxVersion',
            `expected a config nginx ${target} accepts, got one that needs nginx >= ${needed.version}: ${needed.because.join('; ')}`,
          ),
        );
      }
    }
    try {
      return printNginx(tree);
    } catch (failure) {
      if (!(failure instanceof NginxPrintError)) throw failure;
      context.report(this, error(undefined, failure.message));
      return '';
    }
  }

  private problems(): Problem[] {
    const problems: Problem[] = [];
    // Upstream zones and cache keys zones share one namespace of shared memory zones.
    const upstreamNames = new Map<string, Upstream>();
    const zoneOwners = new Map<string, Construct>();
    const claimZone = (name: string, owner: Construct): void => {
      const earlier = zoneOwners.get(name);
      if (earlier === undefined) zoneOwners.set(name, owner);
      else {
        problems.push({
          ...error(
            'zone',
            `expected a shared memory zone name used once, got "${name}" again (first at ${earlier.node.path})`,
          ),
          at: owner,
        });
      }
    };
    for (const child of this.node.children) {
      if (Upstream.isUpstream(child)) {
        // An upstream that hands requests to its backups also writes `<name>_backup` (and its zone).
        const handOff = child.handOff;
        const names = handOff ? [child.name, handOff.upstream] : [child.name];
        const taken = names.map((name) => [name, upstreamNames.get(name)] as const).find(([, up]) => up);
        if (taken !== undefined) {
          const [name, earlier] = taken;
          problems.push({
            ...error(
              'name',
              `expected an upstream name used once, got "${name}" again (first at ${earlier?.node.path})`,
            ),
            at: child,
          });
          continue;
        }
        for (const name of names) upstreamNames.set(name, child);
        const zone = child.zone;
        if (zone) claimZone(zone.name, child);
        if (zone && handOff) claimZone(handOff.upstream, child);
      } else if (CacheZone.isCacheZone(child) || LimitZone.isLimitZone(child)) {
        claimZone(child.name, child);
      }
    }
    return problems;
  }
}
