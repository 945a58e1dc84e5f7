import fc from 'fast-check';

/*
 * Random Dockyard programs as plain data (so a failing one prints as JSON and rebuilds exactly). The
 * arbitraries draw freely, cross references are indices taken modulo the list they point into, and
 * `normalizeProgram` then applies the rules a valid program must follow (unique names, one location per
 * path, backups only where nginx allows them, one plain server per upstream with dns "variable"), so every
 * generated program is one the library must accept.
 */

/** How the proxy of the nginx -t variant resolves names (Debian's nginx 1.22 has no `resolve`). */
export type OldDns = 'static' | 'variable';

export interface HealthSpec {
  readonly path: string;
  readonly interval: string;
  readonly retries: number;
}

export interface ServiceSpec {
  readonly name: string;
  readonly port: number;
  readonly replicas: number;
  readonly workers: number;
  readonly threads: number | undefined;
  readonly timeout: number;
  readonly healthcheck: HealthSpec | false;
  readonly restart: 'no' | 'always' | 'on-failure' | 'unless-stopped';
  readonly staticDir: string | undefined;
  readonly networks: readonly number[];
  readonly environment: Readonly<Record<string, string>>;
  readonly extraArgs: readonly string[];
  readonly memory: string | undefined;
  readonly cpus: number | undefined;
  readonly perReplicaIdentity: boolean;
  readonly build: boolean;
}

export interface NetworkSpec {
  readonly key: string;
  readonly driver: 'overlay' | 'bridge' | undefined;
  readonly subnet: string | undefined;
}

export interface BackendSpec {
  readonly service: number;
  readonly weight: number | undefined;
  readonly maxFails: number | undefined;
  readonly failTimeout: string | undefined;
  readonly maxConns: number | undefined;
  readonly down: boolean;
}

export type Method = 'round-robin' | 'least_conn' | 'ip_hash' | 'hash' | 'random';

export interface UpstreamSpec {
  readonly name: string;
  readonly servers: readonly BackendSpec[];
  readonly method: Method;
  readonly consistent: boolean;
  readonly two: boolean;
  readonly keepalive: number | undefined;
  /** Services added as backups with BackupUpstream (in the upstream already or not). */
  readonly backups: readonly number[];
}

export interface HeaderSpec {
  readonly name: string;
  /** Literal text, or `$name` for an nginx variable. */
  readonly value: string;
  readonly always: boolean;
}

export interface RouteSpec {
  readonly path: string;
  readonly modifier: '=' | '^~' | '~' | '~*' | undefined;
  readonly upstream: number;
  readonly cache: false | true | { readonly ttl: string; readonly statuses: readonly number[] };
  readonly readTimeout: string | undefined;
  readonly headers: readonly HeaderSpec[];
}

export interface StaticSpec {
  readonly urlPath: string;
  readonly service: number;
  readonly expires: string | undefined;
}

export interface ProxySpec {
  readonly publish: number | false;
  readonly listenPort: number;
  readonly healthPort: number | false;
  readonly serverName: readonly string[];
  readonly clientMaxBodySize: string;
  readonly trustForwardedFor: boolean;
  readonly frameOptions: 'DENY' | 'SAMEORIGIN' | false;
  readonly contentTypeOptions: boolean;
  readonly referrerPolicy: 'no-referrer' | 'same-origin' | 'strict-origin-when-cross-origin' | false;
  readonly serverTokens: boolean;
  readonly gzip: boolean;
  readonly errorPage: boolean;
  readonly connectTimeout: string;
  readonly tries: number;
  readonly cacheTtl: string;
}

/** A stack built from the parts (FlaskService, NginxProxy, BackupUpstream, Network), like seed 001. */
export interface PartsStackSpec {
  readonly kind: 'parts';
  readonly name: string;
  readonly services: readonly ServiceSpec[];
  readonly networks: readonly NetworkSpec[];
  readonly proxy: ProxySpec;
  readonly upstreams: readonly UpstreamSpec[];
  readonly routes: readonly RouteSpec[];
  readonly statics: readonly StaticSpec[];
}

/** A LoadBalancedStack, the flagship pattern. */
export interface LbStackSpec {
  readonly kind: 'lb';
  readonly name: string;
  readonly flask: ServiceSpec;
  readonly proxy: ProxySpec;
  readonly backup: { readonly replicasOfApp: boolean; readonly workers: number } | undefined;
  readonly staticFiles: { readonly urlPath: string; readonly appDir: string } | undefined;
  readonly cachePaths: readonly string[];
  readonly perReplicaIdentity: boolean;
  readonly subnet: string | undefined;
}

export interface ProgramSpec {
  readonly stack: PartsStackSpec | LbStackSpec;
  readonly dns: OldDns;
}

