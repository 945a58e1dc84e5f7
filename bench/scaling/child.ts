// One size of the scaling bench in a fresh process, so that peak memory belongs to this size alone.
// Usage: child.ts --tool dockyard|dockyard-testing|cdk8s --services N --warmups W --runs R  (prints `RESULT <json>`)
import { parseArgs } from 'node:util';
import { synthText } from '../../packages/dockyard/src/pipeline/synth-text';
import { Testing } from '../../packages/dockyard/src/testing/testing';
import { loadCdk8s } from '../cdk8s/module';
import { buildCdk8sProgram } from './cdk8s-program';
import { type ScalingMeasurement, type ScalingRequest, ScalingRequestSchema } from './child-protocol';
import { buildDockyardProgram } from './dockyard-program';
import { floorInput, runFloor } from './floor';

interface Timed {
  buildMs: number;
  synthMs: number;
  output: unknown;
}

function repeat(
  request: ScalingRequest,
  once: () => Timed,
): { buildMs: number[]; synthMs: number[]; last: unknown } {
  const buildMs: number[] = [];
  const synthMs: number[] = [];
  let last: unknown;
  for (let i = 0; i < request.warmups + request.runs; i++) {
    // Collect the previous run's garbage outside the timed region (the child runs with --expose-gc).
    globalThis.gc?.();
    const run = once();
    last = run.output;
    if (i < request.warmups) continue;
    buildMs.push(run.buildMs);
    synthMs.push(run.synthMs);
  }
  return { buildMs, synthMs, last };
}

function measureDockyard(request: ScalingRequest): ScalingMeasurement {
  const { buildMs, synthMs, last } = repeat(request, () => {
    const started = performance.now();
    const { app } = buildDockyardProgram({ services: request.services });
    const built = performance.now();
    // The public in-memory synthesis (cdk8s's synthYaml is its anchor): every artifact's text, nothing written.
    const { artifacts } = synthText(app);
    return { buildMs: built - started, synthMs: performance.now() - built, output: artifacts };
  });
  const maxRssKb = process.resourceUsage().maxRSS;
  const files = last as ReadonlyArray<{ kind: string; text: string }>;
  const input = floorInput(files);
  const floorMs: number[] = [];
  let sink = 0;
  for (let i = 0; i < request.warmups + request.runs; i++) {
    globalThis.gc?.();
    const started = performance.now();
    sink += runFloor(input);
    if (i >= request.warmups) floorMs.push(performance.now() - started);
  }
  if (sink === 0) throw new Error('the floor produced nothing');
  const outputBytes = files.reduce((sum, file) => sum + Buffer.byteLength(file.text), 0);
  return { tool: 'dockyard', services: request.services, buildMs, synthMs, floorMs, maxRssKb, outputBytes };
}

/** `Testing.synth`: validation and rendering plus what the testing toolkit adds (artifacts parsed on demand). */
function measureTesting(request: ScalingRequest): ScalingMeasurement {
  const { buildMs, synthMs, last } = repeat(request, () => {
    const started = performance.now();
    const { stack } = buildDockyardProgram({ services: request.services });
    const built = performance.now();
    const { files } = Testing.synth(stack);
    return { buildMs: built - started, synthMs: performance.now() - built, output: files };
  });
  const maxRssKb = process.resourceUsage().maxRSS;
  const files = Object.values(last as Record<string, { text: string }>);
  const outputBytes = files.reduce((sum, file) => sum + Buffer.byteLength(file.text), 0);
  return { tool: 'dockyard-testing', services: request.services, buildMs, synthMs, maxRssKb, outputBytes };
}

function measureCdk8s(request: ScalingRequest): ScalingMeasurement {
  const cdk8s = loadCdk8s();
  const { buildMs, synthMs, last } = repeat(request, () => {
    const started = performance.now();
    const app = buildCdk8sProgram(cdk8s, { services: request.services });
    const built = performance.now();
    const yaml = app.synthYaml();
    return { buildMs: built - started, synthMs: performance.now() - built, output: yaml };
  });
  const maxRssKb = process.resourceUsage().maxRSS;
  const outputBytes = Buffer.byteLength(last as string);
  return { tool: 'cdk8s', services: request.services, buildMs, synthMs, maxRssKb, outputBytes };
}

const { values } = parseArgs({
  options: {
    tool: { type: 'string' },
    services: { type: 'string' },
    warmups: { type: 'string' },
    runs: { type: 'string' },
  },
});
const request = ScalingRequestSchema.parse(values);
const measure = { dockyard: measureDockyard, 'dockyard-testing': measureTesting, cdk8s: measureCdk8s };
const measurement = measure[request.tool](request);
process.stdout.write(`RESULT ${JSON.stringify(measurement)}\n`);
