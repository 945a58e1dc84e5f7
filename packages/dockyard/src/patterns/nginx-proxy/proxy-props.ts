import * as z from 'zod';
import { Network } from '../../constructs/compose/network';
import { UpstreamMethodSchema, type UpstreamPropsSchema } from '../../constructs/nginx/upstream';
import {
  type AddHeader,
  AddHeaderSchema,
  type NginxValue,
  NginxValueSchema,
  type ProxyTuning,
  ProxyTuningSchema,
  secondsSchema,
  serverNameSchema,
  sizeSchema,
  timeSchema,
  versionSchema,
} from '../../constructs/nginx/values';
import { constructRef } from '../../constructs/references';
import { propsSchema } from '../../core/props';
import { artifactFileName, duration, portSchema, resolverAddress } from '../../model/values';
import { FlaskService } from '../flask-service/flask-service';
import { DEFAULT_RESOLVER_VALID, DOCKER_EMBEDDED_DNS } from './dns-strategy';
import { NGINX_IMAGE } from './image';

const flaskRef = constructRef('FlaskService', FlaskService.isFlaskService);

/** A URL prefix for static files: absolute, no `..`, no whitespace or `$`. */
export const urlPathSchema = z
  .string()
  .regex(/^\/[A-Za-z0-9._~!*'()@,;:+=&%/-]*$/, { error: 'expected a URL path such as "/static"' })
  .refine((value) => !value.split('/').includes('..'), {
    error: 'expected a URL path without ".." segments',
  });

/** Options of `NginxProxy.addStatic`. */
export interface ProxyStaticOptions {
  /**
   * `expires`: how long browsers may cache the files, in seconds (`'7d'`) or `'max'`.
   * @default no Expires/Cache-Control header
   */
  readonly expires?: string;
}

/** Static files a FlaskService writes to its `staticFiles` volume, served by the proxy under `urlPath`. */
export interface StaticRoute extends ProxyStaticOptions {
  /** The URL prefix, e.g. `/static` (served as `/static/`). */
  readonly urlPath: string;
  /** The FlaskService whose `staticFiles` volume holds the files. */
  readonly service: FlaskService;
}

/** The schema of a {@link StaticRoute}. */
export const StaticRouteSchema = propsSchema<StaticRoute>()(() =>
  z.strictObject({
    urlPath: urlPathSchema,
    service: flaskRef,
    expires: z.union([secondsSchema, z.literal('max')]).optional(),
  }),
);

/** The DNS server nginx asks for the backends' addresses, and how long it trusts an answer. */
export interface ProxyResolver {
  /**
   * The DNS server's address.
   * @default '127.0.0.11' (Docker's embedded DNS)
   */
  readonly address?: string;
  /**
   * How long an answer is trusted, in seconds (nginx's `valid=`).
   * @default '10s'
   */
  readonly valid?: string;
}

/** The security headers the proxy adds to every response. */
export interface ProxySecurityHeaders {
  /**
   * `X-Content-Type-Options: nosniff`.
   * @default true
   */
  readonly contentTypeOptions?: boolean;
  /**
   * `X-Frame-Options`; false sends none.
   * @default 'SAMEORIGIN'
   */
  readonly frameOptions?: 'DENY' | 'SAMEORIGIN' | false;
  /**
   * `Referrer-Policy`; false sends none.
   * @default 'strict-origin-when-cross-origin'
   */
  readonly referrerPolicy?:
    | 'no-referrer'
    | 'no-referrer-when-downgrade'
    | 'origin'
    | 'origin-when-cross-origin'
    | 'same-origin'
    | 'strict-origin'
    | 'strict-origin-when-cross-origin'
    | 'unsafe-url'
    | false;
}

/** The proxy's timeouts towards the backends (nginx times: `'1s'`, `'500ms'`, `'1m'`). */
export interface ProxyTimeouts {
  /**
   * `proxy_connect_timeout`: short, so a replica whose address vanished (the connection times out instead
   * of being refused) fails over fast. One second is far above a connect on a Docker network (well under
   * a millisecond) and bounds, with `failover.timeout`, how long a request waits before the backup answers.
   * @default '1s'
   */
  readonly connect?: string;
  /**
   * `proxy_read_timeout`: longer than gunicorn's worker timeout, so gunicorn decides.
   * @default '60s'
   */
  readonly read?: string;
  /**
   * `proxy_send_timeout`: the longest pause while sending a request to a backend.
   * @default '60s'
   */
  readonly send?: string;
}

/** Which failures move a request to the next server, and how often. */
export interface ProxyFailover {
  /**
   * `proxy_next_upstream`: the failures that make nginx try the next server.
   * @default ['error', 'timeout', 'http_502', 'http_503', 'http_504'] (never non-idempotent requests)
   */
  readonly on?: NonNullable<ProxyTuning['nextUpstream']>;
  /**
   * `proxy_next_upstream_tries`; 0 tries every server once (nginx's own default), so a backup is reached even
   * when more replicas than a fixed count died together. `timeout` still bounds the whole attempt.
   * @default 0
   */
  readonly tries?: number;
  /**
   * `proxy_next_upstream_timeout`: the budget of the whole attempt on the primaries. nginx starts no new
   * try after it and a try in flight ends within `timeouts.connect`, so a request whose primaries all
   * vanished waits at most `timeout + timeouts.connect` (2.5 s by default) for any number of replicas,
   * and is then handed to the backup (`handOff`) or answered with the error page. Short enough for that,
   * long enough for a second primary after one that timed out. It also stops retries of a response that
   * was slow to fail (a 502 after this long is passed on).
   * @default '1500ms'
   */
  readonly timeout?: string;
  /**
   * Hand a request whose primaries all failed within `timeout` to the upstream's backup servers (an
   * `error_page 502 504 = @NAME_backup` named location proxying to a backup-only upstream), instead of
   * letting nginx reach the `backup` line only after every primary address. The `backup` line stays, so
   * once nginx has marked the primaries failed later requests go straight to it. Only upstreams with a
   * BackupUpstream (and dns other than `variable`) are affected; a POST that already reached a primary is
   * never sent again. false: the backup is reached only within `timeout`, as nginx does by itself.
   * @default true
   */
  readonly handOff?: boolean;
}

/** The response cache used by routes with `cache`. */
export interface ProxyCache {
  /**
   * How long a cached 200 stays fresh, in seconds (`'10m'`), unless a route says otherwise.
   * @default '10m'
   */
  readonly ttl?: string;
  /**
   * The most disk the cache may use.
   * @default '1g'
   */
  readonly maxSize?: string;
  /**
   * Entries not asked for this long are removed, fresh or not.
   * @default '60m'
   */
  readonly inactive?: string;
  /**
   * Shared memory for the cache keys (1m holds about 8000 keys).
   * @default '10m'
   */
  readonly keysZoneSize?: string;
}

/** Docker's health check of the proxy: busybox `wget` asks a status server on 127.0.0.1. */
export interface ProxyHealthcheck {
  /**
   * The status server's port, on 127.0.0.1 inside the container.
   * @default 8099
   */
  readonly port?: number;
  /**
   * Time between two checks (a Go duration).
   * @default '10s'
   */
  readonly interval?: string;
  /**
   * How long one check may take.
   * @default '3s'
   */
  readonly timeout?: string;
  /**
   * Failed checks in a row before the proxy is unhealthy.
   * @default 3
   */
  readonly retries?: number;
  /**
   * Start-up time during which failed checks do not count.
   * @default '5s'
   */
  readonly startPeriod?: string;
}

/** Props of an {@link dockyard!NginxProxy}. */
export interface NginxProxyProps {
  /**
   * The host port the proxy publishes (the only service that publishes one); false publishes none.
   * @default 80
   */
  readonly publish?: number | false;
  /**
   * The port nginx listens on inside its container.
   * @default 80
   */
  readonly listenPort?: number;
  /**
   * The host port for HTTPS, published once a site has `tls`; false publishes none.
   * @default 443
   */
  readonly publishTls?: number | false;
  /**
   * The port nginx listens on for HTTPS inside its container.
   * @default 443
   */
  readonly tlsListenPort?: number;
  /**
   * The nginx image; its tag gives the default `nginxVersion`.
   * @default 'nginx:1.28.0-alpine'
   */
  readonly image?: string;
  /**
   * The oldest nginx the config must work with. Decides the DNS strategy and fails synth when the config
   * would need a newer nginx.
   * @default the version in the image tag
   */
  readonly nginxVersion?: string;
  /**
   * How nginx keeps up with replicas that start later or move to a new address (nginx otherwise resolves
   * their names once, at start-up; see docs/nginx-dns.md): `resolve` (nginx >= 1.27.3), `variable` or `static`.
   * @default 'resolve' when nginxVersion >= 1.27.3, else required
   */
  readonly dns?: 'resolve' | 'variable' | 'static';
  /**
   * The DNS server for `resolve`/`variable`, and how long answers are trusted.
   * @default { address: '127.0.0.11', valid: '10s' }
   */
  readonly resolver?: ProxyResolver;
  /**
   * `server_name`s; the server is the default server of its port either way.
   * @default []
   */
  readonly serverName?: string[];
  /**
   * `client_max_body_size`: larger uploads get 413.
   * @default '10m'
   */
  readonly clientMaxBodySize?: string;
  /**
   * `X-Forwarded-For`: false (an edge proxy) sends only the client's address, so a client cannot forge the
   * chain; true appends to what the client sent (`$proxy_add_x_forwarded_for`), for a proxy behind another
   * trusted proxy.
   * @default false
   */
  readonly trustForwardedFor?: boolean;
  /**
   * Security headers on every response (turning one off gives a warning).
   * @default all three on
   */
  readonly securityHeaders?: ProxySecurityHeaders;
  /**
   * `server_tokens`: true shows the nginx version to clients (gives a warning).
   * @default false
   */
  readonly serverTokens?: boolean;
  /**
   * gzip for text responses.
   * @default true
   */
  readonly gzip?: boolean;
  /**
   * Timeouts towards the backends.
   * @default { connect: '1s', read: '60s', send: '60s' }
   */
  readonly timeouts?: ProxyTimeouts;
  /**
   * Failover: which failures move a request to the next server, and how often.
   * @default on error, timeout and 502/503/504, every server once within 1500ms, then the backup
   */
  readonly failover?: ProxyFailover;
  /**
   * The response cache used by routes with `cache`.
   * @default { ttl: '10m', maxSize: '1g', inactive: '60m', keysZoneSize: '10m' }
   */
  readonly cache?: ProxyCache;
  /**
   * Answer nginx's own 500/502/503/504 with the image's `50x.html`.
   * @default true
   */
  readonly errorPage?: boolean;
  /**
   * Docker's health check: busybox `wget` (in the alpine image) asks a status server that listens on
   * 127.0.0.1 only. It proves nginx accepts and answers requests, independently of the backends, so a proxy
   * whose apps are down stays up to serve backups and error pages. false turns it off (with a warning).
   * @default { port: 8099, interval: '10s', timeout: '3s', retries: 3, startPeriod: '5s' }
   */
  readonly healthcheck?: false | ProxyHealthcheck;
  /**
   * When Docker restarts the proxy after it exited.
   * @default 'unless-stopped'
   */
  readonly restart?: 'no' | 'always' | 'on-failure' | 'unless-stopped';
  /**
   * Networks the proxy joins besides those of its backends (which it joins by itself).
   * @default none
   */
  readonly networks?: Network[];
  /**
   * Static files to serve (same as calling `addStatic`).
   * @default []
   */
  readonly staticFiles?: StaticRoute[];
  /**
   * The config's file name in the stack folder.
   * @default 'nginx.conf'
   */
  readonly fileName?: string;
}

const DEFAULT_FAILOVER_ON: NonNullable<ProxyTuning['nextUpstream']> = [
  'error',
  'timeout',
  'http_502',
  'http_503',
  'http_504',
];

/** The props schema of an {@link dockyard!NginxProxy}, checked against {@link NginxProxyProps}. */
export const NginxProxyPropsSchema = propsSchema<NginxProxyProps>()(() =>
  z.strictObject({
    publish: z.union([portSchema, z.literal(false)]).default(80),
    listenPort: portSchema.default(80),
    publishTls: z.union([portSchema, z.literal(false)]).default(443),
    tlsListenPort: portSchema.default(443),
    image: z.string().min(1).default(NGINX_IMAGE),
    nginxVersion: versionSchema.optional(),
    dns: z.enum(['resolve', 'variable', 'static']).optional(),
    resolver: z
      .strictObject({
        address: resolverAddress.schema.default(DOCKER_EMBEDDED_DNS),
        valid: secondsSchema.default(DEFAULT_RESOLVER_VALID),
      })
      .default({ address: DOCKER_EMBEDDED_DNS, valid: DEFAULT_RESOLVER_VALID }),
    serverName: z.array(serverNameSchema).default([]),
    clientMaxBodySize: sizeSchema.default('10m'),
    trustForwardedFor: z.boolean().default(false),
    securityHeaders: z
      .strictObject({
        contentTypeOptions: z.boolean().default(true),
        frameOptions: z.union([z.enum(['DENY', 'SAMEORIGIN']), z.literal(false)]).default('SAMEORIGIN'),
        referrerPolicy: z
          .union([
            z.enum([
              'no-referrer',
              'no-referrer-when-downgrade',
              'origin',
              'origin-when-cross-origin',
              'same-origin',
              'strict-origin',
              'strict-origin-when-cross-origin',
              'unsafe-url',
            ]),
            z.literal(false),
          ])
          .default('strict-origin-when-cross-origin'),
      })
      .default({
        contentTypeOptions: true,
        frameOptions: 'SAMEORIGIN',
        referrerPolicy: 'strict-origin-when-cross-origin',
      }),
    serverTokens: z.boolean().default(false),
    gzip: z.boolean().default(true),
    timeouts: z
      .strictObject({
        connect: timeSchema.default('1s'),
        read: timeSchema.default('60s'),
        send: timeSchema.default('60s'),
      })
      .default({ connect: '1s', read: '60s', send: '60s' }),
    failover: z
      .strictObject({
        on: ProxyTuningSchema.shape.nextUpstream.unwrap().default(DEFAULT_FAILOVER_ON),
        tries: z.number().int().min(0).default(0),
        timeout: timeSchema.default('1500ms'),
        handOff: z.boolean().default(true),
      })
      .default({ on: DEFAULT_FAILOVER_ON, tries: 0, timeout: '1500ms', handOff: true }),
    cache: z
      .strictObject({
        ttl: secondsSchema.default('10m'),
        maxSize: sizeSchema.default('1g'),
        inactive: secondsSchema.default('60m'),
        keysZoneSize: sizeSchema.default('10m'),
      })
      .default({ ttl: '10m', maxSize: '1g', inactive: '60m', keysZoneSize: '10m' }),
    errorPage: z.boolean().default(true),
    healthcheck: z
      .union([
        z.literal(false),
        z.strictObject({
          port: portSchema.default(8099),
          interval: duration.schema.default('10s'),
          timeout: duration.schema.default('3s'),
          retries: z.number().int().min(1).default(3),
          startPeriod: duration.schema.default('5s'),
        }),
      ])
      .default({ port: 8099, interval: '10s', timeout: '3s', retries: 3, startPeriod: '5s' }),
    restart: z.enum(['no', 'always', 'on-failure', 'unless-stopped']).default('unless-stopped'),
    networks: z.array(constructRef('Network', Network.isNetwork)).optional(),
    staticFiles: z.array(StaticRouteSchema).default([]),
    fileName: artifactFileName.schema.default('nginx.conf'),
  }),
);
export type ParsedNginxProxyProps = z.output<typeof NginxProxyPropsSchema>;

/** A backend with `server` parameters of its own. */
export interface ProxyBackendOptions {
  /** The FlaskService behind this server line. */
  readonly service: FlaskService;
  /**
   * `weight=N`: its share of the requests relative to the others.
   * @default 1
   */
  readonly weight?: number;
  /**
   * `max_fails=N`: failures within `failTimeout` that mark it unavailable (0: never).
   * @default 1
   */
  readonly maxFails?: number;
  /**
   * `fail_timeout=T`, in seconds: the window for `maxFails`, and how long it then stays unavailable.
   * @default '10s'
   */
  readonly failTimeout?: string;
  /**
   * `max_conns=N`: connections at once (0: no limit).
   * @default 0
   */
  readonly maxConns?: number;
  /**
   * `down`: keep the line but send nothing.
   * @default false
   */
  readonly down?: boolean;
}

/** A backend of an upstream: a FlaskService, or one with server parameters. */
export type ProxyBackend = FlaskService | ProxyBackendOptions;

/** The schema of a {@link ProxyBackend}. */
export const ProxyBackendSchema = z.union([
  flaskRef,
  propsSchema<ProxyBackendOptions>()(() =>
    z.strictObject({
      service: flaskRef,
      weight: z.number().int().min(1).optional(),
      maxFails: z.number().int().min(0).optional(),
      failTimeout: secondsSchema.optional(),
      maxConns: z.number().int().min(0).optional(),
      down: z.boolean().optional(),
    }),
  ),
]);

/** Options of `NginxProxy.addUpstream`. */
export interface ProxyUpstreamOptions {
  /**
   * The FlaskServices behind it; their names and ports become the server lines.
   * @default []
   */
  readonly servers?: ProxyBackend[];
  /**
   * The balancing method.
   * @default round-robin
   */
  readonly method?: z.input<typeof UpstreamPropsSchema>['method'];
  /**
   * The key of method `hash`, e.g. `nginxVar('request_uri')`.
   * @default none
   */
  readonly hashKey?: NginxValue;
  /**
   * `hash ... consistent`: ketama hashing, so adding a server moves few keys.
   * @default false
   */
  readonly consistent?: boolean;
  /**
   * `random two`: pick two servers at random, then the less loaded.
   * @default false
   */
  readonly two?: boolean;
  /**
   * Idle connections kept open to the servers (gunicorn's sync workers close them anyway).
   * @default none
   */
  readonly keepalive?: number;
}

/** The schema of {@link ProxyUpstreamOptions}. */
export const ProxyUpstreamOptionsSchema = propsSchema<ProxyUpstreamOptions>()(() =>
  z.strictObject({
    servers: z.array(ProxyBackendSchema).default([]),
    method: UpstreamMethodSchema,
    hashKey: NginxValueSchema.optional(),
    consistent: z.boolean().default(false),
    two: z.boolean().default(false),
    keepalive: z.number().int().min(1).optional(),
  }),
);

/** How a route caches responses. */
export interface RouteCache {
  /**
   * How long a cached response stays fresh, in seconds (`'10m'`).
   * @default the proxy's `cache.ttl`
   */
  readonly ttl?: string;
  /**
   * The status codes cached.
   * @default [200]
   */
  readonly statuses?: number[];
}

/** Timeouts of one route (nginx times), where they differ from the proxy's. */
export interface RouteTimeouts {
  /**
   * `proxy_connect_timeout`.
   * @default the proxy's `timeouts.connect`
   */
  readonly connect?: string;
  /**
   * `proxy_read_timeout`.
   * @default the proxy's `timeouts.read`
   */
  readonly read?: string;
  /**
   * `proxy_send_timeout`.
   * @default the proxy's `timeouts.send`
   */
  readonly send?: string;
}

/** Options of `NginxProxy.addRoute` without limits and WebSocket (see `RouteOptions`). */
export interface ProxyRouteOptions {
  /**
   * nginx's match modifier: `=` exact, `^~` prefix that beats regexes, `~`/`~*` regex.
   * @default none (a prefix match)
   */
  readonly modifier?: '=' | '^~' | '~' | '~*';
  /**
   * Cache responses in nginx, e.g. for a slow page many clients ask for: true caches 200 responses for the
   * proxy's `cache.ttl`. Adds `X-Cache-Status` (HIT/MISS/...).
   * @default false
   */
  readonly cache?: boolean | RouteCache;
  /**
   * Timeouts that differ from the proxy's for this route (e.g. a slow report).
   * @default the proxy's
   */
  readonly timeouts?: RouteTimeouts;
  /**
   * More response headers for this route (the security headers stay).
   * @default []
   */
  readonly headers?: AddHeader[];
}

/** The schema of {@link ProxyRouteOptions}. */
export const ProxyRouteOptionsSchema = propsSchema<ProxyRouteOptions>()(() =>
  z.strictObject({
    modifier: z.enum(['=', '^~', '~', '~*']).optional(),
    cache: z
      .union([
        z.boolean(),
        z.strictObject({
          ttl: secondsSchema.optional(),
          statuses: z.array(z.number().int().min(100).max(599)).min(1).optional(),
        }),
      ])
      .default(false),
    timeouts: z
      .strictObject({
        connect: timeSchema.optional(),
        read: timeSchema.optional(),
        send: timeSchema.optional(),
      })
      .optional(),
    headers: z.array(AddHeaderSchema).default([]),
  }),
);

/** The schema of {@link ProxyStaticOptions}. */
export const ProxyStaticOptionsSchema = propsSchema<ProxyStaticOptions>()(() =>
  StaticRouteSchema.pick({ expires: true }),
);
