import * as path from 'node:path';
import { ensureCdk8sInstalled } from '../cdk8s/install';
import type { BenchPlan } from '../lib/plan';
import { type Summary, summarize } from '../lib/stats';
import { resultLine, runTypeScript } from '../lib/typescript-child';
import { type ScalingMeasurement, ScalingMeasurementSchema, type ScalingTool } from './child-protocol';

/** One tool at one size, summarized. */
export interface ToolFigures {
  readonly build: Summary;
  readonly synth: Summary;
  readonly maxRssMb: number;
  readonly outputBytes: number;
}

/** One size of the scaling bench. `cdk8s` holds the reason when it was not measured. */
export interface ScalingRow {
  readonly services: number;
  readonly dockyard: ToolFigures;
  /** `Testing.synth` on the same program, in its own process. */
  readonly testing: ToolFigures;
  readonly floor: Summary;
  readonly cdk8s: ToolFigures | string;
}

/** Everything the scaling bench found. */
export interface ScalingResult {
  readonly warmups: number;
  readonly runs: number;
  readonly rows: readonly ScalingRow[];
}

const CHILD = path.join(__dirname, 'child.ts');

/** Measures every size of the plan, each tool in its own fresh process. */
export async function runScaling(plan: BenchPlan, log: (line: string) => void): Promise<ScalingResult> {
  const { sizes, warmups, runs } = plan.scaling;
  if (plan.cdk8s) ensureCdk8sInstalled(log);
  const rows: ScalingRow[] = [];
  for (const services of sizes) {
    log(`scaling: ${services} services, Dockyard`);
    const dockyard = await measure('dockyard', services, warmups, runs);
    log(`scaling: ${services} services, Dockyard Testing.synth`);
    const testing = figures(await measure('dockyard-testing', services, warmups, runs));
    let cdk8s: ToolFigures | string = 'not run (quick mode)';
    if (plan.cdk8s) {
      log(`scaling: ${services} services, cdk8s`);
      cdk8s = figures(await measure('cdk8s', services, warmups, runs));
    }
    if (dockyard.floorMs === undefined) throw new Error('the Dockyard child measured no floor');
    rows.push({ services, dockyard: figures(dockyard), testing, floor: summarize(dockyard.floorMs), cdk8s });
  }
  return { warmups, runs, rows };
}

async function measure(
  tool: ScalingTool,
  services: number,
  warmups: number,
  runs: number,
): Promise<ScalingMeasurement> {
  const args = ['--tool', tool, '--services', `${services}`, '--warmups', `${warmups}`, '--runs', `${runs}`];
  const result = await runTypeScript(CHILD, args, { nodeArgs: ['--expose-gc'] });
  return ScalingMeasurementSchema.parse(resultLine(result, `scaling child (${tool}, ${services})`));
}

function figures(measurement: ScalingMeasurement): ToolFigures {
  return {
    build: summarize(measurement.buildMs),
    synth: summarize(measurement.synthMs),
    maxRssMb: measurement.maxRssKb / 1024,
    outputBytes: measurement.outputBytes,
  };
}
