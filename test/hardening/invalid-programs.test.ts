import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  App,
  BackupUpstream,
  CacheZone,
  Config,
  type Diagnostic,
  FlaskService,
  type FlaskServiceProps,
  LoadBalancedStack,
  Location,
  Network,
  NginxConfig,
  NginxProxy,
  type NginxProxyProps,
  nginxVar,
  Secret,
  Server,
  Service,
  Stack,
  Upstream,
  ValidationError,
  Volume,
} from '../../packages/dockyard/src';
import { printFigures } from './support/figures';
import { snapshotTree } from './support/output-tree';

// A catalogue of invalid programs, across the props of every public construct. For each: synth fails with
// EVERY problem of the program at once, each naming the construct path, the property, what was expected and
// what was given; and nothing is written, although the outdir holds a previous synth's output.

type Expected = readonly [path: string, property: string | undefined, message: string | RegExp];

interface InvalidProgram {
  readonly name: string;
  /** Builds the program in `app` (or returns another App to synthesize). */
  readonly build: (app: App) => App | undefined;
  readonly errors: readonly Expected[];
}

// Untyped props: a user writing JavaScript (or casting) can pass anything.
type Loose = Record<string, unknown>;
const loose = <T>(props: Loose): T => props as T;

const image = 'shop:1.4';
const shop = (app: App) => new Stack(app, 'shop');
const flask = (stack: Stack, id = 'web', props: Loose = {}) =>
  new FlaskService(stack, id, loose<FlaskServiceProps>({ image, ...props }));
const proxy = (stack: Stack, props: Loose = {}, id = 'nginx') =>
  new NginxProxy(stack, id, loose<NginxProxyProps>(props));
const withFlask =
  (props: Loose): ((app: App) => undefined) =>
  (app) => {
    flask(shop(app), 'web', props);
    return undefined;
  };
const withProxy =
  (props: Loose): ((app: App) => undefined) =>
  (app) => {
    proxy(shop(app), props);
    return undefined;
  };
/** A proxy with one upstream over `web`, for route and upstream cases. */
const routed = (app: App, options: Loose = {}) => {
  const stack = shop(app);
  const web = flask(stack);
  const nginx = proxy(stack);
  const pool = nginx.addUpstream('app', loose({ servers: [web], ...options }));
  return { stack, web, nginx, pool };
};
const STACK_NAME =
  'expected a stack name of lowercase letters, digits, "-" and "_" starting with a letter or digit';
const DUPLICATE = (again: string, first: string) =>
  `expected one location per path, got "${again}" again (first at ${first}); nginx refuses duplicate locations`;

