import type { Construct } from 'constructs';
import * as z from 'zod';
import { Network } from '../../constructs/compose/network';
import type { Location } from '../../constructs/nginx/location';
import type { Upstream } from '../../constructs/nginx/upstream';
import { parseProps, propsSchema } from '../../core/props';
import { type DeployTarget, Stack, StackPropsSchema } from '../../core/stack';
import { cidr, dnsServiceName, nginxSeconds, resourceKey } from '../../model/values';
import { BackupUpstream } from '../backup-upstream/backup-upstream';
import {
  FlaskService,
  type FlaskServiceProps,
  FlaskServicePropsSchema,
} from '../flask-service/flask-service';
import { NginxProxy } from '../nginx-proxy/nginx-proxy';
import { type NginxProxyProps, NginxProxyPropsSchema, urlPathSchema } from '../nginx-proxy/proxy-props';

/** The Flask app of a {@link LoadBalancedStack}: a FlaskService's props and the service's name. */
export interface LoadBalancedFlaskProps extends FlaskServiceProps {
  /**
   * The service's name: its DNS name and the nginx upstream's.
   * @default 'web'
   */
  readonly name?: string;
}

/** Static files the app writes to a shared volume and nginx serves without reaching Flask. */
export interface LoadBalancedStaticFiles {
  /** The URL prefix, e.g. `/static`. */
  readonly urlPath: string;
  /** Where the app writes them in its container, e.g. `/app/static`. */
  readonly appDir: string;
}

/** Paths nginx caches, and for how long. */
export interface LoadBalancedCache {
  /** The URL paths whose responses nginx caches, e.g. `['/cache-me']`. */
  readonly paths: string[];
  /**
   * How long a cached 200 stays fresh, in seconds (`'10m'`, `'1h'`; nginx takes no `ms` here).
   * @default '10m'
   */
  readonly ttl?: string;
}

/** The network the services of a {@link LoadBalancedStack} share. */
export interface LoadBalancedNetwork {
  /**
   * The network's key in compose.yaml and stack.yaml.
   * @default 'backend'
   */
  readonly name?: string;
  /**
   * A fixed subnet, e.g. `'192.168.100.0/24'`.
   * @default one Docker chooses
   */
  readonly subnet?: string;
}

/** Props of a {@link LoadBalancedStack}: replicas of a Flask app behind nginx, each part optional but the app. */
export interface LoadBalancedStackProps {
  /**
   * The targets to synthesize for (see `StackProps.targets`).
   * @default ['compose', 'swarm']
   */
  readonly targets?: DeployTarget[];
  /** The Flask app: image or build, WSGI target, its one port, replicas, gunicorn settings... */
  readonly flask: LoadBalancedFlaskProps;
  /**
   * The nginx in front: published port, body size, DNS strategy, security headers...
   * @default an NginxProxy with its defaults (publishes port 80)
   */
  readonly proxy?: Omit<NginxProxyProps, 'staticFiles' | 'cache'>;
  /**
   * A service nginx uses only when every replica is down (a spare that keeps answering while the app is
   * redeployed or broken). It inherits everything from `flask` but replicas (1) and what is given here.
   * @default none
   */
  readonly backup?: FlaskServiceProps;
  /**
   * Static files the app writes to a shared volume and nginx serves without reaching Flask.
   * @default none
   */
  readonly staticFiles?: LoadBalancedStaticFiles;
  /**
   * Paths nginx caches, with how long a 200 stays fresh.
   * @default none
   */
  readonly cache?: LoadBalancedCache;
  /**
   * Per-replica hostname, SLOT variable and per-slot log volume (Swarm), for an app whose replicas must tell
   * themselves apart (see `FlaskServiceProps.perReplicaIdentity`).
   * @default none
   */
  readonly perReplicaIdentity?: FlaskServiceProps['perReplicaIdentity'];
  /**
   * The network the services share: an overlay in Swarm (so replicas on several nodes reach each other), a
   * bridge in Compose.
   * @default { name: 'backend' }
   */
  readonly network?: LoadBalancedNetwork;
}

/** The props schema of a {@link LoadBalancedStack}, checked against {@link LoadBalancedStackProps}. */
export const LoadBalancedStackPropsSchema = propsSchema<LoadBalancedStackProps>()(() =>
  z.strictObject({
    targets: StackPropsSchema.shape.targets,
    flask: FlaskServicePropsSchema.extend({ name: dnsServiceName.schema.default('web') }),
    proxy: NginxProxyPropsSchema.omit({ staticFiles: true, cache: true }).partial().default({}),
    backup: FlaskServicePropsSchema.partial().optional(),
    staticFiles: z.strictObject({ urlPath: urlPathSchema, appDir: z.string().startsWith('/') }).optional(),
    // The proxy caches with `proxy_cache_valid`, which takes whole seconds: the rule is the proxy's.
    cache: z
      .strictObject({ paths: z.array(urlPathSchema).min(1), ttl: nginxSeconds.schema.default('10m') })
      .optional(),
    perReplicaIdentity: FlaskServicePropsSchema.shape.perReplicaIdentity,
    network: z
      .strictObject({ name: resourceKey.schema.default('backend'), subnet: cidr.schema.optional() })
      .default({ name: 'backend' }),
  }),
);

/**
 * A whole load-balanced setup as one stack: replicas of a Flask app behind nginx, with an optional backup
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
    // `targets` are the Stack's own props: the Stack validates them and reports a mistake, once.
    const { targets, ...rest } = props;
    super(scope, id, targets ? { targets } : {});
    const parsed = parseProps(this, LoadBalancedStackPropsSchema, rest);
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
