import type { CacheZone } from '../../constructs/nginx/cache-zone';
import {
  Location,
  LocationPropsSchema,
  locationCacheSpec,
  locationPath,
  locationProxySpec,
  locationSpec,
} from '../../constructs/nginx/location';
import type { NginxMap } from '../../constructs/nginx/map';
import type { Server } from '../../constructs/nginx/server';
import { Upstream } from '../../constructs/nginx/upstream';
import { parsedIf } from '../../core/props';
import { limitsOf, type ParsedRouteOptions, WEBSOCKET_READ_TIMEOUT } from './route-options';

/** What a route needs from its proxy: the shared cache zone and `$connection_upgrade` map, made on first use. */
export interface RouteContext {
  cacheZone(): CacheZone;
  /** How long a cached 200 stays fresh unless the route says otherwise. */
  cacheTtl(): string;
  websocketMap(): NginxMap;
  /** True when the proxy's props were valid, so what it lends a route (the cache's ttl) is no stand-in. */
  readonly valid: boolean;
}

/**
 * One proxying location, for `NginxProxy.addRoute` and `ProxySite.addRoute` alike: cache, limits, timeouts and
 * WebSocket upgrade decided in one place. From `valid` options (and a valid proxy, path and upstream) the
 * Location takes its props as already parsed.
 */
export function addProxyRoute(
  context: RouteContext,
  server: Server,
  id: string,
  path: string,
  upstream: Upstream,
  parsed: ParsedRouteOptions,
  valid: boolean,
): Location {
  const cache =
    parsed.cache === false
      ? undefined
      : locationCacheSpec({
          zone: context.cacheZone(),
          valid: [
            {
              ...(parsed.cache !== true && parsed.cache.statuses ? { statuses: parsed.cache.statuses } : {}),
              ttl: (parsed.cache === true ? undefined : parsed.cache.ttl) ?? context.cacheTtl(),
            },
          ],
        });
  const timeouts = { ...parsed.timeouts };
  if (parsed.websocket !== false) {
    timeouts.read ??= parsed.websocket === true ? WEBSOCKET_READ_TIMEOUT : parsed.websocket.readTimeout;
  }
  const tuning = {
    ...(timeouts.connect ? { connectTimeout: timeouts.connect } : {}),
    ...(timeouts.read ? { readTimeout: timeouts.read } : {}),
    ...(timeouts.send ? { sendTimeout: timeouts.send } : {}),
  };
  const limits = limitsOf(parsed);
  const props = locationSpec({
    path,
    ...(parsed.modifier ? { modifier: parsed.modifier } : {}),
    proxy: locationProxySpec({
      upstream,
      ...(Object.keys(tuning).length > 0 ? { tuning } : {}),
      ...(cache ? { cache } : {}),
      ...(parsed.websocket !== false ? { websocket: { connection: context.websocketMap() } } : {}),
    }),
    headers: parsed.headers,
    ...(limits ? { limits } : {}),
  });
  // The path and upstream are the caller's arguments, which no route options schema has checked.
  const handOver =
    valid && context.valid && locationPath.safeParse(path).success && Upstream.isUpstream(upstream);
  return new Location(server, id, parsedIf(handOver, LocationPropsSchema, props));
}
