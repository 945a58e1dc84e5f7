import fc from 'fast-check';
import {
  App,
  BackupUpstream,
  FlaskService,
  LoadBalancedStack,
  NginxProxy,
  Stack,
} from '../../packages/dockyard/src';
import { type SynthesizedStack, Testing } from '../../packages/dockyard/src/testing';
import { type Directive, parseDirectives, walk } from '../support/nginx/parse-directives';

// One fact, one place: a service's name, port, replicas or a route path is written once in the program, and
// every line of compose.yaml, stack.yaml and nginx.conf that depends on it follows a change, leaving no stale
// copy behind. The expectations below are derived from the facts, read back from the parsed artifacts, never
// from the library's own view of them.

type Dns = 'static' | 'variable' | 'resolve';

/** A FlaskService as the artifacts must show it. */
interface ServiceFact {
  name: string;
  port: number;
  replicas: number;
  backup: boolean;
}

/** Everything the artifacts of one proxy + its services must agree on. */
interface Facts {
  services: ServiceFact[];
  upstream: string;
  dns: Dns;
  /** Paths proxied to the upstream. */
  proxyRoutes: string[];
  /** A static-files route of the first service. */
  staticRoute?: { path: string; appDir: string };
}

const APP_DIR = '/app/static';
const PROXY = 'nginx';
const STATIC_ROOT = '/srv/static';

// Names and paths no artifact contains by accident ("zz" appears in none), all of one length so that no
// value is a substring of another; ports above any other number the artifacts carry.
const letters = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: n, maxLength: n });
const nameArb = letters(5).map((s) => `zz${s}`);
const pathArb = letters(5).map((s) => `/yy${s}`);
const portArb = fc.integer({ min: 10_000, max: 65_535 });
const replicasArb = fc.integer({ min: 1, max: 6 });
const proxyFor = (dns: Dns) => (dns === 'resolve' ? { dns } : { dns, nginxVersion: '1.22' });

// ---------------------------------------------------------------------------------------------------------
// Reading the artifacts

type Yaml = { services: Record<string, Record<string, unknown>> };

function yamlOf(synth: SynthesizedStack, file: 'compose.yaml' | 'stack.yaml'): Yaml {
  return synth.files[file]?.parsed as Yaml;
}

function locations(tree: Directive[]): Directive[] {
  return [...walk(tree)].map((w) => w.directive).filter((d) => d.name === 'location');
}

function argsOf(block: Directive[] | undefined, name: string): string[][] {
  return (block ?? []).filter((d) => d.name === name).map((d) => d.args);
}

/** Every line that depends on a fact says the fact. Throws (via expect) on the first that does not. */
function expectFactsHold(synth: SynthesizedStack, facts: Facts): void {
  const names = facts.services.map((s) => s.name);
  for (const file of ['compose.yaml', 'stack.yaml'] as const) {
    const { services } = yamlOf(synth, file);
    expect([file, Object.keys(services).sort()]).toEqual([file, [...names, PROXY].sort()]);
    for (const fact of facts.services) {
      const service = services[fact.name] as {
        command: string[];
        expose: number[];
        healthcheck: { test: string[] };
        deploy: { replicas: number };
        volumes?: Array<{ source: string; target: string }>;
      };
      const bind = service.command[service.command.indexOf('--bind') + 1];
      expect([file, fact.name, bind]).toEqual([file, fact.name, `0.0.0.0:${fact.port}`]);
      expect(service.expose).toEqual([fact.port]);
      expect(service.healthcheck.test.join('\n')).toContain(`http://127.0.0.1:${fact.port}/`);
      expect([file, fact.name, service.deploy.replicas]).toEqual([file, fact.name, fact.replicas]);
    }
    const proxy = services[PROXY] as {
      volumes?: Array<{ source: string; target: string }>;
      depends_on?: Record<string, unknown>;
    };
    if (facts.staticRoute) {
      const owner = facts.services[0]!.name;
      const app = services[owner] as { volumes?: Array<{ source: string; target: string }> };
      expect(app.volumes).toContainEqual({ type: 'volume', source: `${owner}_static`, target: APP_DIR });
      expect(proxy.volumes).toContainEqual({
        type: 'volume',
        source: `${owner}_static`,
        target: `${STATIC_ROOT}/${owner}`,
        read_only: true,
      });
    }
    // nginx resolving names only at start needs its backends up first: Compose only, Swarm ignores order.
    const startsAfter = file === 'compose.yaml' && facts.dns === 'static' ? [...names].sort() : [];
    expect(Object.keys(proxy.depends_on ?? {}).sort()).toEqual(startsAfter);
  }

  const tree = parseDirectives(synth.files['nginx.conf']!.text);
  const upstreams = [...walk(tree)].map((w) => w.directive).filter((d) => d.name === 'upstream');
  if (facts.dns === 'variable') {
    expect(upstreams).toEqual([]);
  } else {
    // With a backup, the backup-only upstream the routes hand requests to (failover.handOff) follows too.
    const backups = facts.services.filter((s) => s.backup);
    const handOff = `${facts.upstream}_backup`;
    expect(upstreams.map((u) => u.args)).toEqual(
      backups.length > 0 ? [[facts.upstream], [handOff]] : [[facts.upstream]],
    );
    const serverLine = (s: Facts['services'][number], backup: boolean) => [
      `${s.name}:${s.port}`,
      ...(facts.dns === 'resolve' ? ['resolve'] : []),
      ...(backup ? ['backup'] : []),
    ];
    expect(argsOf(upstreams[0]!.block, 'server')).toEqual(facts.services.map((s) => serverLine(s, s.backup)));
    if (backups.length > 0) {
      expect(argsOf(upstreams[1]!.block, 'server')).toEqual(backups.map((s) => serverLine(s, false)));
      const named = locations(tree).find((l) => l.args[0] === `@${handOff}`);
      expect(argsOf(named?.block, 'proxy_pass')).toEqual([[`http://${handOff}`]]);
      for (const path of facts.proxyRoutes) {
        const route = locations(tree).find((l) => l.args.length === 1 && l.args[0] === path);
        expect(argsOf(route?.block, 'error_page')[0]).toEqual(['502', '504', '=', `@${handOff}`]);
      }
    }
  }
  const all = locations(tree);
  for (const path of facts.proxyRoutes) {
    const location = all.find((l) => l.args.length === 1 && l.args[0] === path);
    expect([path, location === undefined]).toEqual([path, false]);
    if (facts.dns === 'variable') {
      const [only] = facts.services;
      const variable = `upstream_${facts.upstream}`;
      expect(argsOf(location?.block, 'set')).toEqual([[`$${variable}`, only!.name]]);
      expect(argsOf(location?.block, 'proxy_pass')).toEqual([[`http://$${variable}:${only!.port}`]]);
    } else {
      expect(argsOf(location?.block, 'proxy_pass')).toEqual([[`http://${facts.upstream}`]]);
    }
  }
  if (facts.staticRoute) {
    const owner = facts.services[0]!.name;
    const location = all.find((l) => l.args[0] === '^~' && l.args[1] === `${facts.staticRoute?.path}/`);
    expect(argsOf(location?.block, 'alias')).toEqual([[`${STATIC_ROOT}/${owner}/`]]);
  }
}

