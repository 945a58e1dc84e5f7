// Times building the scaling workload's construct tree apart from synthesizing it, in this process.
// Usage: tsx --conditions=dockyard-source bench/profile/build-synth.ts [services=1000] [runs=3]
// Prints one line per run (wall and CPU ms of each phase), a digest of the output and the peak RSS. Run it under
// `node --cpu-prof --conditions=dockyard-source --require <tsx/cjs>` and read the profile with top-frames.ts.
import { createHash } from 'node:crypto';
import { synthesizeInMemory } from '../../packages/dockyard/src/pipeline/synthesis';
import { buildDockyardProgram } from '../scaling/dockyard-program';

/** Wall and CPU milliseconds of `run`, and its result. */
function timed<T>(run: () => T): { wallMs: number; cpuMs: number; value: T } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = run();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000, value };
}

const services = Number(process.argv[2] ?? 1000);
const runs = Number(process.argv[3] ?? 3);
const ms = (value: number) => value.toFixed(0).padStart(6);
for (let i = 0; i < runs; i++) {
  globalThis.gc?.();
  const build = timed(() => buildDockyardProgram({ services }));
  const synth = timed(() => synthesizeInMemory(build.value.app, [build.value.stack]));
  const digest = createHash('sha256');
  for (const file of synth.value.files) digest.update(`${file.kind}\0${file.text}\0`);
  process.stdout.write(
    `${services} services, run ${i + 1}: build ${ms(build.wallMs)} ms (cpu ${ms(build.cpuMs)})  synth ${ms(synth.wallMs)} ms (cpu ${ms(synth.cpuMs)})  output ${digest.digest('hex').slice(0, 12)}\n`,
  );
}
process.stdout.write(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB\n`);
