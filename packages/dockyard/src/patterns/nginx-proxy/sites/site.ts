import { Construct } from 'constructs';
import * as z from 'zod';
import { Secret } from '../../../constructs/compose/secret';
import { Location, LocationPropsSchema } from '../../../constructs/nginx/location';
import type { NginxConfig } from '../../../constructs/nginx/nginx-config';
import { Server, type ServerProps } from '../../../constructs/nginx/server';
import { type ServerTls, ServerTlsSchema } from '../../../constructs/nginx/tls';
import type { Upstream } from '../../../constructs/nginx/upstream';
import { nginxVar, serverNameSchema, sizeSchema } from '../../../constructs/nginx/values';
import { addCheck } from '../../../core/checks';
import { foldersOf } from '../../../core/folders';
import { error, type Problem } from '../../../core/problems';
import { checkProps, parsedIf, parseProps, propsSchema } from '../../../core/props';
import { readsOutsideTree } from '../../../core/tree-version';
import { compareVersions } from '../../../model/nginx/version';
import { errorPageLocation } from '../error-page';
import {
  type LimitOptions,
  limitOptions,
  limitsOf,
  type RouteOptions,
  RouteOptionsSchema,
} from '../route-options';
import { addProxyRoute, type RouteContext } from '../routes';
import { ACME_CHALLENGE_PATH, ACME_WEBROOT, acmeFiles } from '../tls/acme';
import { certificateProblems } from '../tls/certificate-files';

const SITE = Symbol.for('dockyard.ProxySite');

/** Where Compose and Swarm mount a service's secrets. */
const SECRETS_DIR = '/run/secrets';
/** nginx 1.25.1 replaced `listen ... http2` with the `http2` directive (the parameter is deprecated since). */
const HTTP2_DIRECTIVE_SINCE = '1.25.1';
/** Two years: what hstspreload.org asks for, and Mozilla's recommendation. */
const HSTS_MAX_AGE = 63_072_000;

/**
 * A site's certificate and key as files of the program (relative to its folder). They reach nginx as Compose
 * and Swarm secrets, never in an artifact; the protocol settings default to Mozilla's "intermediate" profile.
 */
export interface SiteTls extends Omit<ServerTls, 'certificate' | 'key'> {
  /** The certificate chain (PEM, leaf first), a file relative to the program's folder. */
  readonly certificate: string;
  /** Its unencrypted private key (PEM), a file relative to the program's folder. */
  readonly key: string;
}

/** The schema of a {@link SiteTls}. */
export const SiteTlsSchema = propsSchema<SiteTls>()(() =>
  ServerTlsSchema.omit({ certificate: true, key: true }).extend({
    certificate: z.string().min(1),
    key: z.string().min(1),
  }),
);

/** `Strict-Transport-Security`: browsers that saw it use only HTTPS for the site for `maxAge` seconds. */
export interface SiteHsts {
  /**
   * Seconds browsers remember to use HTTPS only.
   * @default 63072000 (two years)
   */
  readonly maxAge?: number;
  /**
   * Also every subdomain.
   * @default false
   */
  readonly includeSubDomains?: boolean;
  /**
   * Ask to be in browsers' preload list (needs includeSubDomains and a year or more).
   * @default false
   */
  readonly preload?: boolean;
}

/** Props of a {@link ProxySite} (`NginxProxy.addSite`). */
export interface ProxySiteProps extends LimitOptions {
  /** The host names this site answers (`server_name`); other names get the proxy's default server. */
  readonly serverName: string[];
  /**
   * HTTPS: from certificate files, or `'acme'` for certificates the proxy's certbot service obtains and renews
   * (see `NginxProxy.useAcme`). `listen 443 ssl` with HTTP/2; plain HTTP answered with a 301 to HTTPS (ACME
   * challenges excepted). false serves the site over HTTP only.
   * @default false
   */
  readonly tls?: false | 'acme' | SiteTls;
  /**
   * `Strict-Transport-Security` on HTTPS responses. Opt-in: once a browser has seen it, the site cannot go back to
   * HTTP (or to a broken certificate) for `maxAge` seconds. Needs `tls`.
   * @default false
   */
  readonly hsts?: false | SiteHsts;
  /**
   * HTTP/2 on HTTPS.
   * @default true
   */
  readonly http2?: boolean;
  /**
   * `client_max_body_size` of this site.
   * @default the proxy's
   */
  readonly clientMaxBodySize?: string;
}

