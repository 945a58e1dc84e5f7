import { z } from 'zod';
import { Network } from '../../constructs/compose/network';
import { UpstreamPropsSchema } from '../../constructs/nginx/upstream';
import {
  AddHeaderSchema,
  NginxValueSchema,
  ProxyTuningSchema,
  portSchema,
  secondsSchema,
  serverNameSchema,
  sizeSchema,
  timeSchema,
  versionSchema,
} from '../../constructs/nginx/values';
import { constructRef } from '../../constructs/references';
import { DEFAULT_RESOLVER_VALID, DOCKER_EMBEDDED_DNS } from '../dns-strategy';
import { FlaskService } from '../flask-service';
import { NGINX_IMAGE } from './image';

const flaskRef = constructRef('FlaskService', FlaskService.isFlaskService);
const duration = z
  .string()
  .regex(/^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/, { error: 'expected a duration such as "10s"' });

/** A URL prefix for static files: absolute, no `..`, no whitespace or `$`. */
export const urlPathSchema = z
  .string()
  .regex(/^\/[A-Za-z0-9._~!*'()@,;:+=&%/-]*$/, { error: 'expected a URL path such as "/static"' })
  .refine((value) => !value.split('/').includes('..'), {
    error: 'expected a URL path without ".." segments',
  });

/** Static files a FlaskService writes to its `staticFiles` volume, served by the proxy under `urlPath`. */
export const StaticRouteSchema = z.strictObject({
  /** The URL prefix, e.g. `/static` (served as `/static/`). */
  urlPath: urlPathSchema,
  service: flaskRef,
  /** `expires`: how long browsers may cache the files. @default no Expires/Cache-Control header */
  expires: z.union([secondsSchema, z.literal('max')]).optional(),
});
export type StaticRoute = z.input<typeof StaticRouteSchema>;

/** Props of an {@link dockyard!NginxProxy}. */
export const NginxProxyPropsSchema = z.strictObject({
  /** The host port the proxy publishes (the only service that publishes one); false publishes none. @default 80 */
  publish: z.union([portSchema, z.literal(false)]).default(80),
  /** The port nginx listens on inside its container. @default 80 */
  listenPort: portSchema.default(80),
  /** The host port for HTTPS, published once a site has `tls`; false publishes none. @default 443 */
  publishTls: z.union([portSchema, z.literal(false)]).default(443),
  /** The port nginx listens on for HTTPS inside its container. @default 443 */
  tlsListenPort: portSchema.default(443),
  /** The nginx image; its tag gives the default `nginxVersion`. @default NGINX_IMAGE (`nginx:1.28.0-alpine`) */
  image: z.string().min(1).default(NGINX_IMAGE),
  /**
   * The oldest nginx the config must work with. Decides the DNS strategy and fails synth when the config
   * would need a newer nginx.
   * @default the version in the image tag
   */
  nginxVersion: versionSchema.optional(),
  /**
   * How nginx keeps up with replicas that start later or move (seed 002; see docs/nginx-dns.md):
   * `resolve` (nginx >= 1.27.3), `variable` or `static`.
   * @default 'resolve' when nginxVersion >= 1.27.3, else required
   */
  dns: z.enum(['resolve', 'variable', 'static']).optional(),
  /** The DNS server for `resolve`/`variable`, and how long answers are trusted. */
  resolver: z
    .strictObject({
      /** @default '127.0.0.11' (Docker's embedded DNS) */
      address: z
        .string()
        .regex(/^[A-Za-z0-9.:[\]_-]+$/, { error: 'expected an address such as "127.0.0.11"' })
        .default(DOCKER_EMBEDDED_DNS),
      /** @default '10s' */
      valid: secondsSchema.default(DEFAULT_RESOLVER_VALID),
    })
    .default({ address: DOCKER_EMBEDDED_DNS, valid: DEFAULT_RESOLVER_VALID }),
  /** `server_name`s; the server is the default server of its port either way. @default none */
  serverName: z.array(serverNameSchema).default([]),
  /** `client_max_body_size`: larger uploads get 413. @default '10m' */
  clientMaxBodySize: sizeSchema.default('10m'),
  /**
   * `X-Forwarded-For`: false (an edge proxy) sends only the client's address, so a client cannot forge the
   * chain; true appends to what the client sent (`$proxy_add_x_forwarded_for`), for a proxy behind another
   * trusted proxy. @default false
   */
  trustForwardedFor: z.boolean().default(false),
  /** Security headers on every response (turning one off gives a warning). */
  securityHeaders: z
    .strictObject({
      /** `X-Content-Type-Options: nosniff`. @default true */
      contentTypeOptions: z.boolean().default(true),
      /** `X-Frame-Options`. @default 'SAMEORIGIN' */
      frameOptions: z.union([z.enum(['DENY', 'SAMEORIGIN']), z.literal(false)]).default('SAMEORIGIN'),
      /** `Referrer-Policy`. @default 'strict-origin-when-cross-origin' */
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
  /** `server_tokens`: true shows the nginx version to clients (gives a warning). @default false */
  serverTokens: z.boolean().default(false),
  /** gzip for text responses. @default true */
  gzip: z.boolean().default(true),
  /** Proxy timeouts. */
  timeouts: z
    .strictObject({
      /**
       * `proxy_connect_timeout`: short, so a replica whose address vanished (the connection times out instead
       * of being refused) fails over fast. One second is far above a connect on a Docker network (well under
       * a millisecond) and bounds, with `failover.timeout`, how long a request waits before the backup answers.
       * @default '1s'
       */
      connect: timeSchema.default('1s'),
      /** `proxy_read_timeout`: longer than gunicorn's worker timeout, so gunicorn decides. @default '60s' */
      read: timeSchema.default('60s'),
      /** `proxy_send_timeout`. @default '60s' */
      send: timeSchema.default('60s'),
    })
    .default({ connect: '1s', read: '60s', send: '60s' }),
  /** Failover: which failures move a request to the next server, and how often. */
  failover: z
    .strictObject({
      /** @default ['error', 'timeout', 'http_502', 'http_503', 'http_504'] (never non-idempotent requests) */
      on: ProxyTuningSchema.shape.nextUpstream
        .unwrap()
        .default(['error', 'timeout', 'http_502', 'http_503', 'http_504']),
      /**
       * `proxy_next_upstream_tries`; 0 tries every server once (nginx's own default), so a backup is reached even
       * when more replicas than a fixed count died together. `timeout` still bounds the whole attempt. @default 0
       */
      tries: z.number().int().min(0).default(0),
      /**
       * `proxy_next_upstream_timeout`: the budget of the whole attempt on the primaries. nginx starts no new
       * try after it and a try in flight ends within `timeouts.connect`, so a request whose primaries all
       * vanished waits at most `timeout + timeouts.connect` (2.5 s by default) for any number of replicas,
       * and is then handed to the backup (`handOff`) or answered with the error page. Short enough for that,
       * long enough for a second primary after one that timed out. It also stops retries of a response that
       * was slow to fail (a 502 after this long is passed on).
       * @default '1500ms'
       */
      timeout: timeSchema.default('1500ms'),
      /**
       * Hand a request whose primaries all failed within `timeout` to the upstream's backup servers (an
       * `error_page 502 504 = @NAME_backup` named location proxying to a backup-only upstream), instead of
       * letting nginx reach the `backup` line only after every primary address. The `backup` line stays, so
       * once nginx has marked the primaries failed later requests go straight to it. Only upstreams with a
       * BackupUpstream (and dns other than `variable`) are affected; a POST that already reached a primary is
       * never sent again. false: the backup is reached only within `timeout`, as nginx does by itself.
       * @default true
       */
      handOff: z.boolean().default(true),
    })
    .default({
      on: ['error', 'timeout', 'http_502', 'http_503', 'http_504'],
      tries: 0,
      timeout: '1500ms',
      handOff: true,
    }),
  /** The response cache used by routes with `cache`. */
  cache: z
    .strictObject({
      /** How long a cached 200 stays fresh, unless a route says otherwise. @default '10m' */
      ttl: secondsSchema.default('10m'),
      /** @default '1g' */
      maxSize: sizeSchema.default('1g'),
      /** @default '60m' */
      inactive: secondsSchema.default('60m'),
      /** @default '10m' */
      keysZoneSize: sizeSchema.default('10m'),
    })
    .default({ ttl: '10m', maxSize: '1g', inactive: '60m', keysZoneSize: '10m' }),
  /** Answer nginx's own 500/502/503/504 with the image's `50x.html`. @default true */
  errorPage: z.boolean().default(true),
  /**
   * Docker's health check: busybox `wget` (in the alpine image) asks a status server that listens on
   * 127.0.0.1 only. It proves nginx accepts and answers requests, independently of the backends, so a proxy
   * whose apps are down stays up to serve backups and error pages. false turns it off (with a warning).
   */
  healthcheck: z
    .union([
      z.literal(false),
      z.strictObject({
        /** The status server's port, on 127.0.0.1 inside the container. @default 8099 */
        port: portSchema.default(8099),
        interval: duration.default('10s'),
        timeout: duration.default('3s'),
        retries: z.number().int().min(1).default(3),
        startPeriod: duration.default('5s'),
      }),
    ])
    .default({ port: 8099, interval: '10s', timeout: '3s', retries: 3, startPeriod: '5s' }),
  /** @default 'unless-stopped' */
  restart: z.enum(['no', 'always', 'on-failure', 'unless-stopped']).default('unless-stopped'),
  /** Networks the proxy joins besides those of its backends (which it joins by itself). */
  networks: z.array(constructRef('Network', Network.isNetwork)).optional(),
  /** Static files to serve (same as calling `addStatic`). @default [] */
  staticFiles: z.array(StaticRouteSchema).default([]),
  /** The config's file name in the stack folder. @default 'nginx.conf' */
  fileName: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: 'expected a file name such as "nginx.conf"' })
    .default('nginx.conf'),
});
export type NginxProxyProps = z.input<typeof NginxProxyPropsSchema>;
export type ParsedNginxProxyProps = z.output<typeof NginxProxyPropsSchema>;

/** A backend of an upstream: a FlaskService, or one with server parameters. */
export const ProxyBackendSchema = z.union([
  flaskRef,
  z.strictObject({
    service: flaskRef,
    /** `weight=N`. */
    weight: z.number().int().min(1).optional(),
    /** `max_fails=N`. */
    maxFails: z.number().int().min(0).optional(),
    /** `fail_timeout=T`. */
    failTimeout: secondsSchema.optional(),
    /** `max_conns=N`. */
    maxConns: z.number().int().min(0).optional(),
    /** `down`: keep the line but send nothing. */
    down: z.boolean().optional(),
  }),
]);
export type ProxyBackend = z.input<typeof ProxyBackendSchema>;

/** Options of `NginxProxy.addUpstream`. */
export const ProxyUpstreamOptionsSchema = z.strictObject({
  /** The FlaskServices behind it; their names and ports become the server lines. */
  servers: z.array(ProxyBackendSchema).default([]),
  method: UpstreamPropsSchema.shape.method,
  /** The key of method `hash`, e.g. `nginxVar('request_uri')`. */
  hashKey: NginxValueSchema.optional(),
  /** `hash ... consistent`. */
  consistent: z.boolean().default(false),
  /** `random two`. */
  two: z.boolean().default(false),
  /** Idle connections kept open to the servers (gunicorn's sync workers close them anyway). */
  keepalive: z.number().int().min(1).optional(),
});
export type ProxyUpstreamOptions = z.input<typeof ProxyUpstreamOptionsSchema>;

/** Options of `NginxProxy.addRoute`. */
export const ProxyRouteOptionsSchema = z.strictObject({
  /** nginx's match modifier; none is a prefix match. */
  modifier: z.enum(['=', '^~', '~', '~*']).optional(),
  /**
   * Cache responses in nginx (seed 003's `/cache-me`): true uses the proxy's `cache.ttl` for 200 responses.
   * Adds `X-Cache-Status` (HIT/MISS/...). @default false
   */
  cache: z
    .union([
      z.boolean(),
      z.strictObject({
        ttl: secondsSchema.optional(),
        /** @default [200] */
        statuses: z.array(z.number().int().min(100).max(599)).min(1).optional(),
      }),
    ])
    .default(false),
  /** Timeouts that differ from the proxy's for this route (e.g. a slow report). */
  timeouts: z
    .strictObject({
      connect: timeSchema.optional(),
      read: timeSchema.optional(),
      send: timeSchema.optional(),
    })
    .optional(),
  /** More response headers for this route (the security headers stay). */
  headers: z.array(AddHeaderSchema).default([]),
});
export type ProxyRouteOptions = z.input<typeof ProxyRouteOptionsSchema>;

/** Options of `NginxProxy.addStatic`. */
export const ProxyStaticOptionsSchema = StaticRouteSchema.pick({ expires: true });
export type ProxyStaticOptions = z.input<typeof ProxyStaticOptionsSchema>;