/** Mostly false, sometimes true (a default turned off is the exception in real programs). */
const rarely = fc.oneof(
  { weight: 4, arbitrary: fc.constant(false) },
  { weight: 1, arbitrary: fc.constant(true) },
);
const mostly = rarely.map((value) => !value);

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
const serviceName = fc
  .tuple(word, fc.option(fc.stringMatching(/^[a-z0-9]{1,4}$/), { nil: undefined }))
  .map(([head, tail]) => (tail === undefined ? head : `${head}-${tail}`))
  .filter((name) => name !== 'nginx');
const port = fc.integer({ min: 1, max: 65535 });
const time = fc.constantFrom('1s', '5s', '30s', '90s', '2m', '10m', '1h', '500ms', '45');
// Where nginx reads whole seconds (fail_timeout, proxy_cache_valid, expires).
const seconds = fc.constantFrom('1s', '5s', '30s', '90s', '2m', '10m', '1h', '45', '1d');
const duration = fc.constantFrom('1s', '5s', '30s', '1m30s', '500ms', '2m');
const size = fc.constantFrom('1k', '512k', '10m', '20M', '1g', '4096');
const urlSegment = fc.stringMatching(/^[a-z0-9][a-z0-9._~-]{0,8}$/);
const urlPath = fc
  .array(urlSegment, { minLength: 1, maxLength: 3 })
  .map((segments) => `/${segments.join('/')}`)
  .filter((path) => !path.split('/').includes('..'));
const envValue = fc.string({
  unit: fc.constantFrom(
    'a',
    'Z',
    '0',
    ' ',
    '$',
    '{',
    '}',
    '"',
    "'",
    '\\',
    '#',
    ';',
    ':',
    '-',
    'é',
    '✓',
    '\n',
  ),
  maxLength: 12,
});
const headerName = fc.stringMatching(/^X-[A-Za-z0-9-]{1,12}$/);
const headerValue = fc.oneof(
  fc.string({
    unit: fc.constantFrom('a', 'Z', '0', ' ', '{', '}', '"', "'", '\\', '#', ';', '=', ',', 'ü'),
    maxLength: 16,
  }),
  fc.constantFrom('$request_id', '$host', '$upstream_addr'),
);

const health: fc.Arbitrary<HealthSpec | false> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ path: urlPath, interval: duration, retries: fc.integer({ min: 1, max: 5 }) }),
  },
  { weight: 1, arbitrary: fc.constant(false as const) },
);

const service: fc.Arbitrary<ServiceSpec> = fc.record({
  name: serviceName,
  port,
  replicas: fc.integer({ min: 1, max: 6 }),
  workers: fc.integer({ min: 1, max: 8 }),
  threads: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
  timeout: fc.integer({ min: 1, max: 120 }),
  healthcheck: health,
  restart: fc.constantFrom('no', 'always', 'on-failure', 'unless-stopped'),
  staticDir: fc.option(
    urlPath.map((path) => `/app${path}`),
    { nil: undefined },
  ),
  networks: fc.array(fc.nat(), { maxLength: 2 }),
  environment: fc.dictionary(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,8}$/), envValue, { maxKeys: 3 }),
  extraArgs: fc.array(fc.constantFrom('--preload', '--log-level=debug', '--max-requests', '1000'), {
    maxLength: 2,
  }),
  memory: fc.option(fc.constantFrom('256M', '1g', '512m'), { nil: undefined }),
  cpus: fc.option(fc.constantFrom(0.25, 0.5, 1, 2), { nil: undefined }),
  perReplicaIdentity: fc.boolean(),
  build: fc.boolean(),
});

const network: fc.Arbitrary<NetworkSpec> = fc.record({
  key: word.map((key) => `net-${key}`),
  driver: fc.constantFrom('overlay' as const, 'bridge' as const, undefined),
  subnet: fc.option(
    fc.integer({ min: 0, max: 255 }).map((third) => `10.42.${third}.0/24`),
    { nil: undefined },
  ),
});

const backend: fc.Arbitrary<BackendSpec> = fc.record({
  service: fc.nat(),
  weight: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
  maxFails: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
  failTimeout: fc.option(seconds, { nil: undefined }),
  maxConns: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
  down: rarely,
});

const upstream: fc.Arbitrary<UpstreamSpec> = fc.record({
  name: word.map((name) => `pool-${name}`),
  servers: fc.array(backend, { minLength: 1, maxLength: 4 }),
  method: fc.constantFrom<Method>('round-robin', 'least_conn', 'ip_hash', 'hash', 'random'),
  consistent: fc.boolean(),
  two: fc.boolean(),
  keepalive: fc.option(fc.integer({ min: 1, max: 32 }), { nil: undefined }),
  backups: fc.array(fc.nat(), { maxLength: 2 }),
});