/** The props schema of a {@link ProxySite}, checked against {@link ProxySiteProps}. */
export const ProxySitePropsSchema = propsSchema<ProxySiteProps>()(() =>
  z.strictObject({
    serverName: z.array(serverNameSchema).min(1),
    tls: z.union([z.literal(false), z.literal('acme'), SiteTlsSchema]).default(false),
    hsts: z
      .union([
        z.literal(false),
        z.strictObject({
          maxAge: z.number().int().min(0).default(HSTS_MAX_AGE),
          includeSubDomains: z.boolean().default(false),
          preload: z.boolean().default(false),
        }),
      ])
      .default(false),
    http2: z.boolean().default(true),
    clientMaxBodySize: sizeSchema.optional(),
    ...limitOptions,
  }),
);
type Parsed = z.output<typeof ProxySitePropsSchema>;

/** What a site takes from its proxy. */
export interface SiteParts {
  readonly config: NginxConfig;
  /** The proxy's default server, whose timeouts, failover, headers and error pages every site repeats. */
  readonly template: Server;
  readonly nginxVersion: string;
  readonly serviceName: string;
  readonly httpPort: number;
  readonly tlsPort: number;
  /** The published HTTPS port, for the redirect's URL; false publishes none. */
  readonly publishTls: number | false;
  /** Where the error page lives, when the proxy serves one. */
  readonly errorPageRoot: string | undefined;
  readonly routes: RouteContext;
  /** True once the proxy runs certbot (`useAcme`), asked at synth. */
  readonly acmeEnabled: () => boolean;
}

/**
 * One site behind an {@link NginxProxy}: server blocks selected by host name, with routes, TLS and limits of its
 * own. Made by `proxy.addSite(...)`.
 *
 * @example
 * const shop = proxy.addSite('shop', { serverName: ['shop.example'], tls: { certificate: 'certs/shop.crt', key: 'certs/shop.key' } });
 * shop.addRoute('/', shopPool);
 */
export class ProxySite extends Construct {
  /** True for a ProxySite, from any copy of the library (a brand, not `instanceof`). */
  static isProxySite(x: unknown): x is ProxySite {
    return typeof x === 'object' && x !== null && SITE in x;
  }

  /** The server block holding the routes (the HTTPS one when the site has TLS). */
  readonly server: Server;
  /** With TLS: the plain-HTTP server that redirects to HTTPS. */
  readonly redirectServer: Server | undefined;
  /** The certificate and key secrets, with TLS. */
  readonly secrets: readonly Secret[];
  private readonly props: Parsed;
  private routeCount = 0;

