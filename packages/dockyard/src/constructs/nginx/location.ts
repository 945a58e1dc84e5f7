import { Construct } from 'constructs';
import * as z from 'zod';
import { addCheck } from '../../core/checks';
import { error, type Problem } from '../../core/problems';
import { parseProps, propsSchema } from '../../core/props';
import { block, type Directive, d } from '../../model/nginx/ast';
import { constructRef } from '../references';
import { brand, hasBrand, misplaced, NGINX_CONFIG, NGINX_LOCATION, NGINX_SERVER, parentWith } from './brands';
import { CacheZone } from './cache-zone';
import { type Limits, LimitsSchema, limitDirectives, limitProblems } from './limits';
import { NginxMap } from './map';
import {
  addHeaderDirectives,
  type ErrorPageSpec,
  errorPageDirectives,
  mergeHeaders,
  proxyHeaderDirectives,
  proxyTuningDirectives,
} from './render-parts';
import { Upstream } from './upstream';
import { directive, nginxValue } from './value-input';
import {
  type AddHeader,
  AddHeaderSchema,
  absolutePath,
  controlCharacter,
  HeaderValueSchema,
  type NginxValue,
  nginxVar,
  type ProxyHeader,
  ProxyHeaderSchema,
  type ProxyTuning,
  ProxyTuningSchema,
  renderValue,
  secondsSchema,
} from './values';

const STALE_CONDITIONS = [
  'error',
  'timeout',
  'invalid_header',
  'updating',
  'http_500',
  'http_502',
  'http_503',
  'http_504',
  'http_403',
  'http_404',
  'http_429',
] as const;

/** One `proxy_cache_valid` of a {@link LocationCache}. */
export interface CacheValidity {
  /**
   * The statuses, or `any`.
   * @default [200]
   */
  readonly statuses?: 'any' | number[];
  /** How long responses with these statuses stay fresh, e.g. `10m`. */
  readonly ttl: string;
}

/** Response caching for a proxying location. */
export interface LocationCache {
  /** The {@link CacheZone} responses are stored in. */
  readonly zone: CacheZone;
  /** `proxy_cache_valid`: how long responses with these statuses stay fresh. */
  readonly valid: CacheValidity[];
  /**
   * `proxy_cache_key`.
   * @default nginx's `$scheme$proxy_host$request_uri`
   */
  readonly key?: NginxValue;
  /**
   * `proxy_cache_use_stale`: serve a stale copy instead of an error while the servers fail; `false` never does.
   * @default ['error', 'timeout', 'updating', 'http_500', 'http_502', 'http_503', 'http_504']
   */
  readonly useStale?: false | Array<(typeof STALE_CONDITIONS)[number]>;
  /**
   * `proxy_cache_lock`: one request fills a missing entry, the others wait for it.
   * @default true
   */
  readonly lock?: boolean;
  /**
   * Adds `X-Cache-Status: $upstream_cache_status` (HIT, MISS, ...).
   * @default true
   */
  readonly statusHeader?: boolean;
  /**
   * Requests for which any of these is non-empty and not "0" are neither answered from nor stored in the cache
   * (`proxy_cache_bypass` and `proxy_no_cache`). nginx itself ignores `Authorization` when caching, so the
   * default keeps one user's authorised response from being served to another.
   * @default [nginxVar('http_authorization')]
   */
  readonly bypass?: NginxValue[];
}

/**
 * The defaults of a {@link LocationCache}, for its schema and {@link locationCacheSpec}. The lists are made per
 * use, so no parsed props share one another could change.
 */
const CACHE_DEFAULTS = {
  statuses: (): number[] => [200],
  useStale: (): Array<(typeof STALE_CONDITIONS)[number]> => [
    'error',
    'timeout',
    'updating',
    'http_500',
    'http_502',
    'http_503',
    'http_504',
  ],
  lock: true,
  statusHeader: true,
  bypass: (): NginxValue[] => [nginxVar('http_authorization')],
} as const;

