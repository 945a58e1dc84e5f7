import { CacheZonePropsSchema } from '../constructs/nginx/cache-zone';
import { LocationCacheSchema } from '../constructs/nginx/location';
import { secondsSchema, sizeSchema } from '../constructs/nginx/values';
import type { Directive } from '../model/nginx/ast';
import { NginxProxyPropsSchema } from '../patterns/nginx-proxy/proxy-props';
import type { Value } from './program';

/** The one `proxy_cache_path` of a hand-written config, as NginxProxy's `cache` props. */
export interface PlannedCacheZone {
  /** The zone's name in the input (`keys_zone=NAME:SIZE`), which its locations name in `proxy_cache`. */
  readonly name: string;
  /** NginxProxy's `cache` props that differ from its defaults (undefined: none). */
  readonly props: Record<string, Value> | undefined;
}

/** nginx's own `inactive` when `proxy_cache_path` does not say it (NginxProxy's default is longer). */
const NGINX_INACTIVE = '10m';

/** nginx's statuses for a `proxy_cache_valid` without any (`proxy_cache_valid 10m`). */
const NGINX_VALID_STATUSES = [200, 301, 302];

/** nginx's default `proxy_cache_key`, which a route leaves as it is. */
const NGINX_KEY = '$scheme$proxy_host$request_uri';

/** NginxProxy's `cache` defaults (its zone's sizes and the routes' time). */
const PROXY_DEFAULTS = NginxProxyPropsSchema.shape.cache.parse(undefined);

/** What every cached route writes besides `proxy_cache` and `proxy_cache_valid` (Location's cache defaults). */
const ROUTE_DEFAULTS = {
  useStale: LocationCacheSchema.shape.useStale.parse(undefined) as readonly string[],
  bypass: '$http_authorization',
};

/**
 * Reads the http context's `proxy_cache_path` as NginxProxy's cache zone: `keys_zone`, `max_size` and
 * `inactive` are its `cache` props; `levels` (none or 1:2) and `use_temp_path` only lay out files inside the
 * container, and the zone's name and folder are the proxy's own. Anything else (a second zone, `min_free`, the
 * cache manager's and loader's settings) is a reason to keep the L1 constructs.
 */
export function planCacheZone(http: readonly Directive[]): PlannedCacheZone | undefined | { reason: string } {
  const paths = http.filter((directive) => directive.name === 'proxy_cache_path');
  if (paths.length === 0) return undefined;
  if (paths.length > 1)
    return { reason: 'http sets more than one proxy_cache_path (NginxProxy has one cache)' };
  const [folder, ...params] = (paths[0] as Directive).args;
  const found = new Map<string, string>();
  for (const param of params) {
    const cut = param.indexOf('=');
    const key = cut < 0 ? param : param.slice(0, cut);
    if (cut < 0 || found.has(key)) return { reason: `proxy_cache_path ${folder} sets ${param}` };
    found.set(key, param.slice(cut + 1));
  }
  const unknown = [...found.keys()].find(
    (key) => !['levels', 'keys_zone', 'max_size', 'inactive', 'use_temp_path'].includes(key),
  );
  if (unknown)
    return { reason: `proxy_cache_path ${folder} sets ${unknown} (NginxProxy's cache has no such prop)` };
  const levels = found.get('levels');
  // Other levels are a layout someone chose on purpose; 1:2 is what NginxProxy writes.
  if (levels !== undefined && levels !== CacheZonePropsSchema.shape.levels.parse(undefined))
    return { reason: `proxy_cache_path ${folder} sets levels=${levels}` };
  const zone = /^([^:]+):(.+)$/.exec(found.get('keys_zone') ?? '');
  if (!zone) return { reason: `proxy_cache_path ${folder} has no keys_zone=NAME:SIZE` };
  const inactive = found.get('inactive') ?? NGINX_INACTIVE;
  const values = { keysZoneSize: zone[2], maxSize: found.get('max_size'), inactive };
  if (!sizeSchema.safeParse(values.keysZoneSize).success || !secondsSchema.safeParse(inactive).success)
    return { reason: `proxy_cache_path ${folder}: a size or time NginxProxy's cache does not take` };
  if (values.maxSize !== undefined && !sizeSchema.safeParse(values.maxSize).success)
    return { reason: `proxy_cache_path ${folder}: max_size=${values.maxSize}` };
  const defaults: Record<string, unknown> = PROXY_DEFAULTS;
  const props: Record<string, Value> = {};
  for (const [key, value] of Object.entries(values))
    if (value !== undefined && value !== defaults[key]) props[key] = value;
  return { name: zone[1] as string, props: Object.keys(props).length > 0 ? props : undefined };
}

/** True for a directive {@link routeCacheOption} reads (a location's caching and its status header). */
export function isCacheDirective(directive: Directive): boolean {
  return (
    directive.name.startsWith('proxy_cache') ||
    directive.name === 'proxy_no_cache' ||
    (directive.name === 'add_header' && directive.args[0]?.toLowerCase() === 'x-cache-status')
  );
}

