import { Construct } from 'constructs';
import * as z from 'zod';
import { addCheck } from '../../core/checks';
import { error, type Problem } from '../../core/problems';
import { parseProps, propsSchema } from '../../core/props';
import { type Directive, d } from '../../model/nginx/ast';
import { constructRef } from '../references';
import { brand, hasBrand, misplaced, NGINX_CONFIG, NGINX_LIMIT_ZONE, parentWith } from './brands';
import { nginxValue } from './value-input';
import { type NginxValue, nginxName, nginxVar, rateSchema, renderValue, sizeSchema } from './values';

/** Props of a {@link LimitZone}: `rate` makes it a request-rate zone, none a connection zone. */
export interface LimitZoneProps {
  /**
   * The shared memory zone's name.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * What requests are counted by: one counter per distinct value (an empty value is not limited).
   * @default nginxVar('binary_remote_addr'): the client's address, 4 or 16 bytes per entry
   */
  readonly key?: NginxValue;
  /**
   * Shared memory for the counters; 1m holds about 16000 IPv4 keys.
   * @default '10m'
   */
  readonly size?: string;
  /**
   * `rate=`: requests per second (`10r/s`) or minute (`30r/m`) per key.
   * @default none: a connection zone (`limit_conn_zone`)
   */
  readonly rate?: string;
}

/** The schema of {@link LimitZoneProps}. */
export const LimitZonePropsSchema = propsSchema<LimitZoneProps>()(() =>
  z.strictObject({
    name: nginxName.optional(),
    key: nginxValue.default(nginxVar('binary_remote_addr')),
    size: sizeSchema.default('10m'),
    rate: rateSchema.optional(),
  }),
);
type Parsed = z.output<typeof LimitZonePropsSchema>;

/**
 * A shared memory zone of request (`limit_req_zone`) or connection (`limit_conn_zone`) counters, declared once
 * in `http` however many servers and locations refer to it.
 *
 * @example
 * const api = new LimitZone(config, 'api', { rate: '10r/s' });
 * new Location(server, 'api', { path: '/api/', limits: { requests: [{ zone: api, burst: 20 }] }, ... });
 */
export class LimitZone extends Construct {
  /** True for a LimitZone, from any copy of the library (a brand, not `instanceof`). */
  static isLimitZone(x: unknown): x is LimitZone {
    return hasBrand(x, NGINX_LIMIT_ZONE);
  }

  /** The zone's name, which `limits` of a server or location refer to. @default the construct id */
  readonly name: string;
  private readonly props: Parsed;

  constructor(scope: Construct, id: string, props: LimitZoneProps = {}) {
    super(scope, id);
    brand(this, NGINX_LIMIT_ZONE);
    this.props = parseProps(this, LimitZonePropsSchema, props);
    this.name = this.props.name ?? id;
    addCheck(this, () =>
      parentWith(this, NGINX_CONFIG)
        ? []
        : [error(undefined, misplaced(this, 'a LimitZone directly inside an NginxConfig'))],
    );
  }

  /** `requests` (limit_req_zone) or `connections` (limit_conn_zone). */
  get kind(): 'requests' | 'connections' {
    return this.props.rate === undefined ? 'connections' : 'requests';
  }

  /** The config this zone belongs to (undefined outside one: an error at synth). */
  get config(): Construct | undefined {
    return parentWith(this, NGINX_CONFIG) as Construct | undefined;
  }

  /** @internal The zone's `limit_req_zone`/`limit_conn_zone` line, which its NginxConfig renders. */
  toDirectives(): Directive[] {
    const { key, size, rate } = this.props;
    const zone = `zone=${this.name}:${size}`;
    return rate === undefined
      ? [d('limit_conn_zone', renderValue(key), zone)]
      : [d('limit_req_zone', renderValue(key), zone, `rate=${rate}`)];
  }
}

const zoneRef = constructRef('LimitZone', LimitZone.isLimitZone);