const catalogue: InvalidProgram[] = [
  // --- App and Stack --------------------------------------------------------------------------------------
  {
    name: 'a stack name with ../ (would escape the outdir)',
    build: (app) => void new Stack(app, '../evil'),
    errors: [['..--evil', 'id', `${STACK_NAME}, got "../evil"`]],
  },
  {
    name: 'an absolute stack name',
    build: (app) => void new Stack(app, '/etc'),
    errors: [['--etc', 'id', `${STACK_NAME}, got "/etc"`]],
  },
  {
    name: 'a hidden stack name (would look like a generation folder)',
    build: (app) => void new Stack(app, '.shop.0123456789ab'),
    errors: [['.shop.0123456789ab', 'id', `${STACK_NAME}, got ".shop.0123456789ab"`]],
  },
  {
    name: 'an uppercase stack name',
    build: (app) => void new Stack(app, 'Shop'),
    errors: [['Shop', 'id', `${STACK_NAME}, got "Shop"`]],
  },
  {
    name: 'a stack inside a stack',
    build: (app) => void new Stack(shop(app), 'inner'),
    errors: [
      [
        'shop/inner',
        undefined,
        'expected a Stack outside any other Stack (a stack is one folder), got one inside stack "shop"',
      ],
    ],
  },
  {
    name: 'an empty outdir',
    build: () => {
      const other = new App({ outdir: '' });
      shop(other);
      return other;
    },
    errors: [['<app>', 'outdir', 'expected text of length >= 1, got ""']],
  },
  // --- FlaskService -----------------------------------------------------------------------------------------
  {
    name: 'replicas 0',
    build: withFlask({ replicas: 0 }),
    errors: [['shop/web', 'replicas', 'expected a number >= 1, got 0']],
  },
  {
    name: 'fractional replicas',
    build: withFlask({ replicas: 1.5 }),
    errors: [['shop/web', 'replicas', 'expected an integer, got 1.5']],
  },
  {
    name: 'replicas as text',
    build: withFlask({ replicas: 'three' }),
    errors: [['shop/web', 'replicas', 'expected a number, got "three"']],
  },
  {
    name: 'a port above 65535',
    build: withFlask({ port: 70000 }),
    errors: [['shop/web', 'port', 'expected a number <= 65535, got 70000']],
  },
  {
    name: 'workers 0 and 65',
    build: (app) => {
      const stack = shop(app);
      flask(stack, 'web', { workers: 0 });
      flask(stack, 'api', { workers: 65 });
      return undefined;
    },
    errors: [
      ['shop/api', 'workers', 'expected a number <= 64, got 65'],
      ['shop/web', 'workers', 'expected a number >= 1, got 0'],
    ],
  },
  {
    name: 'a WSGI target with a shell command',
    build: withFlask({ wsgi: 'app; rm -rf /' }),
    errors: [['shop/web', 'wsgi', 'expected module:callable such as "app:app", got "app; rm -rf /"']],
  },
  {
    name: 'neither image nor build',
    build: (app) => void new FlaskService(shop(app), 'web', {}),
    errors: [['shop/web', 'image', 'expected image or build (or both), got neither']],
  },
  {
    name: 'environment names that are not variable names',
    build: withFlask({ environment: { '1BAD': 'x', 'A=B': 'y' } }),
    errors: [
      [
        'shop/web',
        'environment.1BAD',
        'expected a variable name of letters, digits and "_" such as "LOG_LEVEL", got "1BAD"',
      ],
      [
        'shop/web',
        'environment.A=B',
        'expected a variable name of letters, digits and "_" such as "LOG_LEVEL", got "A=B"',
      ],
    ],
  },
  {
    name: 'an environment value that is not text',
    build: withFlask({ environment: { A: 5 } }),
    errors: [['shop/web', 'environment.A', 'expected a string, got 5']],
  },
  {
    name: 'a health check interval that is not a duration, and a relative path',
    build: withFlask({ healthcheck: { interval: 'soon', path: 'health' } }),
    errors: [
      [
        'shop/web',
        'healthcheck.interval',
        'expected a duration such as "10s", "1m30s" or "500ms", got "soon"',
      ],
      ['shop/web', 'healthcheck.path', 'expected text starting with "/", got "health"'],
    ],
  },
  {
    name: 'an unknown restart policy',
    build: withFlask({ restart: 'sometimes' }),
    errors: [
      ['shop/web', 'restart', 'expected "no" | "always" | "on-failure" | "unless-stopped", got "sometimes"'],
    ],
  },
  {
    name: 'negative CPUs and a memory size with a space',
    build: withFlask({ resources: { memory: '1 GB', cpus: -1 } }),
    errors: [
      ['shop/web', 'resources.cpus', 'expected a number > 0, got -1'],
      ['shop/web', 'resources.memory', 'expected a memory size such as "512m" or "1g", got "1 GB"'],
    ],
  },
  {
    name: 'a relative per-replica log folder',
    build: withFlask({ replicas: 2, perReplicaIdentity: { logDir: 'logs' } }),
    errors: [['shop/web', 'perReplicaIdentity.logDir', 'expected text starting with "/", got "logs"']],
  },
  {
    name: 'a misspelt prop',
    build: withFlask({ replica: 3 }),
    errors: [['shop/web', undefined, 'unknown property "replica"']],
  },
  {
    name: 'an uppercase service id',
    build: (app) => void flask(shop(app), 'Web'),
    errors: [
      ['shop/Web', 'id', 'expected a service name of lowercase letters, digits, "_", "." and "-", got "Web"'],
    ],
  },
  {
    name: 'a negative update parallelism and an unknown order',
    build: withFlask({ update: { parallelism: -1, order: 'random' } }),
    errors: [
      ['shop/web', 'update.order', 'expected "start-first" | "stop-first", got "random"'],
      ['shop/web', 'update.parallelism', 'expected a number >= 0, got -1'],
    ],
  },
  {
    name: 'a network given by name instead of a Network',
    build: withFlask({ networks: ['backend'] }),
    errors: [['shop/web', 'networks[0]', 'expected a Network construct, got "backend"']],
  },
  {
    name: 'a relative static files folder',
    build: withFlask({ staticFiles: { appDir: 'static' } }),
    errors: [['shop/web', 'staticFiles.appDir', 'expected text starting with "/", got "static"']],
  },
  {
    name: 'a gunicorn timeout of 0 and extraArgs that are not a list',
    build: withFlask({ timeout: 0, extraArgs: '--preload' }),
    errors: [
      ['shop/web', 'extraArgs', 'expected an array, got "--preload"'],
      ['shop/web', 'timeout', 'expected a number >= 1, got 0'],
    ],
  },
  // --- NginxProxy -------------------------------------------------------------------------------------------
  {
    name: 'publish 0',
    build: withProxy({ publish: 0 }),
    errors: [['shop/nginx', 'publish', 'expected a number >= 1, got 0']],
  },
  {
    name: 'publish as text',
    build: withProxy({ publish: 'eighty' }),
    errors: [['shop/nginx', 'publish', 'expected a number or false, got "eighty"']],
  },
  {
    name: 'a listen port above 65535',
    build: withProxy({ listenPort: 70000 }),
    errors: [['shop/nginx', 'listenPort', 'expected a number <= 65535, got 70000']],
  },
  {
    name: 'an nginx version that is not one',
    build: withProxy({ nginxVersion: 'latest' }),
    errors: [
      ['shop/nginx', 'nginxVersion', 'expected an nginx version such as "1.28.0" or "1.22", got "latest"'],
    ],
  },
  {
    name: 'an nginx version newer than the image',
    build: withProxy({ nginxVersion: '1.30' }),
    errors: [
      [
        'shop/nginx',
        'nginxVersion',
        'expected at most 1.28.0 (the nginx of image "nginx:1.28.0-alpine"), got "1.30"',
      ],
    ],
  },
  {
    name: 'an image whose tag hides the nginx version',
    build: withProxy({ image: 'my/nginx:stable' }),
    errors: [
      [
        'shop/nginx',
        'nginxVersion',
        'is required: the tag of image "my/nginx:stable" does not say which nginx it runs (expected e.g. "1.26.2"), got nothing',
      ],
    ],
  },
  {
    name: 'dns resolve on nginx 1.22',
    build: withProxy({ nginxVersion: '1.22', dns: 'resolve' }),
    errors: [
      [
        'shop/nginx',
        'dns',
        'expected "variable" or "static" for nginx 1.22, got "resolve", which needs nginx >= 1.27.3',
      ],
    ],
  },
  {
    name: 'no dns choice on nginx 1.22',
    build: withProxy({ nginxVersion: '1.22' }),
    errors: [
      [
        'shop/nginx',
        'dns',
        /^is required for nginx 1\.22: .*; expected "variable" .* or "static" .*, got nothing$/,
      ],
    ],
  },
  {
    name: 'a resolver address with a directive after it',
    build: withProxy({ resolver: { address: '1.1.1.1; evil' } }),
    errors: [
      ['shop/nginx', 'resolver.address', 'expected an address such as "127.0.0.11", got "1.1.1.1; evil"'],
    ],
  },
  {
    name: 'server names with a space, a lone "*", a "*" inside, a lone "."',
    build: withProxy({ serverName: ['bad name', '*', 'a*b.example', '.'] }),
    errors: ['bad name', '*', 'a*b.example', '.'].map(
      (name, i): Expected => [
        'shop/nginx',
        `serverName[${i}]`,
        `expected a host name such as "shop.example", "*.shop.example" or "shop.*", got ${JSON.stringify(name)}`,
      ],
    ),
  },
  {
    name: 'a body size in words',
    build: withProxy({ clientMaxBodySize: '20 MB' }),
    errors: [['shop/nginx', 'clientMaxBodySize', 'expected a size such as "10m" or "512k", got "20 MB"']],
  },
  {
    name: 'an X-Frame-Options nginx does not know',
    build: withProxy({ securityHeaders: { frameOptions: 'ALLOWALL' } }),
    errors: [
      [
        'shop/nginx',
        'securityHeaders.frameOptions',
        'expected "DENY" | "SAMEORIGIN" or false, got "ALLOWALL"',
      ],
    ],
  },
  {
    name: 'a connect timeout in words',
    build: withProxy({ timeouts: { connect: 'fast' } }),
    errors: [
      ['shop/nginx', 'timeouts.connect', 'expected a time such as "10s", "500ms" or "1h", got "fast"'],
    ],
  },
  {
    name: 'an unknown failover condition and negative tries',
    build: withProxy({ failover: { on: ['sometimes'], tries: -1 } }),
    errors: [
      ['shop/nginx', 'failover.on[0]', /^expected "error" \| "timeout" \| .* \| "off", got "sometimes"$/],
      ['shop/nginx', 'failover.tries', 'expected a number >= 0, got -1'],
    ],
  },
  {
    name: 'the health check on the listen port',
    build: withProxy({ healthcheck: { port: 80 } }),
    errors: [['shop/nginx', 'healthcheck.port', 'expected a port other than listenPort 80, got 80']],
  },
  {
    name: 'a config file name that climbs out of the stack folder',
    build: withProxy({ fileName: '../nginx.conf' }),
    errors: [['shop/nginx', 'fileName', 'expected a file name such as "nginx.conf", got "../nginx.conf"']],
  },
  {
    name: 'a config file name that another artifact has',
    build: withProxy({ fileName: 'compose.yaml' }),
    errors: [
      [
        'shop/ComposeProject',
        'fileName',
        'expected a file name no other construct of stack "shop" writes, got "compose.yaml", which shop/nginx/Config writes too',
      ],
      [
        'shop/nginx/Config',
        'fileName',
        'expected a file name no other construct of stack "shop" writes, got "compose.yaml", which shop/ComposeProject writes too',
      ],
    ],
  },
  {
    name: 'a cache TTL nginx cannot read, in milliseconds',
    build: withProxy({ cache: { ttl: '500ms' } }),
    errors: [
      [
        'shop/nginx',
        'cache.ttl',
        'expected a time in seconds such as "10s", "5m" or "1h" (nginx takes no "ms" here), got "500ms"',
      ],
    ],
  },
  {
    name: 'two proxies publishing the same host port',
    build: (app) => {
      const stack = shop(app);
      proxy(stack, { publish: 8080 });
      proxy(stack, { publish: 8080, fileName: 'admin.conf' }, 'admin');
      return undefined;
    },
    errors: [
      [
        'shop/admin/Default',
        'ports[0].published',
        'expected each host port to be published once, got 8080/tcp again (first at services.nginx.ports[0].published)',
      ],
    ],
  },
  // --- Upstreams (NginxProxy.addUpstream, Upstream) -------------------------------------------------------
  {
    name: 'an upstream without servers',
    build: (app) => {
      const nginx = proxy(shop(app));
      nginx.addRoute('/', nginx.addUpstream('app', { servers: [] }));
      return undefined;
    },
    errors: [
      [
        'shop/nginx/Config/app',
        'servers',
        'expected at least one server, got none (nginx refuses an empty upstream)',
      ],
    ],
  },
  {
    name: 'an unknown balancing method',
    build: (app) => void routed(app, { method: 'fastest' }),
    errors: [
      [
        'shop/nginx',
        'addUpstream("app").method',
        'expected "round-robin" | "least_conn" | "ip_hash" | "hash" | "random", got "fastest"',
      ],
    ],
  },
  {
    name: 'method hash without a key',
    build: (app) => void routed(app, { method: 'hash' }),
    errors: [
      [
        'shop/nginx/Config/app',
        'hashKey',
        'is required with method "hash" (expected e.g. nginxVar("request_uri")), got nothing',
      ],
    ],
  },
  {
    name: 'a hash key, consistent and two without their methods',
    build: (app) => void routed(app, { hashKey: nginxVar('uri'), consistent: true, two: true }),
    errors: [
      ['shop/nginx/Config/app', 'consistent', 'is only used with method "hash", got method "round-robin"'],
      ['shop/nginx/Config/app', 'hashKey', 'is only used with method "hash", got method "round-robin"'],
      ['shop/nginx/Config/app', 'two', 'is only used with method "random", got method "round-robin"'],
    ],
  },
  {
    name: 'weight 0, negative max_fails and keepalive 0',
    build: (app) => {
      const stack = shop(app);
      proxy(stack).addUpstream(
        'app',
        loose({ servers: [{ service: flask(stack), weight: 0, maxFails: -1 }], keepalive: 0 }),
      );
      return undefined;
    },
    errors: [
      ['shop/nginx', 'addUpstream("app").keepalive', 'expected a number >= 1, got 0'],
      ['shop/nginx', 'addUpstream("app").servers[0].maxFails', 'expected a number >= 0, got -1'],
      ['shop/nginx', 'addUpstream("app").servers[0].weight', 'expected a number >= 1, got 0'],
    ],
  },
  {
    name: 'a fail_timeout in milliseconds (nginx reads seconds there)',
    build: (app) => {
      const stack = shop(app);
      proxy(stack).addUpstream('app', { servers: [{ service: flask(stack), failTimeout: '500ms' }] });
      return undefined;
    },
    errors: [
      [
        'shop/nginx',
        'addUpstream("app").servers[0].failTimeout',
        'expected a time in seconds such as "10s", "5m" or "1h" (nginx takes no "ms" here), got "500ms"',
      ],
    ],
  },
  {
    name: 'the same service twice in one upstream',
    build: (app) => {
      const stack = shop(app);
      const web = flask(stack);
      proxy(stack).addUpstream('app', { servers: [web, web] });
      return undefined;
    },
    errors: [['shop/nginx/Config/app', 'servers[1]', 'expected each server once, got web:8000 twice']],
  },
  {
    name: 'a server from another stack',
    build: (app) => {
      const other = new Stack(app, 'other');
      proxy(shop(app)).addUpstream('app', { servers: [flask(other)] });
      return undefined;
    },
    errors: [
      [
        'shop/nginx/Config/app',
        'servers[0]',
        'expected a FlaskService of stack "shop", got other/web from stack "other" (a stack is deployed alone: it cannot reach constructs of another stack)',
      ],
    ],
  },
  {
    name: 'two servers with dns "variable"',
    build: (app) => {
      const stack = shop(app);
      proxy(stack, { nginxVersion: '1.22', dns: 'variable' }).addUpstream('app', {
        servers: [flask(stack), flask(stack, 'api')],
      });
      return undefined;
    },
    errors: [
      [
        'shop/nginx/Config/app',
        'servers',
        /^cannot be honoured with dns "variable" \(got 2 servers\): nginx proxies to one name per request/,
      ],
    ],
  },
  {
    name: 'two upstreams with one name',
    build: (app) => {
      const { web, nginx } = routed(app);
      nginx.addUpstream('app', { servers: [web] });
      return undefined;
    },
    errors: [
      [
        'shop/nginx/Config/app#3',
        'name',
        'expected an upstream name used once, got "app" again (first at shop/nginx/Config/app)',
      ],
    ],
  },
  {
    name: 'an upstream host that is not a host name',
    build: (app) => {
      new Upstream(new NginxConfig(shop(app), 'cfg'), 'u', { servers: [{ host: 'a b;', port: 80 }] });
      return undefined;
    },
    errors: [
      ['shop/cfg/u', 'servers[0].host', 'expected a host name such as "web" or an IPv4 address, got "a b;"'],
    ],
  },
  {
    name: 'an Upstream outside an NginxConfig',
    build: (app) => void new Upstream(shop(app), 'u', { servers: [{ host: 'a', port: 80 }] }),
    errors: [
      [
        'shop/u',
        undefined,
        'expected an Upstream directly inside an NginxConfig, got one inside Stack "shop"',
      ],
    ],
  },
  // --- Routes and static files (addRoute, addStatic, Location) ------------------------------------------
  {
    name: 'two routes on one path',
    build: (app) => {
      const { nginx, pool } = routed(app);
      nginx.addRoute('/', pool);
      nginx.addRoute('/', pool);
      return undefined;
    },
    errors: [
      ['shop/nginx/Config/Default/Route2', 'path', DUPLICATE('/', 'shop/nginx/Config/Default/Route1')],
    ],
  },
  {
    name: 'a prefix route and a ^~ route on one path (the same location for nginx)',
    build: (app) => {
      const { nginx, pool } = routed(app);
      nginx.addRoute('/api', pool);
      nginx.addRoute('/api', pool, { modifier: '^~' });
      return undefined;
    },
    errors: [
      ['shop/nginx/Config/Default/Route2', 'path', DUPLICATE('^~ /api', 'shop/nginx/Config/Default/Route1')],
    ],
  },
  {
    name: "a route to another proxy's upstream",
    build: (app) => {
      const { stack, web, nginx } = routed(app);
      const admin = proxy(stack, { publish: 8081, fileName: 'admin.conf' }, 'admin');
      nginx.addRoute('/', admin.addUpstream('admin', { servers: [web] }));
      return undefined;
    },
    errors: [
      [
        'shop/nginx/Config/Default/Route1',
        'proxy.upstream',
        'expected an Upstream of shop/nginx/Config, got Upstream "shop/admin/Config/admin" of shop/admin/Config (each nginx.conf only knows its own upstreams)',
      ],
    ],
  },
  {
    name: 'a route path without a leading slash',
    build: (app) => {
      const { nginx, pool } = routed(app);
      nginx.addRoute('api', pool);
      return undefined;
    },
    errors: [
      [
        'shop/nginx/Config/Default/Route1',
        'path',
        'expected a path starting with "/" (or a regex modifier), got "api"',
      ],
    ],
  },
  {
    name: 'a route path with a control character',
    build: (app) => {
      const { nginx, pool } = routed(app);
      nginx.addRoute('/a\u0007', pool);
      return undefined;
    },
    errors: [
      [
        'shop/nginx/Config/Default/Route1',
        'path',
        'expected a path without control characters, got "/a\\u0007"',
      ],
    ],
  },
  {
    name: 'a cached status below 100 and a TTL in milliseconds',
    build: (app) => {
      const { nginx, pool } = routed(app);
      nginx.addRoute('/', pool, { cache: { statuses: [99], ttl: '10ms' } });
      return undefined;
    },
    errors: [
      ['shop/nginx', 'addRoute("/").cache.statuses[0]', 'expected a number >= 100, got 99'],
      [
        'shop/nginx',
        'addRoute("/").cache.ttl',
        'expected a time in seconds such as "10s", "5m" or "1h" (nginx takes no "ms" here), got "10ms"',
      ],
    ],
  },
  {
    name: 'response headers: a bad name, a value with a newline, a literal $',
    build: (app) => {
      const { nginx, pool } = routed(app);
      nginx.addRoute('/', pool, {
        headers: [
          { name: 'Bad Header', value: 'a\nb' },
          { name: 'X-Price', value: 'cost $5' },
        ],
      });
      return undefined;
    },
    errors: [
      [
        'shop/nginx',
        'addRoute("/").headers[0].name',
        'expected a header name such as "X-Frame-Options", got "Bad Header"',
      ],
      [
        'shop/nginx',
        'addRoute("/").headers[0].value',
        'expected header text without CR, LF or other control characters, got "a\\nb"',
      ],
      [
        'shop/nginx',
        'addRoute("/").headers[1].value',
        'expected header text without "$" (nginx would read it as a variable and has no escape for a literal "$"; use nginxVar() for a variable), got "cost $5"',
      ],
    ],
  },
  {
    name: 'an unknown match modifier',
    build: (app) => {
      const { nginx, pool } = routed(app);
      nginx.addRoute('/', pool, loose({ modifier: 'like' }));
      return undefined;
    },
    errors: [['shop/nginx', 'addRoute("/").modifier', 'expected "=" | "^~" | "~" | "~*", got "like"']],
  },
  {
    name: 'a static URL path without a slash, one with "..", one with a space',
    build: (app) => {
      const stack = shop(app);
      const web = flask(stack, 'web', { staticFiles: { appDir: '/app/static' } });
      const nginx = proxy(stack);
      nginx.addStatic('static', web);
      nginx.addStatic('/static/../etc', web);
      nginx.addStatic('/my files', web);
      return undefined;
    },
    errors: [
      [
        'shop/nginx',
        'addStatic("/my files").urlPath',
        'expected a URL path such as "/static", got "/my files"',
      ],
      [
        'shop/nginx',
        'addStatic("/static/../etc").urlPath',
        'expected a URL path without ".." segments, got "/static/../etc"',
      ],
      ['shop/nginx', 'addStatic("static").urlPath', 'expected a URL path such as "/static", got "static"'],
    ],
  },
  {
    name: 'static files of a service that has none',
    build: (app) => {
      const stack = shop(app);
      proxy(stack).addStatic('/static', flask(stack));
      return undefined;
    },
    errors: [
      [
        'shop/nginx/Config/Default/Route1',
        'service',
        'expected a FlaskService with staticFiles, got shop/web without',
      ],
    ],
  },
  {
    name: 'a static path that a route already has',
    build: (app) => {
      const stack = shop(app);
      const web = flask(stack, 'web', { staticFiles: { appDir: '/app/static' } });
      const nginx = proxy(stack);
      nginx.addRoute('/static/', nginx.addUpstream('app', { servers: [web] }));
      nginx.addStatic('/static', web);
      return undefined;
    },
    errors: [
      [
        'shop/nginx/Config/Default/Route2',
        'path',
        DUPLICATE('^~ /static/', 'shop/nginx/Config/Default/Route1'),
      ],
    ],
  },
  {
    name: 'an expires in milliseconds on static files',
    build: (app) => {
      const stack = shop(app);
      proxy(stack).addStatic('/static', flask(stack, 'web', { staticFiles: { appDir: '/app/static' } }), {
        expires: '1ms',
      });
      return undefined;
    },
    errors: [
      [
        'shop/nginx',
        'addStatic("/static").expires',
        'expected a time in seconds such as "10s", "5m" or "1h" (nginx takes no "ms" here), got "1ms"',
      ],
    ],
  },
  {
    name: 'a Location outside a Server',
    build: (app) => void new Location(new NginxConfig(shop(app), 'cfg'), 'l', { path: '/' }),
    errors: [
      [
        'shop/cfg/l',
        undefined,
        'expected a Location directly inside a Server, got one inside NginxConfig "shop/cfg"',
      ],
    ],
  },
  {
    name: 'an alias without the trailing slash (the off-by-slash traversal)',
    build: (app) => {
      const server = new Server(new NginxConfig(shop(app), 'cfg'), 'srv');
      new Location(server, 'l', { path: '/static', alias: '/srv/static' });
      return undefined;
    },
    errors: [
      [
        'shop/cfg/srv/l',
        'alias',
        /^expected a prefix path and an alias that both end with "\/" .*, got path "\/static" and alias "\/srv\/static"$/,
      ],
    ],
  },
  {
    name: 'alias and return in one location',
    build: (app) => {
      const server = new Server(new NginxConfig(shop(app), 'cfg'), 'srv');
      new Location(server, 'l', { path: '/s/', alias: '/srv/s/', return: { code: 200 } });
      return undefined;
    },
    errors: [
      ['shop/cfg/srv/l', undefined, 'expected at most one of proxy, alias and return, got alias and return'],
    ],
  },
  {
    name: 'return 999',
    build: (app) => {
      const server = new Server(new NginxConfig(shop(app), 'cfg'), 'srv');
      new Location(server, 'l', { path: '/', return: { code: 999 } });
      return undefined;
    },
    errors: [['shop/cfg/srv/l', 'return.code', 'expected a number <= 599, got 999']],
  },
  {
    name: 'a raw directive whose name would smuggle an argument',
    build: (app) => {
      const server = new Server(new NginxConfig(shop(app), 'cfg'), 'srv');
      new Location(server, 'l', { path: '/', directives: [{ name: 'return 200; evil', args: [] }] });
      return undefined;
    },
    errors: [
      [
        'shop/cfg/srv/l',
        'directives[0].name',
        'expected a directive name such as "proxy_buffering", got "return 200; evil"',
      ],
    ],
  },
  {
    name: "a location proxying to another config's upstream",
    build: (app) => {
      const stack = shop(app);
      const other = new NginxConfig(stack, 'cfg2', { fileName: 'other.conf' });
      const pool = new Upstream(other, 'u', { servers: [{ host: 'a', port: 80 }] });
      const server = new Server(new NginxConfig(stack, 'cfg'), 'srv');
      new Location(server, 'l', { path: '/', proxy: { upstream: pool } });
      return undefined;
    },
    errors: [
      [
        'shop/cfg/srv/l',
        'proxy.upstream',
        'expected an Upstream of shop/cfg, got Upstream "shop/cfg2/u" of shop/cfg2 (each nginx.conf only knows its own upstreams)',
      ],
    ],
  },
  // --- BackupUpstream -----------------------------------------------------------------------------------
  {
    name: 'a backup with ip_hash',
    build: (app) => {
      const { stack, pool } = routed(app, { method: 'ip_hash' });
      new BackupUpstream(stack, 'fb', { upstream: pool, service: flask(stack, 'spare') });
      return undefined;
    },
    errors: [
      [
        'shop/fb',
        'service',
        'upstream "app": expected no backup server with method "ip_hash" (nginx allows backup servers only with round-robin and least_conn), got backup spare:8000',
      ],
    ],
  },
  {
    name: 'a backup with hash',
    build: (app) => {
      const { stack, pool } = routed(app, { method: 'hash', hashKey: nginxVar('request_uri') });
      new BackupUpstream(stack, 'fb', { upstream: pool, services: [flask(stack, 'spare')] });
      return undefined;
    },
    errors: [
      [
        'shop/fb',
        'services[0]',
        'upstream "app": expected no backup server with method "hash" (nginx allows backup servers only with round-robin and least_conn), got backup spare:8000',
      ],
    ],
  },
  {
    name: 'both service and services',
    build: (app) => {
      const { stack, pool } = routed(app);
      const spare = flask(stack, 'spare');
      new BackupUpstream(stack, 'fb', { upstream: pool, service: spare, services: [spare] });
      return undefined;
    },
    errors: [['shop/fb', 'service', 'expected exactly one of service and services, got both']],
  },
  {
    name: 'a backup that leaves no primary server',
    build: (app) => {
      const { stack, web, pool } = routed(app);
      new BackupUpstream(stack, 'fb', { upstream: pool, service: web });
      return undefined;
    },
    errors: [
      [
        'shop/fb',
        'service',
        'upstream "app": expected a primary server besides the backups of upstream "app", got only backups',
      ],
    ],
  },
  {
    name: 'a backup from another stack',
    build: (app) => {
      const { stack, pool } = routed(app);
      new BackupUpstream(stack, 'fb', { upstream: pool, service: flask(new Stack(app, 'other'), 'spare') });
      return undefined;
    },
    errors: [
      [
        'shop/fb',
        'service',
        'expected a FlaskService of stack "shop", got other/spare from stack "other" (a stack is deployed alone: it cannot reach constructs of another stack)',
      ],
    ],
  },
  {
    name: 'an upstream given by name',
    build: (app) => {
      const stack = shop(app);
      new BackupUpstream(stack, 'fb', loose({ upstream: 'app', service: flask(stack) }));
      return undefined;
    },
    errors: [['shop/fb', 'upstream', 'expected an Upstream construct, got "app"']],
  },
  // --- LoadBalancedStack ---------------------------------------------------------------------------------
  {
    name: 'LoadBalancedStack: three problems at once',
    build: (app) =>
      void new LoadBalancedStack(
        app,
        'shop',
        loose({ flask: { image, replicas: 0, port: 0 }, proxy: { publish: 0 } }),
      ),
    errors: [
      ['shop', 'flask.port', 'expected a number >= 1, got 0'],
      ['shop', 'flask.replicas', 'expected a number >= 1, got 0'],
      ['shop', 'proxy.publish', 'expected a number >= 1, got 0'],
    ],
  },
  {
    name: 'LoadBalancedStack: no cached paths, a bad subnet, static files without a slash',
    build: (app) =>
      void new LoadBalancedStack(
        app,
        'shop',
        loose({
          flask: { image },
          cache: { paths: [] },
          network: { subnet: 'nope' },
          staticFiles: { urlPath: 'static', appDir: 'rel' },
        }),
      ),
    errors: [
      ['shop', 'cache.paths', 'expected at least 1 item(s), got an array of 0'],
      ['shop', 'network.subnet', 'expected a subnet in CIDR form such as "192.168.100.0/24", got "nope"'],
      ['shop', 'staticFiles.appDir', 'expected text starting with "/", got "rel"'],
      ['shop', 'staticFiles.urlPath', 'expected a URL path such as "/static", got "static"'],
    ],
  },
  {
    name: 'LoadBalancedStack: a flask prop it does not know and a misspelt section',
    build: (app) =>
      void new LoadBalancedStack(app, 'shop', loose({ flask: { image, replicaz: 2 }, proxi: {} })),
    errors: [
      ['shop', 'flask', 'unknown property "replicaz"'],
      ['shop', undefined, 'unknown property "proxi"'],
    ],
  },
  // --- L1 compose constructs -----------------------------------------------------------------------------
  {
    name: 'a published port above 65535',
    build: (app) =>
      void new Service(shop(app), 'db', { image: 'x', ports: [{ target: 80, published: 99999 }] }),
    errors: [['shop/db', 'ports[0].published', 'expected an integer port 1-65535, got 99999']],
  },
  {
    name: 'a fixed host port with replicas',
    build: (app) =>
      void new Service(shop(app), 'db', {
        image: 'x',
        ports: [{ target: 80, published: 8080 }],
        deploy: { replicas: 3 },
      }),
    errors: [
      [
        'shop/db',
        'ports[0].published',
        'expected no fixed host port on a service with 3 replicas (Compose binds it once per container), got 8080; leave published out or run one replica',
      ],
    ],
  },
  {
    name: 'one host port published by two services',
    build: (app) => {
      const stack = shop(app);
      new Service(stack, 'a', { image: 'x', ports: [{ target: 80, published: 8080 }] });
      new Service(stack, 'b', { image: 'x', ports: [{ target: 80, published: 8080 }] });
      return undefined;
    },
    errors: [
      [
        'shop/b',
        'ports[0].published',
        'expected each host port to be published once, got 8080/tcp again (first at services.a.ports[0].published)',
      ],
    ],
  },
  {
    name: 'Swarm templates written by hand (compose.yaml would keep them literally)',
    build: (app) =>
      void new Service(shop(app), 'db', {
        image: 'x',
        hostname: 'db.{{.Task.Slot}}',
        environment: { S: '{{ .Task.Slot }}' },
      }),
    errors: [
      [
        'shop/db',
        'environment.S',
        'expected per-replica values as perTask`...` templates (compose.yaml would keep this literally), got "{{ .Task.Slot }}"',
      ],
      [
        'shop/db',
        'hostname',
        'expected per-replica values as perTask`...` templates (compose.yaml would keep this literally), got "db.{{.Task.Slot}}"',
      ],
    ],
  },
  {
    name: 'a relative mount target',
    build: (app) =>
      void new Service(shop(app), 'db', { image: 'x', volumes: [{ tmpfs: true, target: 'tmp' }] }),
    errors: [['shop/db', 'volumes[0].target', 'expected an absolute container path, got "tmp"']],
  },
  {
    name: 'a health check test that repeats CMD',
    build: (app) => void new Service(shop(app), 'db', { image: 'x', healthcheck: { test: ['CMD', 'true'] } }),
    errors: [
      ['shop/db', 'healthcheck.test[0]', 'expected the command itself (Dockyard adds CMD), got "CMD" first'],
    ],
  },
  {
    name: 'a container name with replicas',
    build: (app) =>
      void new Service(shop(app), 'db', { image: 'x', containerName: 'db', deploy: { replicas: 3 } }),
    errors: [
      [
        'shop/db',
        'containerName',
        'expected no container_name on a service with 3 replicas (a name is unique), got "db"',
      ],
    ],
  },
  {
    name: 'global mode with negative replicas',
    build: (app) =>
      void new Service(shop(app), 'db', { image: 'x', deploy: { mode: 'global', replicas: -1 } }),
    errors: [
      ['shop/db', 'deploy.replicas', 'expected no replicas in global mode (one task per node), got -1'],
      ['shop/db', 'deploy.replicas', 'expected replicas to be an integer >= 0, got -1'],
    ],
  },
  {
    name: 'an empty build context',
    build: (app) => void new Service(shop(app), 'db', { image: 'x', build: { context: '' } }),
    errors: [['shop/db', 'build.context', 'expected text of length >= 1, got ""']],
  },
  {
    name: 'a build without an image (Swarm cannot build)',
    build: (app) => void new Service(shop(app), 'db', { build: { context: '.' } }),
    errors: [
      [
        'shop/db',
        'image',
        'expected an image (Swarm cannot build; set image to the tag the build produces), got none',
      ],
    ],
  },
  {
    name: 'a dependency in another stack',
    build: (app) => {
      const db = new Service(new Stack(app, 'other'), 'db', { image: 'x' });
      new Service(shop(app), 'web', { image: 'x', dependsOn: [db] });
      return undefined;
    },
    errors: [
      ['shop/web', 'dependsOn.db', 'expected one of the project\'s services (defined: web), got "db"'],
      [
        'shop/web',
        'dependsOn[0]',
        'expected a construct of stack "shop", got other/db from stack "other" (a stack is deployed alone: it cannot reach constructs of another stack)',
      ],
    ],
  },
  {
    name: 'a config file mode above 0o777',
    build: (app) => {
      const stack = shop(app);
      const config = new Config(stack, 'cfg', { file: 'app.ini' });
      new Service(stack, 'db', { image: 'x', configs: [{ config, mode: 0o1777 }] });
      return undefined;
    },
    errors: [['shop/db', 'configs[0].mode', 'expected a file mode 0-0o777 (e.g. 0o440), got 1023']],
  },
  {
    name: 'a subnet that is not CIDR',
    build: (app) => void new Network(shop(app), 'net', { ipam: { config: [{ subnet: 'nope' }] } }),
    errors: [
      [
        'shop/net',
        'ipam.config[0].subnet',
        'expected a subnet in CIDR form such as "192.168.100.0/24", got "nope"',
      ],
    ],
  },
  {
    name: 'a network driver Compose and Swarm do not both have',
    build: (app) => void new Network(shop(app), 'net', loose({ driver: 'host' })),
    errors: [['shop/net', 'driver', 'expected "bridge" | "overlay", got "host"']],
  },
  {
    name: 'a volume driver that is not text',
    build: (app) => void new Volume(shop(app), 'data', loose({ driver: 42 })),
    errors: [['shop/data', 'driver', 'expected a string, got 42']],
  },
  {
    name: 'a config with two sources',
    build: (app) => void new Config(shop(app), 'cfg', loose({ file: 'a', content: 'b' })),
    errors: [
      ['shop/cfg', undefined, 'expected exactly one of file, artifact and content, got file and content'],
    ],
  },
  {
    name: 'a secret with no source, and one from a variable that is not a variable name',
    build: (app) => {
      const stack = shop(app);
      new Secret(stack, 'none', loose({}));
      new Secret(stack, 'env', { environment: 'BAD-NAME' });
      return undefined;
    },
    errors: [
      [
        'shop/env',
        'environment',
        'expected a variable name of letters, digits and "_" such as "LOG_LEVEL", got "BAD-NAME"',
      ],
      ['shop/none', undefined, 'expected exactly one of file and environment, got none'],
    ],
  },
  // --- L1 nginx constructs --------------------------------------------------------------------------------
  {
    name: 'cache levels nginx does not have, a relative cache path',
    build: (app) =>
      void new CacheZone(new NginxConfig(shop(app), 'cfg'), 'z', { levels: '3:3', path: 'rel/x' }),
    errors: [
      ['shop/cfg/z', 'levels', 'expected levels such as "1:2", got "3:3"'],
      ['shop/cfg/z', 'path', 'expected an absolute path, got "rel/x"'],
    ],
  },
  {
    name: 'a cache zone inactive time in milliseconds',
    build: (app) => void new CacheZone(new NginxConfig(shop(app), 'cfg'), 'z', { inactive: '100ms' }),
    errors: [
      [
        'shop/cfg/z',
        'inactive',
        'expected a time in seconds such as "10s", "5m" or "1h" (nginx takes no "ms" here), got "100ms"',
      ],
    ],
  },
  {
    name: 'worker_processes 0, no resolver address, a user with a space',
    build: (app) =>
      void new NginxConfig(
        shop(app),
        'cfg',
        loose({ workerProcesses: 0, resolver: { addresses: [] }, user: 'www data' }),
      ),
    errors: [
      ['shop/cfg', 'resolver.addresses', 'expected at least 1 item(s), got an array of 0'],
      ['shop/cfg', 'user', 'expected a user name, got "www data"'],
      ['shop/cfg', 'workerProcesses', 'expected a number >= 1, got 0'],
    ],
  },
  {
    name: 'an NginxConfig file name with a folder',
    build: (app) => void new NginxConfig(shop(app), 'cfg', { fileName: 'conf.d/app.conf' }),
    errors: [
      ['shop/cfg', 'fileName', 'expected a plain file name inside the stack folder, got "conf.d/app.conf"'],
    ],
  },
  {
    name: 'a server listening on port 0 with a server name holding a semicolon',
    build: (app) =>
      void new Server(new NginxConfig(shop(app), 'cfg'), 'srv', { listen: [0], serverName: ['a;b'] }),
    errors: [
      [
        'shop/cfg/srv',
        'listen[0]',
        /^expected a number >= 1 or an object, got 0$|^expected a number >= 1, got 0$/,
      ],
      [
        'shop/cfg/srv',
        'serverName[0]',
        'expected a host name such as "shop.example", "*.shop.example" or "shop.*" or a regular expression starting with "~", got "a;b"',
      ],
    ],
  },
  {
    name: 'a CacheZone outside an NginxConfig',
    build: (app) => void new CacheZone(new Server(new NginxConfig(shop(app), 'cfg'), 'srv'), 'z'),
    errors: [
      [
        'shop/cfg/srv/z',
        undefined,
        'expected a CacheZone directly inside an NginxConfig, got one inside Server "shop/cfg/srv"',
      ],
    ],
  },
  // --- Programs with many problems in many constructs ----------------------------------------------------
  {
    name: 'five problems in five constructs, all listed',
    build: (app) => {
      const stack = shop(app);
      const net = new Network(stack, 'net', { ipam: { config: [{ subnet: '10.0.0.0' }] } });
      const web = flask(stack, 'web', { replicas: 0, networks: [net] });
      const api = flask(stack, 'api', { port: 0 });
      const nginx = proxy(stack);
      const pool = nginx.addUpstream('app', { servers: [web, api], method: 'random' });
      new BackupUpstream(stack, 'fb', { upstream: pool, service: flask(stack, 'spare') });
      nginx.addRoute('/', pool);
      nginx.addRoute('/', pool);
      return undefined;
    },
    errors: [
      ['shop/api', 'port', 'expected a number >= 1, got 0'],
      [
        'shop/fb',
        'service',
        'upstream "app": expected no backup server with method "random" (nginx allows backup servers only with round-robin and least_conn), got backup spare:8000',
      ],
      [
        'shop/net',
        'ipam.config[0].subnet',
        'expected a subnet in CIDR form such as "192.168.100.0/24", got "10.0.0.0"',
      ],
      ['shop/nginx/Config/Default/Route2', 'path', DUPLICATE('/', 'shop/nginx/Config/Default/Route1')],
      ['shop/web', 'replicas', 'expected a number >= 1, got 0'],
    ],
  },
  {
    name: 'problems in two stacks, all listed',
    build: (app) => {
      flask(shop(app), 'web', { workers: 0 });
      new Service(new Stack(app, 'other'), 'db', { image: 'x', ports: [{ target: 5432, published: 0 }] });
      new Stack(app, 'Third');
      return undefined;
    },
    errors: [
      ['Third', 'id', `${STACK_NAME}, got "Third"`],
      ['other/db', 'ports[0].published', 'expected an integer port 1-65535, got 0'],
      ['shop/web', 'workers', 'expected a number >= 1, got 0'],
    ],
  },
];

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockyard-invalid-'));
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
let before: Record<string, string> = {};
let problemsReported = 0;
let outdirsChanged = 0;

