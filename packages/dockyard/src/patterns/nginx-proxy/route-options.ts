import * as z from 'zod';
import {
  ConnectionLimitSchema,
  LIMIT_STATUS,
  type LimitZone,
  RequestLimitSchema,
} from '../../constructs/nginx/limits';
import { timeSchema } from '../../constructs/nginx/values';
import { propsSchema } from '../../core/props';
import { type ProxyRouteOptions, ProxyRouteOptionsSchema } from './proxy-props';

/** A request-rate limit on a site or route: a zone from `proxy.addRateLimit`, and how much burst it allows. */
export interface RateLimitUse {
  /** The zone (its rate and key) from `proxy.addRateLimit`. */
  readonly zone: LimitZone;
  /**
   * Requests over the rate still served at once; the next ones get 429 until the rate catches up.
   * @default 0
   */
  readonly burst?: number;
  /**
   * false spaces burst requests out at the rate instead of serving them at once.
   * @default true
   */
  readonly nodelay?: boolean;
}

/** The schema of a {@link RateLimitUse}: the L1 `limit_req` entry's, whose defaults it documents. */
export const RateLimitUseSchema = propsSchema<RateLimitUse>()(RequestLimitSchema);

/** A connection limit on a site or route: a zone from `proxy.addConnectionLimit` and the most per client. */
export interface ConnectionLimitUse {
  /** The zone (its key) from `proxy.addConnectionLimit`. */
  readonly zone: LimitZone;
  /** Connections per client at once (HTTP/2: requests in flight). */
  readonly max: number;
}

/** The schema of a {@link ConnectionLimitUse}: the L1 `limit_conn` entry's. */
export const ConnectionLimitUseSchema = propsSchema<ConnectionLimitUse>()(ConnectionLimitSchema);

/** The limits a site or a route may set. */
export interface LimitOptions {
  /**
   * Requests per second per client, answered 429 beyond the burst.
   * @default none
   */
  readonly rateLimit?: RateLimitUse;
  /**
   * Connections per client at once, answered 429 beyond `max`.
   * @default none
   */
  readonly connectionLimit?: ConnectionLimitUse;
}

/** The schema fields of {@link LimitOptions}, for the schemas of sites and routes. */
export const limitOptions = {
  rateLimit: RateLimitUseSchema.optional(),
  connectionLimit: ConnectionLimitUseSchema.optional(),
};

/** A WebSocket route's settings. */
export interface RouteWebsocket {
  /**
   * `proxy_read_timeout`: how long a socket may stay silent before nginx closes it.
   * @default '1h'
   */
  readonly readTimeout?: string;
}

/** Options of `NginxProxy.addRoute` and `ProxySite.addRoute`. */
export interface RouteOptions extends ProxyRouteOptions, LimitOptions {
  /**
   * A WebSocket route (e.g. Flask-SocketIO's `/socket.io/`): HTTP/1.1 to the upstream, the Upgrade and
   * Connection headers passed on (through a `map`, so plain requests still get `Connection: close`), and a
   * read timeout long enough for an idle socket. true uses `readTimeout` '1h'.
   * @default false
   */
  readonly websocket?: boolean | RouteWebsocket;
}

/** How long a WebSocket may stay silent when the route does not say: for the schema and `websocket: true`. */
export const WEBSOCKET_READ_TIMEOUT = '1h';

/** The schema of {@link RouteOptions}. */
export const RouteOptionsSchema = propsSchema<RouteOptions>()(() =>
  ProxyRouteOptionsSchema.extend({
    ...limitOptions,
    websocket: z
      .union([z.boolean(), z.strictObject({ readTimeout: timeSchema.default(WEBSOCKET_READ_TIMEOUT) })])
      .default(false),
  }),
);
export type ParsedRouteOptions = z.output<typeof RouteOptionsSchema>;

/**
 * The L1 `limits` of a block from a site's or route's `rateLimit` and `connectionLimit`, complete (as the L1
 * schema returns them), so a route can hand them over as already parsed.
 */
export function limitsOf(options: {
  readonly rateLimit?: z.output<typeof RateLimitUseSchema> | undefined;
  readonly connectionLimit?: z.output<typeof ConnectionLimitUseSchema> | undefined;
}) {
  const { rateLimit, connectionLimit } = options;
  if (rateLimit === undefined && connectionLimit === undefined) return undefined;
  return {
    requests: rateLimit ? [rateLimit] : [],
    connections: connectionLimit ? [connectionLimit] : [],
    status: LIMIT_STATUS,
  };
}
