import type { Construct } from 'constructs';
import { z } from 'zod';
import { Network } from '../constructs/compose/network';
import type { Location } from '../constructs/nginx/location';
import type { Upstream } from '../constructs/nginx/upstream';
import { parseProps } from '../core/props';
import { Stack, StackPropsSchema } from '../core/stack';
import { BackupUpstream } from './backup-upstream';
import { FlaskService, FlaskServicePropsSchema } from './flask-service';
import { NginxProxyPropsSchema, urlPathSchema } from './nginx/proxy-props';
import { NginxProxy } from './nginx-proxy';

const timeSchema = z.string().regex(/^\d+(ms|s|m|h|d|w|M|y)?$/, { error: 'expected a time such as "10m"' });

/** Props of a {@link LoadBalancedStack}: the seed setup, each part optional but the app. */
export const LoadBalancedStackPropsSchema = z.strictObject({
  /** @default ['compose', 'swarm'] */
  targets: StackPropsSchema.shape.targets,
  /** The Flask app: image or build, WSGI target, its one port, replicas, gunicorn settings... */
  flask: FlaskServicePropsSchema.extend({
    /** The service's name (its DNS name and the nginx upstream's). @default 'web' */
    name: z.string().min(1).default('web'),
  }),
  /** The nginx in front: published port, body size, DNS strategy, security headers... @default publish 80 */
  proxy: NginxProxyPropsSchema.omit({ staticFiles: true, cache: true }).partial().default({}),
  /**
   * A service nginx uses only when every replica is down (seed 001). It inherits everything from `flask`
   * but replicas (1) and what is given here.
   */
  backup: FlaskServicePropsSchema.partial().optional(),
  /** Static files the app writes to a shared volume and nginx serves without reaching Flask (seed 004). */
  staticFiles: z
    .strictObject({
      /** The URL prefix, e.g. `/static`. */
      urlPath: urlPathSchema,
      /** Where the app writes them in its container, e.g. `/app/static`. */
      appDir: z.string().startsWith('/'),
    })
    .optional(),
  /** Paths nginx caches (seed 003's `/cache-me`), with how long a 200 stays fresh. */
  cache: z.strictObject({ paths: z.array(urlPathSchema).min(1), ttl: timeSchema.default('10m') }).optional(),
  /** Seed 000's per-replica hostname, SLOT variable and per-slot log volume (Swarm). @default false */
  perReplicaIdentity: FlaskServicePropsSchema.shape.perReplicaIdentity,
  /** The network the services share: an overlay in Swarm (seed 004), a bridge in Compose. */
  network: z
    .strictObject({
      /** @default 'backend' */
      name: z.string().min(1).default('backend'),
      subnet: z
        .string()
        .regex(/^[0-9a-fA-F.:]+\/\d{1,3}$/, { error: 'expected a subnet such as "192.168.100.0/24"' })
        .optional(),
    })
    .default({ name: 'backend' }),
});
export type LoadBalancedStackProps = z.input<typeof LoadBalancedStackPropsSchema>;

/**
 * Flask behind nginx as one stack: replicas of a Flask app behind nginx, with an optional backup
 * service, static files served by nginx, cached paths, per-replica identity and an overlay network for
 * Swarm. The parts stay reachable (`flask`, `proxy`, `upstream`, `backup`, `network`) for changes.
 *
 * @example
 * new LoadBalancedStack(app, 'shop', {
 *   flask: { image: 'shop:1.4', port: 5000, replicas: 3 },
 *   proxy: { publish: 8080 },
 * });
 */
export class LoadBalancedStack extends Stack {
  /** The Flask app, replicated behind the proxy. */
  readonly flask: FlaskService;
  /** The nginx in front, the one service that publishes a host port. */
  readonly proxy: NginxProxy;
  /** The upstream every route of the app goes to. */
  readonly upstream: Upstream;
  /** The backup app nginx falls back to when every replica fails, when `backup` is set. */
  readonly backup: FlaskService | undefined;
  /** The stack's private network, shared by the proxy and the app. */
  readonly network: Network;
  /** The catch-all route `/` and the cached routes, by path. */
  readonly routes: ReadonlyMap<string, Location>;

  constructor(scope: Construct, id: string, props: LoadBalancedStackProps) {
    super(scope, id, props.targets ? { targets: props.targets } : {});
    const parsed = parseProps(this, LoadBalancedStackPropsSchema, props);
    const { name, ...flask } = parsed.flask;

    this.network = new Network(this, parsed.network.name, {
      driver: 'overlay',
      ...(parsed.network.subnet ? { ipam: { config: [{ subnet: parsed.network.subnet }] } } : {}),
    });
    this.flask = new FlaskService(this, name, {
      ...flask,
      networks: [this.network, ...(flask.networks ?? [])],
      ...(parsed.staticFiles ? { staticFiles: { appDir: parsed.staticFiles.appDir } } : {}),
      ...(parsed.perReplicaIdentity ? { perReplicaIdentity: parsed.perReplicaIdentity } : {}),
    });
    this.proxy = new NginxProxy(this, 'nginx', {
      ...parsed.proxy,
      networks: [this.network],
      ...(parsed.cache ? { cache: { ttl: parsed.cache.ttl } } : {}),
    });
    this.upstream = this.proxy.addUpstream(name, { servers: [this.flask] });

    if (parsed.backup) {
      // Only the props a user gave for the backup override the app's: a partial parse adds no defaults.
      const given = (props.backup ?? {}) as Record<string, unknown>;
      const overrides = Object.fromEntries(
        Object.keys(given).map((key) => [key, parsed.backup?.[key as keyof typeof parsed.backup]]),
      );
      this.backup = new FlaskService(this, `${name}-backup`, {
        ...flask,
        replicas: 1,
        networks: [this.network],
        ...overrides,
      });
      new BackupUpstream(this, 'Fallback', { upstream: this.upstream, service: this.backup });
    }

    const routes = new Map<string, Location>();
    routes.set('/', this.proxy.addRoute('/', this.upstream));
    for (const path of parsed.cache?.paths ?? []) {
      routes.set(
        path,
        this.proxy.addRoute(path, this.upstream, { cache: { ttl: parsed.cache?.ttl ?? '10m' } }),
      );
    }
    if (parsed.staticFiles)
      routes.set(parsed.staticFiles.urlPath, this.proxy.addStatic(parsed.staticFiles.urlPath, this.flask));
    this.routes = routes;
  }
}
