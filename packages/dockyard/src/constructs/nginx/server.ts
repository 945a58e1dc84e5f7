import { Construct } from 'constructs';
import * as z from 'zod';
import { addCheck } from '../../core/checks';
import { error, type Problem, warning } from '../../core/problems';
import { parseProps, propsSchema } from '../../core/props';
import { block, type Directive, d } from '../../model/nginx/ast';
import { brand, hasBrand, misplaced, NGINX_CONFIG, NGINX_SERVER, parentWith } from './brands';
import { type Limits, LimitsSchema, limitDirectives, limitProblems } from './limits';
import { handOffLocation, Location } from './location';
import { addHeaderDirectives, errorPageDirectives, proxyTuningDirectives } from './render-parts';
import {
  type RejectHandshake,
  RejectHandshakeSchema,
  type ServerTls,
  ServerTlsSchema,
  tlsDirectives,
} from './tls';
import { directive } from './value-input';
import {
  type AddHeader,
  AddHeaderSchema,
  literalText,
  type ProxyHeader,
  ProxyHeaderSchema,
  type ProxyTuning,
  ProxyTuningSchema,
  portSchema,
  serverNameSchema,
  sizeSchema,
} from './values';

/** One `listen` in long form: a port, optionally on one IPv4 address, with its parameters. */
export interface ListenOptions {
  /** The port. */
  readonly port: number;
  /**
   * Listen on this IPv4 address only, e.g. `127.0.0.1`.
   * @default every address
   */
  readonly address?: string;
  /**
   * `default_server`: answers requests whose Host matches no server_name.
   * @default false
   */
  readonly defaultServer?: boolean;
  /**
   * `ssl`: TLS on this port (the server needs `tls`).
   * @default false
   */
  readonly ssl?: boolean;
}

/** One `listen`: a port, or {@link ListenOptions}. */
export type Listen = number | ListenOptions;

/** What a {@link ListenOptions} is without `defaultServer` and `ssl`: for the schema and {@link serverSpec}. */
const LISTEN_DEFAULTS = { defaultServer: false, ssl: false } as const;

/** The schema of {@link Listen}. */
export const ListenSchema = propsSchema<Listen>()(() =>
  z.union([
    portSchema,
    z.strictObject({
      port: portSchema,
      address: z
        .string()
        .regex(/^\d{1,3}(\.\d{1,3}){3}$/, { error: 'expected an IPv4 address such as "127.0.0.1"' })
        .optional(),
      defaultServer: z.boolean().default(LISTEN_DEFAULTS.defaultServer),
      ssl: z.boolean().default(LISTEN_DEFAULTS.ssl),
    }),
  ]),
);

/** One `error_page` of a {@link Server}. */
export interface ErrorPage {
  /** The status codes, e.g. `[502, 503, 504]`. */
  readonly codes: number[];
  /** The URI answering them, e.g. `/50x.html` (an internal redirect). */
  readonly uri: string;
}

/** Props of a {@link Server}. */
export interface ServerProps {
  /**
   * The ports this server listens on.
   * @default [80]
   */
  readonly listen?: Listen[];
  /**
   * `server_name`: host names this server answers (`_` matches none), wildcards at the start or end, or a
   * regular expression starting with `~`.
   * @default []: no server_name, so the listen's default server decides
   */
  readonly serverName?: string[];
  /**
   * `client_max_body_size`: larger request bodies get 413.
   * @default nginx's 1m
   */
  readonly clientMaxBodySize?: string;
  /**
   * `error_page CODES URI`: nginx's own errors for these codes are answered with `uri` (an internal redirect).
   * @default []
   */
  readonly errorPages?: ErrorPage[];
  /**
   * Response headers for every location (a location with headers of its own repeats these).
   * @default []
   */
  readonly headers?: AddHeader[];
  /**
   * Request headers every proxying location sends upstream. Each such location writes them itself, because a
   * location's own `proxy_set_header` would otherwise silently drop the server's.
   * @default []
   */
  readonly proxyHeaders?: ProxyHeader[];
  /**
   * Timeouts and failover for every proxying location.
   * @default nginx's own timeouts
   */
  readonly proxy?: ProxyTuning;
  /**
   * TLS for the `ssl` listens: certificate, key and protocol settings, or a handshake refused for unknown names.
   * @default no TLS
   */
  readonly tls?: ServerTls | RejectHandshake;
  /**
   * HTTP/2 on the `ssl` listens: `http2 on` from nginx 1.25.1, the `http2` parameter of `listen` before (the
   * config's `nginxVersion` decides; `directive` forces one or the other).
   * @default false
   */
  readonly http2?: false | { directive: boolean };
  /**
   * Request-rate and connection limits for every location (a location with limits of its own replaces them).
   * @default no limits
   */
  readonly limits?: Limits;
  /**
   * Escape hatch: more directives before the locations, printed like everything else.
   * @default []
   */
  readonly directives?: Directive[];
}

/** `http2` when not given: for the schema and {@link serverSpec}. */
const NO_HTTP2 = false;

/** The schema of {@link ServerProps}. */
export const ServerPropsSchema = propsSchema<ServerProps>()(() =>
  z.strictObject({
    listen: z.array(ListenSchema).min(1).default([80]),
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
    clientMaxBodySize: sizeSchema.optional(),
    errorPages: z
      .array(
        z.strictObject({
          codes: z.array(z.number().int().min(300).max(599)).min(1),
          uri: literalText.pipe(z.string().regex(/^\/\S*$/, { error: 'expected a URI such as "/50x.html"' })),
        }),
      )
      .default([]),
    headers: z.array(AddHeaderSchema).default([]),
    proxyHeaders: z.array(ProxyHeaderSchema).default([]),
    proxy: ProxyTuningSchema.optional(),
    tls: z.union([ServerTlsSchema, RejectHandshakeSchema]).optional(),
    http2: z.union([z.literal(false), z.strictObject({ directive: z.boolean() })]).default(NO_HTTP2),
    limits: LimitsSchema.optional(),
    directives: z.array(directive).default([]),
  }),
);
type Parsed = z.output<typeof ServerPropsSchema>;

/**
 * Server props with every default of {@link ServerPropsSchema} filled in and the keys in its order: what the
 * schema would parse `props` to when they are valid, for a pattern to hand over as already parsed (see
 * `parsedIf`). Listens are given in long form; nested values must already be as the schema returns them.
 * @internal
 */
export function serverSpec(
  props: Omit<Partial<Parsed>, 'listen'> & { readonly listen: readonly ListenOptions[] },
): Parsed {
  return {
    listen: props.listen.map((listen) => ({
      port: listen.port,
      ...(listen.address !== undefined ? { address: listen.address } : {}),
      defaultServer: listen.defaultServer ?? LISTEN_DEFAULTS.defaultServer,
      ssl: listen.ssl ?? LISTEN_DEFAULTS.ssl,
    })),
    serverName: props.serverName ?? [],
    ...(props.clientMaxBodySize !== undefined ? { clientMaxBodySize: props.clientMaxBodySize } : {}),
    errorPages: props.errorPages ?? [],
    headers: props.headers ?? [],
    proxyHeaders: props.proxyHeaders ?? [],
    ...(props.proxy !== undefined ? { proxy: props.proxy } : {}),
    ...(props.tls !== undefined ? { tls: props.tls } : {}),
    http2: props.http2 ?? NO_HTTP2,
    ...(props.limits !== undefined ? { limits: props.limits } : {}),
    directives: props.directives ?? [],
  };
}

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