/** The schema of {@link LocationCache}. */
export const LocationCacheSchema = propsSchema<LocationCache>()(() =>
  z.strictObject({
    zone: constructRef('CacheZone', CacheZone.isCacheZone),
    valid: z
      .array(
        z.strictObject({
          statuses: z
            .union([z.literal('any'), z.array(z.number().int().min(100).max(599)).min(1)])
            .default(CACHE_DEFAULTS.statuses),
          ttl: secondsSchema,
        }),
      )
      .min(1),
    key: nginxValue.optional(),
    useStale: z
      .union([z.literal(false), z.array(z.enum(STALE_CONDITIONS)).min(1)])
      .default(CACHE_DEFAULTS.useStale),
    lock: z.boolean().default(CACHE_DEFAULTS.lock),
    statusHeader: z.boolean().default(CACHE_DEFAULTS.statusHeader),
    bypass: z.array(nginxValue).default(CACHE_DEFAULTS.bypass),
  }),
);

/** What a location proxies to, and how. */
export interface LocationProxy {
  /** The {@link Upstream} requests are passed to. */
  readonly upstream: Upstream;
  /**
   * Headers sent upstream on top of (or replacing, by name) the server's `proxyHeaders`.
   * @default []
   */
  readonly headers?: ProxyHeader[];
  /**
   * Timeouts and failover that differ from the server's.
   * @default the server's
   */
  readonly tuning?: ProxyTuning;
  /**
   * Response caching.
   * @default no caching
   */
  readonly cache?: LocationCache;
  /**
   * A WebSocket (or any `Upgrade`) route: HTTP/1.1 to the upstream, `Upgrade: $http_upgrade` and `Connection`
   * from `connection`, a map of `$http_upgrade` (`upgrade`, or `close` for a plain request), because nginx
   * drops both hop-by-hop headers otherwise.
   * @default none (not a WebSocket route)
   */
  readonly websocket?: { connection: NginxMap };
}

/** The schema of {@link LocationProxy}. */
export const LocationProxySchema = propsSchema<LocationProxy>()(() =>
  z.strictObject({
    upstream: constructRef('Upstream', Upstream.isUpstream),
    headers: z.array(ProxyHeaderSchema).default([]),
    tuning: ProxyTuningSchema.optional(),
    cache: LocationCacheSchema.optional(),
    websocket: z.strictObject({ connection: constructRef('NginxMap', NginxMap.isNginxMap) }).optional(),
  }),
);

/** Props of a {@link Location}. */
export interface LocationProps {
  /** The URI prefix, exact URI, regular expression or `@name` this location matches. */
  readonly path: string;
  /**
   * nginx's match modifier: none (prefix), `=` (exact), `^~` (prefix that stops the regex search), `~` (regex),
   * `~*` (case-insensitive regex).
   * @default none: a prefix match
   */
  readonly modifier?: '=' | '^~' | '~' | '~*';
  /**
   * What the location proxies to, and how.
   * @default no proxying
   */
  readonly proxy?: LocationProxy;
  /**
   * `alias`: serve files from this folder instead of the path (prefix locations: both end with "/").
   * @default none
   */
  readonly alias?: string;
  /**
   * `root`: serve files from this folder + the request path.
   * @default the server's
   */
  readonly root?: string;
  /**
   * `return CODE [TEXT|URL]`.
   * @default none
   */
  readonly return?: { code: number; text?: NginxValue };
  /**
   * `internal`: only reachable through internal redirects (`error_page`, `try_files`).
   * @default false
   */
  readonly internal?: boolean;
  /**
   * `expires`: Cache-Control/Expires sent with the response.
   * @default none
   */
  readonly expires?: string;
  /**
   * Response headers on top of (or replacing, by name) the server's.
   * @default []
   */
  readonly headers?: AddHeader[];
  /**
   * Request-rate and connection limits; replaces the server's (nginx inherits limit_req only when a block has
   * none).
   * @default the server's
   */
  readonly limits?: Limits;
  /**
   * Escape hatch: more directives at the end of the block, printed like everything else.
   * @default []
   */
  readonly directives?: Directive[];
}

/** The rule of a location's `path`, for its schema and for patterns that take a path from their caller. */
export const locationPath = z.string().min(1);

/** `internal` when not given: for the schema and {@link locationSpec}. */
const NOT_INTERNAL = false;