/** The artifacts' texts, all three. */
function texts(synth: SynthesizedStack): string[] {
  return ['compose.yaml', 'stack.yaml', 'nginx.conf'].map((file) => synth.files[file]!.text);
}

/** Where `port` appears as a number of its own (not inside a longer number or a hash). */
function portToken(port: number): RegExp {
  return new RegExp(`(?<![0-9A-Za-z])${port}(?![0-9A-Za-z])`);
}

/** The old value is gone from every artifact; it was there before, so the check can fail. */
function expectNoStale(before: SynthesizedStack, after: SynthesizedStack, old: string | number): void {
  const found = (text: string) => (typeof old === 'number' ? portToken(old).test(text) : text.includes(old));
  expect(texts(before).some(found)).toBe(true);
  for (const [i, text] of texts(after).entries()) expect([i, old, found(text)]).toEqual([i, old, false]);
}

// ---------------------------------------------------------------------------------------------------------
// LoadBalancedStack

interface LbFacts {
  name: string;
  port: number;
  replicas: number;
  backup: boolean;
  dns: Dns;
  cachePath: string;
  staticPath: string;
}

const lbFactsArb: fc.Arbitrary<LbFacts> = fc
  .record({
    name: nameArb,
    port: portArb,
    replicas: replicasArb,
    dns: fc.constantFrom<Dns>('static', 'variable', 'resolve'),
    backup: fc.boolean(),
    paths: fc.uniqueArray(pathArb, { minLength: 2, maxLength: 2 }),
  })
  // `variable` has no upstream block, so no backup line: that is a synth error by design.
  .map(({ paths, ...rest }) => ({
    ...rest,
    backup: rest.backup && rest.dns !== 'variable',
    cachePath: paths[0]!,
    staticPath: paths[1]!,
  }));

function synthLoadBalanced(f: LbFacts): SynthesizedStack {
  const stack = new LoadBalancedStack(new App(), 'shop', {
    flask: { name: f.name, image: 'shop:1.4', port: f.port, replicas: f.replicas },
    proxy: proxyFor(f.dns),
    ...(f.backup ? { backup: {} } : {}),
    staticFiles: { urlPath: f.staticPath, appDir: APP_DIR },
    cache: { paths: [f.cachePath] },
  });
  return Testing.synth(stack);
}

function lbExpected(f: LbFacts): Facts {
  return {
    services: [
      { name: f.name, port: f.port, replicas: f.replicas, backup: false },
      ...(f.backup ? [{ name: `${f.name}-backup`, port: f.port, replicas: 1, backup: true }] : []),
    ],
    upstream: f.name,
    dns: f.dns,
    proxyRoutes: ['/', f.cachePath],
    staticRoute: { path: f.staticPath, appDir: APP_DIR },
  };
}

type LbChange =
  | { field: 'name'; value: string }
  | { field: 'port'; value: number }
  | { field: 'replicas'; value: number }
  | { field: 'cachePath'; value: string }
  | { field: 'staticPath'; value: string };