/** One `limit_req` of a {@link Limits}. */
export interface RequestLimit {
  /** A {@link LimitZone} with a `rate`. */
  readonly zone: LimitZone;
  /**
   * Requests over the rate that are still accepted (queued or, with `nodelay`, served at once).
   * @default 0
   */
  readonly burst?: number;
  /**
   * `nodelay`: burst requests are served at once rather than spaced out at the rate, so a client sees either a
   * fast answer or a 429, never a stall.
   * @default true
   */
  readonly nodelay?: boolean;
}

/** One `limit_conn` of a {@link Limits}. */
export interface ConnectionLimit {
  /** A {@link LimitZone} without a `rate`. */
  readonly zone: LimitZone;
  /** The most connections (HTTP/2: streams) per key at once. */
  readonly max: number;
}

/** Request and connection limits of a server or location. */
export interface Limits {
  /**
   * `limit_req`: each entry is checked; the strictest one decides.
   * @default []
   */
  readonly requests?: RequestLimit[];
  /**
   * `limit_conn`: at most `max` connections (HTTP/2: streams) per key at once.
   * @default []
   */
  readonly connections?: ConnectionLimit[];
  /**
   * `limit_req_status` and `limit_conn_status`: 429 Too Many Requests tells clients (and their retry logic) that
   * they are being limited, where nginx's default 503 looks like an outage.
   * @default 429
   */
  readonly status?: number;
}

/** The status of a limited request when `status` is not given: for the schema and the patterns' complete limits. */
export const LIMIT_STATUS = 429;

/** The schema of {@link RequestLimit}: also what a pattern's rate limit on a site or route is checked with. */
export const RequestLimitSchema = propsSchema<RequestLimit>()(() =>
  z.strictObject({
    zone: zoneRef,
    burst: z.number().int().min(0).default(0),
    nodelay: z.boolean().default(true),
  }),
);

/** The schema of {@link ConnectionLimit}: also what a pattern's connection limit is checked with. */
export const ConnectionLimitSchema = propsSchema<ConnectionLimit>()(() =>
  z.strictObject({ zone: zoneRef, max: z.number().int().min(1) }),
);

/** The schema of {@link Limits}. */
export const LimitsSchema = propsSchema<Limits>()(() =>
  z.strictObject({
    requests: z.array(RequestLimitSchema).default([]),
    connections: z.array(ConnectionLimitSchema).default([]),
    status: z.number().int().min(400).max(599).default(LIMIT_STATUS),
  }),
);

/** The `limit_req`/`limit_conn` directives of a block (none when nothing is limited). */
export function limitDirectives(limits: z.output<typeof LimitsSchema> | undefined): Directive[] {
  if (limits === undefined) return [];
  const out: Directive[] = [];
  for (const limit of limits.requests) {
    const args = [`zone=${limit.zone.name}`];
    if (limit.burst > 0) args.push(`burst=${limit.burst}`);
    if (limit.nodelay) args.push('nodelay');
    out.push(d('limit_req', ...args));
  }
  if (limits.requests.length > 0) out.push(d('limit_req_status', String(limits.status)));
  for (const limit of limits.connections) out.push(d('limit_conn', limit.zone.name, String(limit.max)));
  if (limits.connections.length > 0) out.push(d('limit_conn_status', String(limits.status)));
  return out;
}

/** Problems of a block's limits: each zone must be of the right kind and of the block's own config. */
export function limitProblems(
  limits: z.output<typeof LimitsSchema> | undefined,
  config: Construct | undefined,
  property = 'limits',
): Problem[] {
  if (limits === undefined) return [];
  const problems: Problem[] = [];
  for (const [kind, list] of [
    ['requests', limits.requests],
    ['connections', limits.connections],
  ] as const) {
    list.forEach((limit, i) => {
      const at = `${property}.${kind}[${i}].zone`;
      if (limit.zone.kind !== kind) {
        problems.push(
          error(
            at,
            `expected a LimitZone ${kind === 'requests' ? 'with a rate' : 'without a rate'}, got "${limit.zone.node.path}" (a ${limit.zone.kind} zone)`,
          ),
        );
      }
      if (config !== undefined && limit.zone.config !== config) {
        problems.push(
          error(at, `expected a LimitZone of ${config.node.path}, got "${limit.zone.node.path}"`),
        );
      }
    });
  }
  return problems;
}
