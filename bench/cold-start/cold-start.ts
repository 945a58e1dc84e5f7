import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ensureCdk8sInstalled } from '../cdk8s/install';
import { writeTinyApp } from '../cdk8s/tiny-app';
import { CDK8S_DIR } from '../cdk8s/versions';
import { REPO_ROOT } from '../lib/paths';
import type { BenchPlan } from '../lib/plan';
import { type Summary, summarize } from '../lib/stats';
import { type ColdCommand, cdk8sSynth, cleanOutputs, dockyardSynth, FLAGSHIP, nodeFloor } from './commands';

/** One command's wall times, or why it was not run. */
export interface ColdStartRow {
  readonly label: string;
  readonly shown: string;
  readonly wall: Summary | string;
}

/** Everything the cold-start bench found. */
export interface ColdStartResult {
  /** The Dockyard program synthesized, relative to the repository root. */
  readonly program: string;
  readonly warmups: number;
  readonly runs: number;
  readonly rows: readonly ColdStartRow[];
}

/**
 * Times fresh processes: the node floor, Dockyard's CLI and (in a full run) cdk8s's CLI. After the warm-ups
 * the commands take turns run by run, so a slow moment of the machine hits all of them alike.
 */
export function runColdStart(plan: BenchPlan, log: (line: string) => void): ColdStartResult {
  const { warmups, runs } = plan.coldStart;
  const program = FLAGSHIP;
  const commands: ColdCommand[] = [nodeFloor(), dockyardSynth(program)];
  if (plan.cdk8s) {
    ensureCdk8sInstalled(log);
    writeTinyApp(CDK8S_DIR);
    commands.push(cdk8sSynth());
  }
  const samples = new Map<ColdCommand, number[]>(commands.map((c) => [c, []]));
  for (let i = 0; i < warmups + runs; i++) {
    for (const command of commands) {
      log(`cold start: ${command.label}, run ${i + 1}/${warmups + runs}`);
      const ms = timeOnce(command);
      if (i >= warmups) samples.get(command)!.push(ms);
    }
  }
  const rows: ColdStartRow[] = commands.map((c) => ({
    label: c.label,
    shown: c.shown,
    wall: summarize(samples.get(c)!),
  }));
  if (!plan.cdk8s) {
    const tiny = cdk8sSynth();
    rows.push({ label: tiny.label, shown: tiny.shown, wall: 'not run (quick mode)' });
  }
  return { program: path.relative(REPO_ROOT, program), warmups, runs, rows };
}

function timeOnce(command: ColdCommand): number {
  cleanOutputs();
  const started = performance.now();
  const result = spawnSync(command.file, command.args, {
    cwd: command.cwd,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const ms = performance.now() - started;
  if (result.status !== 0) {
    throw new Error(
      `${command.shown} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  command.verify();
  return ms;
}