const lbChangeArb: fc.Arbitrary<LbChange> = fc.oneof(
  nameArb.map((value) => ({ field: 'name' as const, value })),
  portArb.map((value) => ({ field: 'port' as const, value })),
  replicasArb.map((value) => ({ field: 'replicas' as const, value })),
  pathArb.map((value) => ({ field: 'cachePath' as const, value })),
  pathArb.map((value) => ({ field: 'staticPath' as const, value })),
);

describe('one fact, one place: LoadBalancedStack', () => {
  test('changing the service name, port, replicas or a route path moves every dependent line', () => {
    fc.assert(
      fc.property(lbFactsArb, lbChangeArb, (before, change) => {
        // GIVEN a program, and the same program with one fact changed
        const after = { ...before, [change.field]: change.value } as LbFacts;
        fc.pre(after.cachePath !== after.staticPath && before[change.field] !== change.value);
        // WHEN
        const [old, now] = [synthLoadBalanced(before), synthLoadBalanced(after)];
        // THEN both say their facts everywhere, and the changed one left nothing behind
        expectFactsHold(old, lbExpected(before));
        expectFactsHold(now, lbExpected(after));
        if (change.field !== 'replicas') expectNoStale(old, now, before[change.field]);
      }),
      { numRuns: 100 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// The same kind of thing from its parts: FlaskServices, NginxProxy.addUpstream and a BackupUpstream

interface PartsFacts {
  /** Two primaries and the spare the BackupUpstream adds. */
  services: [ServiceFact, ServiceFact, ServiceFact];
  dns: 'static' | 'resolve';
  route: string;
}

const serviceArb = (backup: boolean) =>
  fc.record({ name: nameArb, port: portArb, replicas: replicasArb, backup: fc.constant(backup) });

const partsFactsArb: fc.Arbitrary<PartsFacts> = fc.record({
  services: fc.tuple(serviceArb(false), serviceArb(false), serviceArb(true)),
  dns: fc.constantFrom<'static' | 'resolve'>('static', 'resolve'),
  route: pathArb,
});

function synthParts(f: PartsFacts): SynthesizedStack {
  const stack = new Stack(new App(), 'legacy');
  const [primary, redundant, spare] = f.services.map(
    (s) => new FlaskService(stack, s.name, { image: 'legacy/flask:1', port: s.port, replicas: s.replicas }),
  ) as [FlaskService, FlaskService, FlaskService];
  const proxy = new NginxProxy(stack, PROXY, proxyFor(f.dns));
  const pool = proxy.addUpstream('pool', { servers: [primary, redundant] });
  new BackupUpstream(stack, 'fallback', { upstream: pool, service: spare });
  proxy.addRoute(f.route, pool);
  return Testing.synth(stack);
}

const partsExpected = (f: PartsFacts): Facts => ({
  services: [...f.services],
  upstream: 'pool',
  dns: f.dns,
  proxyRoutes: [f.route],
});

type PartsChange =
  | { index: 0 | 1 | 2; field: 'name'; value: string }
  | { index: 0 | 1 | 2; field: 'port'; value: number }
  | { index: 0 | 1 | 2; field: 'replicas'; value: number }
  | { field: 'route'; value: string };

const indexArb = fc.constantFrom<0 | 1 | 2>(0, 1, 2);
const partsChangeArb: fc.Arbitrary<PartsChange> = fc.oneof(
  fc.record({ index: indexArb, field: fc.constant('name' as const), value: nameArb }),
  fc.record({ index: indexArb, field: fc.constant('port' as const), value: portArb }),
  fc.record({ index: indexArb, field: fc.constant('replicas' as const), value: replicasArb }),
  pathArb.map((value) => ({ field: 'route' as const, value })),
);

function applyChange(f: PartsFacts, change: PartsChange): { after: PartsFacts; old: string | number } {
  if (change.field === 'route') return { after: { ...f, route: change.value }, old: f.route };
  const services = [...f.services] as PartsFacts['services'];
  const target = services[change.index];
  services[change.index] = { ...target, [change.field]: change.value };
  return { after: { ...f, services }, old: target[change.field] };
}

describe('one fact, one place: FlaskService + NginxProxy + BackupUpstream', () => {
  test("changing a primary's or the backup's name, port or replicas, or the route, moves every dependent line", () => {
    fc.assert(
      fc.property(partsFactsArb, partsChangeArb, (before, change) => {
        // GIVEN distinct services, and one fact changed
        const { after, old } = applyChange(before, change);
        const distinct = (f: PartsFacts) =>
          new Set(f.services.map((s) => s.name)).size === 3 &&
          new Set(f.services.map((s) => s.port)).size === 3;
        fc.pre(distinct(before) && distinct(after) && old !== change.value);
        // WHEN
        const [was, now] = [synthParts(before), synthParts(after)];
        // THEN
        expectFactsHold(was, partsExpected(before));
        expectFactsHold(now, partsExpected(after));
        if (change.field !== 'replicas') expectNoStale(was, now, old);
      }),
      { numRuns: 100 },
    );
  });
});
