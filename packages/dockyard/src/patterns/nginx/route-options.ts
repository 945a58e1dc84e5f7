import { z } from 'zod';
import { LimitZone } from '../../constructs/nginx/limits';
import { timeSchema } from '../../constructs/nginx/values';
import { constructRef } from '../../constructs/references';
import { ProxyRouteOptionsSchema } from './proxy-props';

const zoneRef = constructRef('LimitZone', LimitZone.isLimitZone);

/** A request-rate limit on a site or route: a zone from `proxy.addRateLimit`, and how much burst it allows. */
export const RateLimitUseSchema = z.strictObject({
  /** The zone (its rate and key) from `proxy.addRateLimit`. */
  zone: zoneRef,
  /** Requests over the rate still served at once; the next ones get 429 until the rate catches up. @default 0 */
  burst: z.number().int().min(0).default(0),
  /** false spaces burst requests out at the rate instead of serving them at once. @default true */
  nodelay: z.boolean().default(true),
});
export type RateLimitUse = z.input<typeof RateLimitUseSchema>;

/** A connection limit on a site or route: a zone from `proxy.addConnectionLimit` and the most per client. */
export const ConnectionLimitUseSchema = z.strictObject({
  zone: zoneRef,
  /** Connections per client at once (HTTP/2: requests in flight). */
  max: z.number().int().min(1),
});
export type ConnectionLimitUse = z.input<typeof ConnectionLimitUseSchema>;

/** The limits a site or a route may set. */
export const limitOptions = {
  /** Requests per second per client, answered 429 beyond the burst. @default none */
  rateLimit: RateLimitUseSchema.optional(),
  /** Connections per client at once, answered 429 beyond `max`. @default none */
  connectionLimit: ConnectionLimitUseSchema.optional(),
};

/** Options of `NginxProxy.addRoute` and `ProxySite.addRoute`. */
export const RouteOptionsSchema = ProxyRouteOptionsSchema.extend({
  ...limitOptions,
  /**
   * A WebSocket route (e.g. Flask-SocketIO's `/socket.io/`): HTTP/1.1 to the upstream, the Upgrade and
   * Connection headers passed on (through a `map`, so plain requests still get `Connection: close`), and a
   * read timeout long enough for an idle socket. true uses `readTimeout` '1h'. @default false
   */
  websocket: z
    .union([
      z.boolean(),
      z.strictObject({
        /** `proxy_read_timeout`: how long a socket may stay silent before nginx closes it. @default '1h' */
        readTimeout: timeSchema.default('1h'),
      }),
    ])
    .default(false),
});
export type RouteOptions = z.input<typeof RouteOptionsSchema>;
export type ParsedRouteOptions = z.output<typeof RouteOptionsSchema>;

/** The L1 `limits` of a block from a site's or route's `rateLimit` and `connectionLimit`. */
export function limitsOf(options: {
  readonly rateLimit?: z.output<typeof RateLimitUseSchema> | undefined;
  readonly connectionLimit?: z.output<typeof ConnectionLimitUseSchema> | undefined;
}) {
  const { rateLimit, connectionLimit } = options;
  if (rateLimit === undefined && connectionLimit === undefined) return undefined;
  return {
    requests: rateLimit ? [rateLimit] : [],
    connections: connectionLimit ? [connectionLimit] : [],
  };
}
