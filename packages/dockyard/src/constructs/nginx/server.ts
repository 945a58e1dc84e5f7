import { Construct } from 'constructs';
import { z } from 'zod';
import { addCheck } from '../../core/checks';
import { error, type Problem, warning } from '../../core/problems';
import { parseProps } from '../../core/props';
import { block, type Directive, d } from '../../model/nginx/ast';
import { brand, hasBrand, misplaced, NGINX_CONFIG, NGINX_SERVER, parentWith } from './brands';
import { LimitsSchema, limitDirectives, limitProblems } from './limits';
import { handOffLocation, Location } from './location';
import { addHeaderDirectives, errorPageDirectives, proxyTuningDirectives } from './render-parts';
import { RejectHandshakeSchema, ServerTlsSchema, tlsDirectives } from './tls';
import {
  AddHeaderSchema,
  DirectiveSchema,
  literalText,
  ProxyHeaderSchema,
  ProxyTuningSchema,
  portSchema,
  serverNameSchema,
  sizeSchema,
} from './values';

/** One `listen`: a port, optionally on one IPv4 address. */
export const ListenSchema = z.union([
  portSchema,
  z.strictObject({
    port: portSchema,
    /** Listen on this IPv4 address only, e.g. `127.0.0.1`. @default every address */
    address: z
      .string()
      .regex(/^\d{1,3}(\.\d{1,3}){3}$/, { error: 'expected an IPv4 address such as "127.0.0.1"' })
      .optional(),
    /** `default_server`: answers requests whose Host matches no server_name. @default false */
    defaultServer: z.boolean().default(false),
    /** `ssl`: TLS on this port (the server needs `tls`). @default false */
    ssl: z.boolean().default(false),
  }),
]);

/** Props of a {@link Server}. */
export const ServerPropsSchema = z.strictObject({
  /** @default [80] */
  listen: z.array(ListenSchema).min(1).default([80]),
  /**
   * `server_name`: host names this server answers (`_` matches none), wildcards at the start or end, or a
   * regular expression starting with `~`. @default none: the listen's default
   */
  serverName: z
    .array(
      z.union([
        serverNameSchema,
        literalText.pipe(
          z.string().regex(/^~[^\s;{}'"]+$/, {
            error: 'expected a regular expression starting with "~"',
          }),
        ),
      ]),
    )
    .default([]),
  /** `client_max_body_size`: larger request bodies get 413. @default nginx's 1m */
  clientMaxBodySize: sizeSchema.optional(),
  /** `error_page CODES URI`: nginx's own errors for these codes are answered with `uri` (an internal redirect). */
  errorPages: z
    .array(
      z.strictObject({
        codes: z.array(z.number().int().min(300).max(599)).min(1),
        uri: literalText.pipe(z.string().regex(/^\/\S*$/, { error: 'expected a URI such as "/50x.html"' })),
      }),
    )
    .default([]),
  /** Response headers for every location (a location with headers of its own repeats these). @default [] */
  headers: z.array(AddHeaderSchema).default([]),
  /**
   * Request headers every proxying location sends upstream. Each such location writes them itself, because a
   * location's own `proxy_set_header` would otherwise silently drop the server's. @default []
   */
  proxyHeaders: z.array(ProxyHeaderSchema).default([]),
  /** Timeouts and failover for every proxying location. */
  proxy: ProxyTuningSchema.optional(),
  /** TLS for the `ssl` listens: certificate, key and protocol settings, or a handshake refused for unknown names. @default none */
  tls: z.union([ServerTlsSchema, RejectHandshakeSchema]).optional(),
  /**
   * HTTP/2 on the `ssl` listens: `http2 on` from nginx 1.25.1, the `http2` parameter of `listen` before (the
   * config's `nginxVersion` decides). @default false
   */
  http2: z.union([z.literal(false), z.strictObject({ directive: z.boolean() })]).default(false),
  /** Request-rate and connection limits for every location (a location with limits of its own replaces them). @default none */
  limits: LimitsSchema.optional(),
  /** Escape hatch: more directives before the locations, printed like everything else. @default [] */
  directives: z.array(DirectiveSchema).default([]),
});
export type ServerProps = z.input<typeof ServerPropsSchema>;
type Parsed = z.output<typeof ServerPropsSchema>;

/**
 * A `server` block of an {@link NginxConfig}: where nginx listens and what it does per path. Its locations are
 * the {@link Location} constructs created inside it, in creation order.
 *
 * @example
 * const server = new Server(config, 'default', { listen: [{ port: 80, defaultServer: true }], clientMaxBodySize: '10m' });
 */
