// Times building the flagship program, the very code each of the 20 user tests builds (installed/user-tests.ts),
// many times in this process: the part of a user's test that props parsing dominates.
// Usage: tsx --conditions=dockyard-source bench/profile/flagship-build.ts [builds=200] [rounds=5]
// Prints the first build's time (it builds the schemas), then per round the mean wall and CPU µs of one build,
// then a digest of the last build's synthesized files (equal digests: equal output bytes). `19 1` is a user's
// 20-test file: the first build, then 19 more before V8 has warmed up. Under `node --cpu-prof
// --conditions=dockyard-source --require <tsx/cjs>` it gives the profile top-frames.ts reads.
import { createHash } from 'node:crypto';
import type { App, Stack } from 'dockyard';
import * as dockyard from 'dockyard';
import { synthesizeInMemory } from '../../packages/dockyard/src/pipeline/synthesis';
import { DOCKYARD_FLAGSHIP } from '../installed/user-tests';

/**
 * The user tests' `buildFlagship` (examples/flagship/infra.ts as a function, without app.synth()), from the very
 * source their project holds: plain JavaScript but for its import, which becomes a read of the library here.
 */
const buildFlagship = new Function(
  'dockyard',
  `${DOCKYARD_FLAGSHIP.replace(/^import (\{[^}]*\}) from 'dockyard';$/m, 'const $1 = dockyard;').replace('export function', 'function')}
return buildFlagship;`,
)(dockyard) as () => { app: App; shop: Stack; legacy: Stack };

const builds = Number(process.argv[2] ?? 200);
const rounds = Number(process.argv[3] ?? 5);
const us = (value: number) => value.toFixed(0).padStart(6);

/** One round: `builds` builds, timed together; the mean per build in µs, wall and CPU. */
function round(): { wallUs: number; cpuUs: number } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < builds; i++) buildFlagship();
  const wallUs = ((performance.now() - started) * 1000) / builds;
  const used = process.cpuUsage(cpu);
  return { wallUs, cpuUs: (used.user + used.system) / builds };
}

const first = performance.now();
buildFlagship();
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