/** The schema of {@link LocationProps}. */
export const LocationPropsSchema = propsSchema<LocationProps>()(() =>
  z.strictObject({
    path: locationPath,
    modifier: z.enum(['=', '^~', '~', '~*']).optional(),
    proxy: LocationProxySchema.optional(),
    alias: absolutePath.optional(),
    root: absolutePath.optional(),
    return: z
      .strictObject({ code: z.number().int().min(100).max(599), text: nginxValue.optional() })
      .optional(),
    internal: z.boolean().default(NOT_INTERNAL),
    expires: z.union([secondsSchema, z.enum(['off', 'max', 'epoch'])]).optional(),
    headers: z.array(AddHeaderSchema).default([]),
    limits: LimitsSchema.optional(),
    directives: z.array(directive).default([]),
  }),
);
type Parsed = z.output<typeof LocationPropsSchema>;
type ParsedProxy = NonNullable<Parsed['proxy']>;
type ParsedCache = NonNullable<ParsedProxy['cache']>;

/**
 * Location props with every default of {@link LocationPropsSchema} filled in and the keys in its order: what the
 * schema would parse `props` to when they are valid, for a pattern to hand over as already parsed (see
 * `parsedIf`). Nested values must already be as the schema returns them ({@link locationProxySpec}).
 * @internal
 */
export function locationSpec(props: Omit<Partial<Parsed>, 'path'> & { readonly path: string }): Parsed {
  return {
    path: props.path,
    ...(props.modifier !== undefined ? { modifier: props.modifier } : {}),
    ...(props.proxy !== undefined ? { proxy: props.proxy } : {}),
    ...(props.alias !== undefined ? { alias: props.alias } : {}),
    ...(props.root !== undefined ? { root: props.root } : {}),
    ...(props.return !== undefined ? { return: props.return } : {}),
    internal: props.internal ?? NOT_INTERNAL,
    ...(props.expires !== undefined ? { expires: props.expires } : {}),
    headers: props.headers ?? [],
    ...(props.limits !== undefined ? { limits: props.limits } : {}),
    directives: props.directives ?? [],
  };
}

/** A {@link LocationProxy} as {@link locationSpec} needs it: defaults filled, keys in the schema's order. @internal */
export function locationProxySpec(
  props: Omit<Partial<ParsedProxy>, 'upstream'> & { readonly upstream: Upstream },
): ParsedProxy {
  return {
    upstream: props.upstream,
    headers: props.headers ?? [],
    ...(props.tuning !== undefined ? { tuning: props.tuning } : {}),
    ...(props.cache !== undefined ? { cache: props.cache } : {}),
    ...(props.websocket !== undefined ? { websocket: props.websocket } : {}),
  };
}

/** A {@link LocationCache} as {@link locationProxySpec} needs it: defaults filled, keys in the schema's order. @internal */
export function locationCacheSpec(props: {
  readonly zone: CacheZone;
  readonly valid: ReadonlyArray<{
    readonly statuses?: ParsedCache['valid'][number]['statuses'];
    readonly ttl: string;
  }>;
  readonly key?: NginxValue;
  readonly useStale?: ParsedCache['useStale'];
  readonly lock?: boolean;
  readonly statusHeader?: boolean;
  readonly bypass?: NginxValue[];
}): ParsedCache {
  return {
    zone: props.zone,
    valid: props.valid.map(({ statuses, ttl }) => ({ statuses: statuses ?? CACHE_DEFAULTS.statuses(), ttl })),
    ...(props.key !== undefined ? { key: props.key } : {}),
    useStale: props.useStale ?? CACHE_DEFAULTS.useStale(),
    lock: props.lock ?? CACHE_DEFAULTS.lock,
    statusHeader: props.statusHeader ?? CACHE_DEFAULTS.statusHeader,
    bypass: props.bypass ?? CACHE_DEFAULTS.bypass(),
  };
}
type InheritedHeaders = {
  readonly headers: readonly z.output<typeof AddHeaderSchema>[];
  readonly proxyHeaders: readonly z.output<typeof ProxyHeaderSchema>[];
  /** The server's `error_page`s, which a location loses as soon as it declares one of its own. */
  readonly errorPages: readonly ErrorPageSpec[];
};

/** nginx's own answers when no primary could serve the request: 502 (errors) and 504 (timeouts). */
const HAND_OFF_CODES: readonly number[] = [502, 504];