/**
 * A route's `cache` option for the caching directives of one location (those {@link isCacheDirective} picks):
 * `proxy_cache` of the config's zone and one `proxy_cache_valid` (its statuses and time) are the option; what
 * every cached route adds by itself (`proxy_cache_use_stale` of the usual errors, `proxy_cache_lock on`, no
 * caching of requests with `Authorization`, the `X-Cache-Status` header, nginx's default key) may be written or
 * not. undefined for a location that caches nothing; a string says why the route cannot say it. A time equal
 * to the proxy's default `cache.ttl` and the statuses `[200]` are left out (`cache: true` when both are).
 */
export function routeCacheOption(
  path: string,
  directives: readonly Directive[],
  zone: PlannedCacheZone | undefined,
): Value | undefined | string {
  if (directives.length === 0) return undefined;
  const where = `location ${path}`;
  const seen = new Set<string>();
  let valid: { statuses: number[]; ttl: string } | undefined;
  let cached = false;
  for (const directive of directives) {
    const { name, args } = directive;
    const text = `${name} ${args.join(' ')}`;
    if (seen.has(name))
      return `${where} sets ${name} twice (a route caches one set of statuses for one time)`;
    seen.add(name);
    if (name === 'proxy_cache') {
      if (args.length !== 1 || args[0] !== zone?.name)
        return `${where} sets ${text}, not the config's one proxy_cache_path zone`;
      cached = true;
    } else if (name === 'proxy_cache_valid') {
      const ttl = args.at(-1) ?? '';
      const codes = args.slice(0, -1);
      if (!secondsSchema.safeParse(ttl).success || codes.some((code) => !/^[1-5]\d\d$/.test(code)))
        return `${where} sets ${text} (a route's cache takes status codes and a time in seconds)`;
      valid = { statuses: codes.length > 0 ? codes.map(Number) : NGINX_VALID_STATUSES, ttl };
    } else if (name === 'proxy_cache_use_stale') {
      if ([...args].sort().join(' ') !== [...ROUTE_DEFAULTS.useStale].sort().join(' '))
        return `${where} sets ${text} (a route serves stale copies on ${ROUTE_DEFAULTS.useStale.join(' ')})`;
    } else if (name === 'proxy_cache_lock') {
      if (args.join(' ') !== 'on') return `${where} sets ${text} (a route's cache locks)`;
    } else if (name === 'proxy_cache_bypass' || name === 'proxy_no_cache') {
      if (args.join(' ') !== ROUTE_DEFAULTS.bypass)
        return `${where} sets ${text} (a route skips the cache only for requests with Authorization)`;
    } else if (name === 'proxy_cache_key') {
      if (args.join(' ') !== NGINX_KEY) return `${where} sets ${text} (a route's cache has no key)`;
    } else if (name === 'add_header') {
      const [, value, always, ...more] = args;
      if (
        value !== '$upstream_cache_status' ||
        more.length > 0 ||
        (always !== undefined && always !== 'always')
      )
        return `${where} sets ${text}`;
    } else return `${where} sets ${name} (a route's cache has no such option)`;
  }
  if (!cached) return `${where} sets ${directives[0]?.name} without proxy_cache`;
  if (!valid) return `${where} caches without proxy_cache_valid (a route caches for a time it states)`;
  const option: Record<string, Value> = {};
  if (valid.ttl !== PROXY_DEFAULTS.ttl) option.ttl = valid.ttl;
  if (valid.statuses.join() !== '200') option.statuses = valid.statuses;
  return Object.keys(option).length > 0 ? option : true;
}

/**
 * Why a caching directive of a hand-written config that NginxProxy writes otherwise (a `context > directive`
 * line of the input the output lacks) is deliberate, or undefined.
 */
export function cacheDifference(line: string): string | undefined {
  if (/^http > proxy_cache_path /.test(line))
    return "the routes' cache is NginxProxy's one zone: its keys_zone size, max_size and inactive time carried over (no max_size: 1g), its name, folder in the container, levels=1:2 and use_temp_path=off the proxy's";
  const location = /^http > server > location [^>]+ > (.*)$/.exec(line)?.[1] ?? '';
  if (/^proxy_cache [^ ]+$/.test(location)) return "the route caches in NginxProxy's zone";
  if (/^proxy_cache_valid [^ ]+$/.test(location))
    return "nginx's statuses for a time alone (200 301 302), written out";
  // Header names are case-insensitive; a route writes this one with `always`.
  if (/^add_header x-cache-status \$upstream_cache_status( always)?$/i.test(location))
    return 'X-Cache-Status, sent with every status (always)';
  if (location === `proxy_cache_key ${NGINX_KEY}`) return "nginx's default cache key";
  return undefined;
}
