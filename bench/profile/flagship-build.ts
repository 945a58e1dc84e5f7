// Times building the flagship program (what each of the 20 user tests builds, see installed/user-tests.ts) many
// times in this process, the part of a user's test that props parsing dominates.
// Usage: tsx --conditions=dockyard-source bench/profile/flagship-build.ts [builds=200] [rounds=5]
// Prints the first build's time (it builds the schemas and compiles zod's object parsers), then per round the mean
// wall and CPU µs of one build, then a digest of the last build's synthesized files (equal digests: equal output
// bytes). `19 1` is a user's 20-test file: the first build, then 19 more before the JIT has warmed up. Under `node --cpu-prof --conditions=dockyard-source
// --require <tsx/cjs>` it gives the profile top-frames.ts reads.
import { createHash } from 'node:crypto';
import { App, BackupUpstream, FlaskService, LoadBalancedStack, NginxProxy, Stack } from 'dockyard';
import { setSynthDirective } from '../../packages/dockyard/src/pipeline/runtime';
import { synthesizeInMemory } from '../../packages/dockyard/src/pipeline/synthesis';

/** examples/flagship/infra.ts as a function, without app.synth(): the user tests' `buildFlagship`. */
function buildFlagship(): { app: App; shop: LoadBalancedStack; legacy: Stack } {
  const app = new App();
  const shop = new LoadBalancedStack(app, 'shop', {
    flask: { image: 'shop:1.4', wsgi: 'app:app', port: 5000, replicas: 3, workers: 2 },
    proxy: { publish: 8080, clientMaxBodySize: '20m' },
    backup: { image: 'shop:1.4' },
    staticFiles: { urlPath: '/static', appDir: '/app/static' },
    cache: { paths: ['/cache-me'], ttl: '10m' },
  });
  const legacy = new Stack(app, 'legacy');
  const build = { context: '../flask-app' };
  const primary = new FlaskService(legacy, 'flaskservice', { build, image: 'legacy/flask:1', port: 8001 });
  const redundant = new FlaskService(legacy, 'redudantservice', {
    build,
    image: 'legacy/flask:1',
    port: 8003,
  });
  const spare = new FlaskService(legacy, 'gotyourback', { build, image: 'legacy/flask:1', port: 8002 });
  const proxy = new NginxProxy(legacy, 'nginx', { publish: 80 });
  const pool = proxy.addUpstream('flaskappproxy', { servers: [primary, redundant] });
  new BackupUpstream(legacy, 'fallback', { upstream: pool, service: spare });
  proxy.addRoute('/', pool);
  return { app, shop, legacy };
}

const builds = Number(process.argv[2] ?? 200);
const rounds = Number(process.argv[3] ?? 5);
const us = (value: number) => value.toFixed(0).padStart(6);

/** One round: `builds` builds, timed together; the mean per build in µs, wall and CPU. */
function round(): { wallUs: number; cpuUs: number } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < builds; i++) {
    buildFlagship();
    // Apps register themselves for the CLI; forget this one so it can be collected.
    setSynthDirective(undefined);
  }
  const wallUs = ((performance.now() - started) * 1000) / builds;
  const used = process.cpuUsage(cpu);
  return { wallUs, cpuUs: (used.user + used.system) / builds };
}

const first = performance.now();
buildFlagship();
setSynthDirective(undefined);
process.stdout.write(`first build ${((performance.now() - first) * 1000).toFixed(0)} µs\n`);
for (let i = 0; i < rounds; i++) {
  const { wallUs, cpuUs } = round();
  process.stdout.write(`round ${i + 1}: ${builds} builds, per build ${us(wallUs)} µs (cpu ${us(cpuUs)})\n`);
}
const { app, shop, legacy } = buildFlagship();
const digest = createHash('sha256');
for (const file of synthesizeInMemory(app, [shop, legacy]).files)
  digest.update(`${file.kind}\0${file.text}\0`);
process.stdout.write(`output ${digest.digest('hex').slice(0, 12)}\n`);