const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/**
 * A `location` block of a {@link Server}: proxying to an {@link Upstream} (with caching), serving files
 * (`alias`/`root`) or answering directly (`return`).
 *
 * @example
 * new Location(server, 'app', { path: '/', proxy: { upstream: pool } });
 * new Location(server, 'static', { path: '/static/', modifier: '^~', alias: '/srv/static/web/' });
 */
export class Location extends Construct {
  /** True for a Location, from any copy of the library (a brand, not `instanceof`). */
  static isLocation(x: unknown): x is Location {
    return hasBrand(x, NGINX_LOCATION);
  }

  private readonly props: Parsed;

  constructor(scope: Construct, id: string, props: LocationProps) {
    super(scope, id);
    brand(this, NGINX_LOCATION);
    this.props = parseProps(this, LocationPropsSchema, props);
    addCheck(this, () => this.problems());
  }

  /** The path (or `@name` of a named location) the block matches. */
  get path(): string {
    return this.props.path;
  }

  /** The match modifier (`=`, `~`, `~*`, `^~`), when not a prefix match. */
  get modifier(): Parsed['modifier'] {
    return this.props.modifier;
  }

  /** The upstream this location proxies to, if any. */
  get upstream(): Upstream | undefined {
    return this.props.proxy?.upstream;
  }

  /** The folder this location serves files from with `alias`, if any (read by `dockyard graph`). */
  get alias(): string | undefined {
    return this.props.alias;
  }

  /** Whether nginx caches the responses this location proxies (read by `dockyard graph`). */
  get cached(): boolean {
    return this.props.proxy?.cache !== undefined;
  }

  /** The upstream this location hands requests to the backups of (see `Upstream` prop `handOff`), if any. */
  get handOffUpstream(): Upstream | undefined {
    const upstream = this.props.proxy?.upstream;
    return upstream?.handOff ? upstream : undefined;
  }

  /**
   * Two locations with the same key cannot share a server: nginx treats `/x` and `^~ /x` as the same prefix
   * (a "duplicate location" error); regexes are compared as written.
   */
  get matchKey(): string {
    const { path, modifier } = this.props;
    if (modifier === '=') return `exact ${path}`;
    if (modifier === '~' || modifier === '~*') return `${modifier} ${path}`;
    return path.startsWith('@') ? `named ${path}` : `prefix ${path}`;
  }

  /** How nginx would write the match, e.g. `= /50x.html`. */
  get description(): string {
    return this.props.modifier ? `${this.props.modifier} ${this.props.path}` : this.props.path;
  }

  /**
   * The `location` block, given what the server declares for all its locations.
   * @internal Its Server renders it; a program never needs to.
   */
  toDirectives(inherited: InheritedHeaders): Directive[] {
    const props = this.props;
    const body: Directive[] = [];
    if (props.internal) body.push(d('internal'));
    const ownHeaders = [...props.headers];
    if (props.proxy?.cache?.statusHeader) {
      ownHeaders.push({ name: 'X-Cache-Status', value: nginxVar('upstream_cache_status'), always: true });
    }
    if (ownHeaders.length > 0) body.push(...addHeaderDirectives(mergeHeaders(inherited.headers, ownHeaders)));
    body.push(...limitDirectives(props.limits));
    if (props.proxy) body.push(...this.proxyDirectives(props.proxy, inherited));
    if (props.root !== undefined) body.push(d('root', props.root));
    if (props.alias !== undefined) body.push(d('alias', props.alias));
    if (props.expires !== undefined) body.push(d('expires', props.expires));
    if (props.return) {
      const { code, text } = props.return;
      body.push(
        text === undefined ? d('return', String(code)) : d('return', String(code), renderValue(text)),
      );
    }
    body.push(...props.directives);
    const args = props.modifier ? [props.modifier, props.path] : [props.path];
    return [block('location', args, body)];
  }