// Regexes that nginx must compile (quoted when they hold `{`, `;` or spaces).
const regexPath = fc.constantFrom(
  '^/api/v[0-9]+/',
  '\\.(png|jpe?g|gif)$',
  '^/x/[0-9]{2}$',
  '^/(a|b);c',
  '/t e s t',
);

const route: fc.Arbitrary<RouteSpec> = fc.oneof(
  fc.record({
    path: urlPath,
    modifier: fc.constantFrom<RouteSpec['modifier']>(undefined, '=', '^~'),
    upstream: fc.nat(),
    cache: fc.oneof(
      fc.constant(false as const),
      fc.constant(true as const),
      fc.record({ ttl: seconds, statuses: fc.uniqueArray(fc.constantFrom(200, 301, 404), { minLength: 1 }) }),
    ),
    readTimeout: fc.option(time, { nil: undefined }),
    headers: fc.uniqueArray(fc.record({ name: headerName, value: headerValue, always: fc.boolean() }), {
      maxLength: 2,
      selector: (header) => header.name.toLowerCase(),
    }),
  }),
  fc.record({
    path: regexPath,
    modifier: fc.constantFrom<RouteSpec['modifier']>('~', '~*'),
    upstream: fc.nat(),
    cache: fc.constant(false as const),
    readTimeout: fc.constant(undefined),
    headers: fc.constant([]),
  }),
);

const proxy: fc.Arbitrary<ProxySpec> = fc.record({
  publish: fc.oneof({ weight: 5, arbitrary: port }, { weight: 1, arbitrary: fc.constant(false as const) }),
  listenPort: port,
  healthPort: fc.oneof({ weight: 5, arbitrary: port }, { weight: 1, arbitrary: fc.constant(false as const) }),
  serverName: fc.array(
    fc.oneof(
      fc.stringMatching(/^[a-z0-9]{1,8}(\.[a-z0-9]{1,8}){0,2}$/),
      fc.stringMatching(/^[a-z0-9]{1,8}\.[a-z]{2,4}$/).map((name) => `*.${name}`),
    ),
    { maxLength: 2 },
  ),
  clientMaxBodySize: size,
  trustForwardedFor: fc.boolean(),
  frameOptions: fc.constantFrom<ProxySpec['frameOptions']>('DENY', 'SAMEORIGIN', 'SAMEORIGIN', false),
  contentTypeOptions: mostly,
  referrerPolicy: fc.constantFrom<ProxySpec['referrerPolicy']>(
    'no-referrer',
    'same-origin',
    'strict-origin-when-cross-origin',
    false,
  ),
  serverTokens: rarely,
  gzip: fc.boolean(),
  errorPage: mostly,
  connectTimeout: time,
  tries: fc.integer({ min: 0, max: 5 }),
  cacheTtl: seconds,
});

const partsStack: fc.Arbitrary<PartsStackSpec> = fc.record({
  kind: fc.constant('parts' as const),
  name: word,
  services: fc.array(service, { minLength: 1, maxLength: 4 }),
  networks: fc.array(network, { maxLength: 2 }),
  proxy,
  upstreams: fc.array(upstream, { minLength: 1, maxLength: 3 }),
  routes: fc.array(route, { maxLength: 4 }),
  statics: fc.array(
    fc.record({
      urlPath: urlPath.map((path) => `/assets${path}`),
      service: fc.nat(),
      expires: fc.option(fc.constantFrom('max', '1h', '30m'), { nil: undefined }),
    }),
    { maxLength: 2 },
  ),
});

const lbStack: fc.Arbitrary<LbStackSpec> = fc.record({
  kind: fc.constant('lb' as const),
  name: word,
  flask: service,
  proxy,
  backup: fc.option(fc.record({ replicasOfApp: fc.boolean(), workers: fc.integer({ min: 1, max: 4 }) }), {
    nil: undefined,
  }),
  staticFiles: fc.option(
    fc.record({
      urlPath: urlPath.map((path) => `/static${path}`),
      appDir: urlPath.map((path) => `/app${path}`),
    }),
    { nil: undefined },
  ),
  cachePaths: fc.uniqueArray(
    urlPath.map((path) => `/cache${path}`),
    { maxLength: 2 },
  ),
  perReplicaIdentity: fc.boolean(),
  subnet: fc.option(
    fc.integer({ min: 0, max: 255 }).map((third) => `192.168.${third}.0/24`),
    { nil: undefined },
  ),
});

/** A random program the library must accept, already normalized. */
export const programArbitrary: fc.Arbitrary<ProgramSpec> = fc
  .record({
    stack: fc.oneof(partsStack, lbStack),
    dns: fc.constantFrom<OldDns>('static', 'variable'),
  })
  .map(normalizeProgram);