export class Server extends Construct {
  /** True for a Server, from any copy of the library (a brand, not `instanceof`). */
  static isServer(x: unknown): x is Server {
    return hasBrand(x, NGINX_SERVER);
  }

  /** The props this server was made with, so a pattern can add servers that behave like it. */
  readonly spec: ServerProps;
  private readonly props: Parsed;

  constructor(scope: Construct, id: string, props: ServerProps = {}) {
    super(scope, id);
    brand(this, NGINX_SERVER);
    this.spec = props;
    this.props = parseProps(this, ServerPropsSchema, props);
    addCheck(this, () => this.problems());
  }

  /** The locations of this server, in creation order. */
  get locations(): Location[] {
    return this.node.children.filter(Location.isLocation);
  }

  /** The ports this server listens on. */
  get ports(): number[] {
    return this.props.listen.map((listen) => (typeof listen === 'number' ? listen : listen.port));
  }

  /** The `server` block with its locations. */
  toDirectives(): Directive[] {
    const props = this.props;
    const body: Directive[] = props.listen.map((listen) => {
      if (typeof listen === 'number') return d('listen', String(listen));
      const address = listen.address ? `${listen.address}:${listen.port}` : String(listen.port);
      const args = [address];
      if (listen.defaultServer) args.push('default_server');
      if (listen.ssl) args.push('ssl');
      if (listen.ssl && props.http2 !== false && !props.http2.directive) args.push('http2');
      return d('listen', ...args);
    });
    if (props.http2 !== false && props.http2.directive) body.push(d('http2', 'on'));
    if (props.serverName.length > 0) body.push(d('server_name', ...props.serverName));
    if (props.tls !== undefined) body.push(...tlsDirectives(props.tls));
    if (props.clientMaxBodySize !== undefined) body.push(d('client_max_body_size', props.clientMaxBodySize));
    body.push(...limitDirectives(props.limits));
    body.push(...proxyTuningDirectives(props.proxy));
    body.push(...addHeaderDirectives(props.headers));
    body.push(...errorPageDirectives(props.errorPages));
    body.push(...props.directives);
    const inherited = {
      headers: props.headers,
      proxyHeaders: props.proxyHeaders,
      errorPages: props.errorPages,
    };
    const locations = this.locations;
    for (const location of locations) body.push(...location.toDirectives(inherited));
    // One named location per upstream that hands requests to its backups, however many routes use it.
    const handedOff = new Set(locations.flatMap((location) => location.handOffUpstream ?? []));
    // A server that retries non-idempotent requests itself (`non_idempotent`) lets the hand-off resend them too.
    const resend = props.proxy?.nextUpstream?.includes('non_idempotent') ?? false;
    for (const upstream of handedOff) body.push(handOffLocation(upstream, inherited, resend));
    return [block('server', [], body)];
  }

  private problems(): Problem[] {
    const problems: Problem[] = [];
    const config = parentWith(this, NGINX_CONFIG) as Construct | undefined;
    if (!config) problems.push(error(undefined, misplaced(this, 'a Server directly inside an NginxConfig')));
    problems.push(...limitProblems(this.props.limits, config));
    const ssl = this.props.listen.some((listen) => typeof listen !== 'number' && listen.ssl);
    if (ssl !== (this.props.tls !== undefined)) {
      problems.push(
        error(
          'tls',
          ssl
            ? 'expected tls for a server with an ssl listen (nginx refuses a TLS handshake without a certificate), got none'
            : 'expected an ssl listen for a server with tls, got none',
        ),
      );
    }
    // One pass with a map: a proxy may have thousands of routes.
    const first = new Map<string, Location>();
    for (const location of this.locations) {
      const key = location.matchKey;
      const earlier = first.get(key);
      if (earlier === undefined) first.set(key, location);
      else {
        problems.push({
          ...error(
            'path',
            `expected one location per path, got ${JSON.stringify(location.description)} again (first at ${earlier.node.path}); nginx refuses duplicate locations`,
          ),
          at: location,
        });
      }
    }
    for (const page of this.props.errorPages) {
      if (!first.has(`exact ${page.uri}`) && !first.has(`prefix ${page.uri}`)) {
        problems.push(
          warning(
            'errorPages',
            `no location serves ${page.uri}: the error page would go to whatever location matches it (often the app that just failed)`,
          ),
        );
      }
    }
    return problems;
  }
}