  private proxyDirectives(proxy: NonNullable<Parsed['proxy']>, inherited: InheritedHeaders): Directive[] {
    const out: Directive[] = [];
    const handOff = proxy.upstream.handOff;
    if (handOff) {
      // The server's error pages for the other codes are repeated: a location's own error_page hides them.
      // recursive_error_pages lets the named location's own failure (every backup down too) still end in
      // the server's error page instead of nginx's built-in one.
      const others = inherited.errorPages
        .map((page) => ({ ...page, codes: page.codes.filter((code) => !HAND_OFF_CODES.includes(code)) }))
        .filter((page) => page.codes.length > 0);
      out.push(
        d('recursive_error_pages', 'on'),
        d('error_page', ...HAND_OFF_CODES.map(String), '=', handOff.location),
        ...errorPageDirectives(others),
      );
    }
    out.push(...upstreamHeaderDirectives(proxy.upstream, proxy.headers, inherited, proxy.websocket));
    out.push(...proxyTuningDirectives(proxy.tuning));
    if (proxy.cache) out.push(...cacheDirectives(proxy.cache));
    out.push(...proxy.upstream.proxyPassDirectives());
    return out;
  }

  private problems(): Problem[] {
    const problems: Problem[] = [];
    const props = this.props;
    const server = parentWith(this, NGINX_SERVER);
    const config = server && parentWith(server, NGINX_CONFIG);
    if (!server) problems.push(error(undefined, misplaced(this, 'a Location directly inside a Server')));
    const regex = props.modifier === '~' || props.modifier === '~*';
    if (!regex && !props.path.startsWith('/') && !props.path.startsWith('@')) {
      problems.push(
        error(
          'path',
          `expected a path starting with "/" (or a regex modifier), got ${JSON.stringify(props.path)}`,
        ),
      );
    }
    if (controlCharacter(props.path, false) !== undefined)
      problems.push(
        error('path', `expected a path without control characters, got ${JSON.stringify(props.path)}`),
      );
    const handlers = [
      props.proxy && 'proxy',
      props.alias !== undefined && 'alias',
      props.return && 'return',
    ].filter((name): name is string => typeof name === 'string');
    if (handlers.length > 1) {
      problems.push(
        error(undefined, `expected at most one of proxy, alias and return, got ${handlers.join(' and ')}`),
      );
    }
    if (props.alias !== undefined && props.root !== undefined) {
      problems.push(error('alias', 'expected alias or root, got both'));
    }
    if (props.alias !== undefined) problems.push(...aliasProblems(props.path, props.alias, props.modifier));
    if (props.return?.text !== undefined && REDIRECTS.has(props.return.code)) {
      const safe = HeaderValueSchema.safeParse(props.return.text);
      if (!safe.success) {
        problems.push(
          error('return.text', 'expected a redirect URL without CR, LF or other control characters'),
        );
      }
    }
    const upstream = props.proxy?.upstream;
    // Invalid props leave their raw value here (see parseProps), already reported: only an Upstream is compared.
    if (Upstream.isUpstream(upstream) && config && upstream.config !== config) {
      problems.push(
        error(
          'proxy.upstream',
          `expected an Upstream of ${config.node.path}, got Upstream "${upstream.node.path}" of ${upstream.config?.node.path ?? 'no NginxConfig'} (each nginx.conf only knows its own upstreams)`,
        ),
      );
    }
    problems.push(...limitProblems(props.limits, config as Construct | undefined));
    const map = props.proxy?.websocket?.connection;
    if (map && config && parentWith(map, NGINX_CONFIG) !== config) {
      problems.push(
        error(
          'proxy.websocket.connection',
          `expected an NginxMap of ${config.node.path}, got "${map.node.path}"`,
        ),
      );
    }
    const zone = props.proxy?.cache?.zone;
    if (zone && config && zone.config !== config) {
      problems.push(
        error(
          'proxy.cache.zone',
          `expected a CacheZone of ${config.node.path}, got CacheZone "${zone.node.path}" of ${zone.config?.node.path ?? 'no NginxConfig'}`,
        ),
      );
    }
    return problems;
  }
}

