import type { CacheZone } from '../../constructs/nginx/cache-zone';
import { Location } from '../../constructs/nginx/location';
import type { NginxMap } from '../../constructs/nginx/map';
import type { Server } from '../../constructs/nginx/server';
import type { Upstream } from '../../constructs/nginx/upstream';
import { limitsOf, type ParsedRouteOptions } from './route-options';

/** What a route needs from its proxy: the shared cache zone and `$connection_upgrade` map, made on first use. */
export interface RouteContext {
  cacheZone(): CacheZone;
  /** How long a cached 200 stays fresh unless the route says otherwise. */
  cacheTtl(): string;
  websocketMap(): NginxMap;
}

/**
 * One proxying location, for `NginxProxy.addRoute` and `ProxySite.addRoute` alike: cache, limits, timeouts and
 * WebSocket upgrade decided in one place.
 */
export function addProxyRoute(
  context: RouteContext,
  server: Server,
  id: string,
  path: string,
  upstream: Upstream,
  parsed: ParsedRouteOptions,
): Location {
  const cache =
    parsed.cache === false
      ? undefined
      : {
          zone: context.cacheZone(),
          valid: [
            {
              statuses: (parsed.cache === true ? undefined : parsed.cache.statuses) ?? [200],
              ttl: (parsed.cache === true ? undefined : parsed.cache.ttl) ?? context.cacheTtl(),
            },
          ],
        };
  const timeouts = { ...parsed.timeouts };
  if (parsed.websocket !== false) {
    timeouts.read ??= parsed.websocket === true ? '1h' : parsed.websocket.readTimeout;
  }
  const tuning = {
    ...(timeouts.connect ? { connectTimeout: timeouts.connect } : {}),
    ...(timeouts.read ? { readTimeout: timeouts.read } : {}),
    ...(timeouts.send ? { sendTimeout: timeouts.send } : {}),
  };
  const limits = limitsOf(parsed);
  return new Location(server, id, {
    path,
    ...(parsed.modifier ? { modifier: parsed.modifier } : {}),
    headers: parsed.headers,
    ...(limits ? { limits } : {}),
    proxy: {
      upstream,
      ...(Object.keys(tuning).length > 0 ? { tuning } : {}),
      ...(cache ? { cache } : {}),
      ...(parsed.websocket !== false ? { websocket: { connection: context.websocketMap() } } : {}),
    },
  });
}