/** Applies the rules of a valid program to freely drawn data (see the module notes). */
export function normalizeProgram(program: ProgramSpec): ProgramSpec {
  const stack =
    program.stack.kind === 'lb'
      ? normalizeLb(program.stack, program.dns)
      : normalizeParts(program.stack, program.dns);
  return { stack, dns: program.dns };
}

function normalizeProxy(proxy: ProxySpec): ProxySpec {
  const healthPort = proxy.healthPort === proxy.listenPort ? false : proxy.healthPort;
  return { ...proxy, healthPort };
}

function normalizeLb(stack: LbStackSpec, dns: OldDns): LbStackSpec {
  return {
    ...stack,
    flask: { ...stack.flask, networks: [], perReplicaIdentity: false },
    proxy: normalizeProxy(stack.proxy),
    // A backup is a second server of the app's upstream, which dns "variable" cannot have.
    backup: dns === 'variable' ? undefined : stack.backup,
  };
}

function normalizeParts(stack: PartsStackSpec, dns: OldDns): PartsStackSpec {
  const services = uniqueBy(stack.services, (s) => s.name);
  // Two networks on one subnet would clash when Docker creates them.
  const networks = uniqueSubnets(uniqueBy(stack.networks, (n) => n.key));
  const pick = (index: number) => index % services.length;
  const withNetworks = services.map((s) => ({
    ...s,
    networks: networks.length === 0 ? [] : [...new Set(s.networks.map((i) => i % networks.length))],
  }));
  const upstreams = uniqueBy(stack.upstreams, (u) => u.name)
    .filter((u) => u.name !== 'dockyard')
    .map((u) => normalizeUpstream(u, services.length, pick, dns));
  const statics = stack.statics
    .map((s) => ({ ...s, service: pick(s.service) }))
    .filter((s) => withNetworks[s.service]?.staticDir !== undefined);
  const staticKeys = statics.map((s) => `prefix ${s.urlPath}/`);
  const routes = [
    {
      path: '/',
      modifier: undefined,
      upstream: 0,
      cache: false as const,
      readTimeout: undefined,
      headers: [],
    },
    ...stack.routes,
  ].map((r) => ({ ...r, upstream: r.upstream % upstreams.length }));
  const taken = new Set(['exact /50x.html', ...staticKeys]);
  const uniqueRoutes = routes.filter((r) => {
    const key = matchKey(r);
    if (taken.has(key)) return false;
    taken.add(key);
    return true;
  });
  return {
    ...stack,
    services: withNetworks,
    networks,
    proxy: normalizeProxy(stack.proxy),
    upstreams,
    routes: uniqueRoutes,
    statics: uniqueBy(statics, (s) => s.urlPath),
  };
}

function normalizeUpstream(
  upstream: UpstreamSpec,
  serviceCount: number,
  pick: (index: number) => number,
  dns: OldDns,
): UpstreamSpec {
  const servers = uniqueBy(
    upstream.servers.map((s) => ({ ...s, service: pick(s.service) })),
    (s) => String(s.service),
  );
  if (dns === 'variable') {
    // One name per request, no upstream block: nothing but the address survives.
    const first = servers[0] as BackendSpec;
    return {
      ...upstream,
      method: 'round-robin',
      consistent: false,
      two: false,
      keepalive: undefined,
      backups: [],
      servers: [
        {
          service: first.service,
          weight: undefined,
          maxFails: undefined,
          failTimeout: undefined,
          maxConns: undefined,
          down: false,
        },
      ],
    };
  }
  const allowed = upstream.method === 'round-robin' || upstream.method === 'least_conn';
  let backups = allowed ? [...new Set(upstream.backups.map(pick))] : [];
  const isPrimary = (s: BackendSpec) => !backups.includes(s.service);
  // nginx needs a primary server besides the backups: keep every server of the upstream a primary then.
  if (!servers.some(isPrimary)) backups = backups.filter((b) => !servers.some((s) => s.service === b));
  const firstPrimary = servers.findIndex(isPrimary);
  return {
    ...upstream,
    servers: servers.map((s, i) => (i === firstPrimary ? { ...s, down: false } : s)),
    backups: backups.slice(0, serviceCount),
    consistent: upstream.method === 'hash' && upstream.consistent,
    two: upstream.method === 'random' && upstream.two,
  };
}

function matchKey(route: Pick<RouteSpec, 'path' | 'modifier'>): string {
  if (route.modifier === '=') return `exact ${route.path}`;
  if (route.modifier === '~' || route.modifier === '~*') return `${route.modifier} ${route.path}`;
  return `prefix ${route.path}`;
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function uniqueSubnets(networks: readonly NetworkSpec[]): NetworkSpec[] {
  const seen = new Set<string>();
  return networks.map((n) => {
    if (n.subnet === undefined || !seen.has(n.subnet)) {
      if (n.subnet !== undefined) seen.add(n.subnet);
      return n;
    }
    return { ...n, subnet: undefined };
  });
}