/** HTTP/1.1 and the request headers for proxying to `upstream`, with the location's own headers on top. */
function upstreamHeaderDirectives(
  upstream: Upstream,
  headers: readonly z.output<typeof ProxyHeaderSchema>[],
  inherited: InheritedHeaders,
  websocket?: { readonly connection: NginxMap },
): Directive[] {
  const out: Directive[] = [];
  const own = [...headers];
  if (websocket) {
    // A WebSocket handshake needs HTTP/1.1 and the client's Upgrade; Connection comes from the map, so a plain
    // request on the same route still gets keepalive-friendly headers.
    out.push(d('proxy_http_version', '1.1'));
    for (const [name, variable] of [
      ['Upgrade', 'http_upgrade'],
      ['Connection', websocket.connection.variable],
    ] as const) {
      if (!own.some((header) => header.name.toLowerCase() === name.toLowerCase()))
        own.push({ name, value: nginxVar(variable) });
    }
  } else if (upstream.keepalive !== undefined) {
    // Keepalive to an upstream needs HTTP/1.1 and no "Connection: close" from nginx's default headers.
    out.push(d('proxy_http_version', '1.1'));
    if (!own.some((header) => header.name.toLowerCase() === 'connection'))
      own.push({ name: 'Connection', value: '' });
  }
  // Always written here, never at server level: one proxy_set_header in a location hides all inherited ones.
  out.push(...proxyHeaderDirectives(mergeHeaders(inherited.proxyHeaders, own)));
  return out;
}

/**
 * The named location a route hands a request to when every primary of `upstream` failed: it proxies to the
 * backup-only upstream with the server's request headers, timeouts and error pages.
 *
 * A POST, PATCH or LOCK that already reached a primary is not sent again (nginx's own rule for
 * `proxy_next_upstream`, which never retries a non-idempotent request once sent): it gets 502 and the
 * server's error page. `$upstream_bytes_sent` still holds the primaries' attempts here, because an
 * internal redirect keeps the request's upstream states ("0, 0" when no connection was ever made).
 * `resendNonIdempotent` (the server's `proxy_next_upstream` has `non_idempotent`) drops that rule.
 */
export function handOffLocation(
  upstream: Upstream,
  inherited: InheritedHeaders,
  resendNonIdempotent = false,
): Directive {
  const handOff = upstream.handOff;
  if (!handOff) throw new Error(`upstream ${upstream.name} hands nothing off`);
  const guard = resendNonIdempotent
    ? []
    : [
        d('set', '$dockyard_primaries', '$request_method $upstream_bytes_sent'),
        block('if', ['$dockyard_primaries', '~', '^(POST|PATCH|LOCK) .*[1-9]'], [d('return', '502')]),
      ];
  return block(
    'location',
    [handOff.location],
    [
      ...upstreamHeaderDirectives(upstream, [], inherited),
      ...guard,
      d('proxy_pass', `http://${handOff.upstream}`),
    ],
  );
}

function cacheDirectives(cache: NonNullable<z.output<typeof LocationProxySchema>['cache']>): Directive[] {
  const out: Directive[] = [d('proxy_cache', cache.zone.name)];
  if (cache.key !== undefined) out.push(d('proxy_cache_key', renderValue(cache.key)));
  for (const { statuses, ttl } of cache.valid) {
    out.push(d('proxy_cache_valid', ...(statuses === 'any' ? ['any'] : statuses.map(String)), ttl));
  }
  if (cache.useStale !== false) out.push(d('proxy_cache_use_stale', ...cache.useStale));
  if (cache.lock) out.push(d('proxy_cache_lock', 'on'));
  if (cache.bypass.length > 0) {
    const values = cache.bypass.map(renderValue);
    out.push(d('proxy_cache_bypass', ...values), d('proxy_no_cache', ...values));
  }
  return out;
}

/**
 * `location /static { alias /srv/static/; }` lets `/static../x` read `/srv/x` (the "off-by-slash" traversal),
 * so in a prefix location both the path and the alias end with "/"; a regex location would need captures.
 */
function aliasProblems(path: string, alias: string, modifier: Parsed['modifier']): Problem[] {
  if (modifier === '~' || modifier === '~*') {
    return [
      error(
        'alias',
        'expected no alias in a regex location (use root, or captures in a hand-written config)',
      ),
    ];
  }
  if (modifier === '=') return [];
  if (!path.endsWith('/') || !alias.endsWith('/')) {
    return [
      error(
        'alias',
        `expected a prefix path and an alias that both end with "/" (an alias without it lets "${path.replace(/\/$/, '')}../" escape the folder), got path ${JSON.stringify(path)} and alias ${JSON.stringify(alias)}`,
      ),
    ];
  }
  return [];
}