  /** @internal Made by {@link NginxProxy.addSite}, which hands it the proxy's parts. */
  constructor(
    scope: Construct,
    id: string,
    props: ProxySiteProps,
    private readonly parts: SiteParts,
  ) {
    super(scope, id);
    Object.defineProperty(this, SITE, { value: true });
    const parsed = parseProps(this, ProxySitePropsSchema, props);
    this.props = parsed;
    const template = parts.template.spec;
    const serverName = parsed.serverName;
    const limits = limitsOf(parsed);
    const common: ServerProps = {
      ...template,
      serverName,
      ...(parsed.clientMaxBodySize ? { clientMaxBodySize: parsed.clientMaxBodySize } : {}),
      ...(limits ? { limits } : {}),
    };
    const prefix = `${parts.serviceName}_${id}`;
    if (parsed.tls === false) {
      this.secrets = [];
      this.redirectServer = undefined;
      this.server = new Server(parts.config, `${id}Http`, { ...common, listen: [parts.httpPort] });
    } else {
      const acme = parsed.tls === 'acme';
      const { certificate, key, ...settings } = parsed.tls === 'acme' ? acmeFiles(id) : parsed.tls;
      const cert = acme
        ? undefined
        : new Secret(this, 'Certificate', { file: certificate, key: `${prefix}_crt` });
      const privateKey = acme ? undefined : new Secret(this, 'Key', { file: key, key: `${prefix}_key` });
      this.secrets = cert && privateKey ? [cert, privateKey] : [];
      this.redirectServer = new Server(parts.config, `${id}Http`, { listen: [parts.httpPort], serverName });
      if (acme) {
        // HTTP-01: the CA fetches http://<name>/.well-known/acme-challenge/<token> over plain HTTP, so this one
        // path is served from certbot's webroot instead of redirected.
        new Location(this.redirectServer, 'AcmeChallenge', {
          path: ACME_CHALLENGE_PATH,
          modifier: '^~',
          root: ACME_WEBROOT,
          directives: [{ name: 'default_type', args: ['text/plain'] }],
        });
      }
      const port = parts.publishTls === false || parts.publishTls === 443 ? '' : `:${parts.publishTls}`;
      new Location(this.redirectServer, 'ToHttps', {
        path: '/',
        return: {
          code: 301,
          text: ['https://', nginxVar('host'), ...(port ? [port] : []), nginxVar('request_uri')],
        },
      });
      const hsts = parsed.hsts;
      this.server = new Server(parts.config, `${id}Https`, {
        ...common,
        listen: [{ port: parts.tlsPort, ssl: true }],
        tls: {
          ...settings,
          certificate: cert ? `${SECRETS_DIR}/${cert.key}` : certificate,
          key: privateKey ? `${SECRETS_DIR}/${privateKey.key}` : key,
        },
        http2: parsed.http2
          ? { directive: compareVersions(parts.nginxVersion, HTTP2_DIRECTIVE_SINCE) >= 0 }
          : false,
        headers: [
          ...(template.headers ?? []),
          ...(hsts === false
            ? []
            : [
                {
                  name: 'Strict-Transport-Security',
                  value: [
                    `max-age=${hsts.maxAge}`,
                    ...(hsts.includeSubDomains ? ['includeSubDomains'] : []),
                    ...(hsts.preload ? ['preload'] : []),
                  ].join('; '),
                  always: true,
                },
              ]),
        ],
      });
    }
    if (parts.errorPageRoot !== undefined) {
      const errorPage = errorPageLocation(parts.errorPageRoot);
      new Location(this.server, 'ErrorPage', parsedIf(parts.routes.valid, LocationPropsSchema, errorPage));
    }
    addCheck(this, () => this.problems());
  }

  /** True when the site's certificates come from ACME. */
  get usesAcme(): boolean {
    return this.props.tls === 'acme';
  }

  /** True when the site serves HTTPS. */
  get hasTls(): boolean {
    return this.props.tls !== false;
  }

  /** The site's host names. */
  get serverName(): readonly string[] {
    return this.props.serverName;
  }

  /**
   * Proxies requests for this site under `path` to `upstream` (an upstream of the same proxy), with the same
   * options as `NginxProxy.addRoute` plus limits and WebSocket upgrade.
   *
   * @example shop.addRoute('/socket.io/', pool, { websocket: true });
   */
  addRoute(path: string, upstream: Upstream, options: RouteOptions = {}): Location {
    const property = `addRoute(${JSON.stringify(path)})`;
    const { props: parsed, valid } = checkProps(this, RouteOptionsSchema, options, property);
    this.routeCount += 1;
    const id = `Route${this.routeCount}`;
    return addProxyRoute(this.parts.routes, this.server, id, path, upstream, parsed, valid);
  }

  private problems(): Problem[] {
    const problems: Problem[] = [];
    const { tls, hsts } = this.props;
    if (tls === false) {
      if (hsts !== false)
        problems.push(error('hsts', 'expected tls for HSTS (a header sent over HTTPS), got none'));
      return problems;
    }
    if (tls === 'acme') {
      if (!this.parts.acmeEnabled()) {
        problems.push(
          error(
            'tls',
            "expected proxy.useAcme({ email }) for tls 'acme' (no certbot would obtain the certificate), got none",
          ),
        );
      }
      return problems;
    }
    readsOutsideTree(this);
    problems.push(...certificateProblems(foldersOf(this).baseDir, tls, this.props.serverName));
    return problems;
  }
}