beforeAll(() => {
  // A previous, valid synth of stacks named like the ones below, plus the user's own files.
  const app = new App({ outdir });
  new LoadBalancedStack(app, 'shop', { flask: { image, replicas: 2 } });
  new LoadBalancedStack(app, 'other', { flask: { image } });
  app.synth();
  fs.writeFileSync(path.join(outdir, 'shop', 'NOTES.md'), 'mine\n');
  fs.writeFileSync(path.join(outdir, 'README.txt'), 'also mine\n');
  before = snapshotTree(outdir);
});

afterAll(() => {
  printFigures('invalid programs', {
    'programs tried': catalogue.length,
    'problems reported': problemsReported,
    'outdirs changed': outdirsChanged,
  });
});

const show = (d: Diagnostic) => `[${d.path}] ${d.property ?? '-'}: ${d.message}`;
const matches = (d: Diagnostic, [where, property, message]: Expected) =>
  d.path === where &&
  d.property === property &&
  (typeof message === 'string' ? d.message === message : message.test(d.message));

describe.each(catalogue)('$name', ({ build, errors }) => {
  test('fails synth with every problem, each naming path, property, expected and given; writes nothing', () => {
    // GIVEN
    const app = new App({ outdir });
    const target = build(app) ?? app;
    // WHEN
    let thrown: unknown;
    try {
      target.synth();
    } catch (error) {
      thrown = error;
    }
    // THEN
    expect(thrown).toBeInstanceOf(ValidationError);
    const reported = (thrown as ValidationError).diagnostics.filter((d) => d.level === 'error');
    problemsReported += reported.length;
    const missing = errors.filter((expected) => reported.filter((d) => matches(d, expected)).length !== 1);
    const shown = { missing: missing.map((e) => e.map(String).join(' | ')), reported: reported.map(show) };
    expect(missing.length === 0 ? 'all found' : shown).toBe('all found');
    expect(reported.map(show)).toHaveLength(errors.length);
    for (const diagnostic of reported) {
      // "what was given" and "what was expected", or the property named in the message itself.
      expect(diagnostic.message).toMatch(/got |unknown property/);
      expect(diagnostic.message).toMatch(
        /expected|required|only used with|cannot be honoured|unknown property/,
      );
    }
    const after = snapshotTree(outdir);
    if (JSON.stringify(after) !== JSON.stringify(before)) outdirsChanged += 1;
    expect(after).toEqual(before);
  });
});

test('the catalogue covers every public construct and at least 60 programs', () => {
  // GIVEN
  const constructs = [
    'App',
    'Stack',
    'FlaskService',
    'NginxProxy',
    'BackupUpstream',
    'LoadBalancedStack',
    'Service',
    'Network',
    'Volume',
    'Config',
    'Secret',
    'NginxConfig',
    'Server',
    'Location',
    'Upstream',
    'CacheZone',
  ];
  const source = fs.readFileSync(__filename, 'utf8');
  // THEN
  expect(catalogue.length).toBeGreaterThanOrEqual(60);
  expect(catalogue.filter((c) => c.errors.length >= 3).length).toBeGreaterThanOrEqual(5);
  for (const name of constructs) expect(source).toMatch(new RegExp(`new ${name}\\(`));
});
