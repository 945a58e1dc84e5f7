import * as path from 'node:path';
import { ensureCdk8sInstalled } from '../cdk8s/install';
import { writeTinyApp } from '../cdk8s/tiny-app';
import { CDK8S_DIR } from '../cdk8s/versions';
import { REPO_ROOT } from '../lib/paths';
import type { BenchPlan } from '../lib/plan';
import { type Summary, summarize } from '../lib/stats';
import { spawnTimed } from '../lib/timed-spawn';
import {
  type ColdCommand,
  cdk8sSynth,
  cleanOutputs,
  dockyardSynth,
  FLAGSHIP,
  installedSynth,
  nodeFloor,
} from './commands';

/** One command's wall times, or why it was not run. */
export interface ColdStartRow {
  readonly id: ColdCommand['id'];
  readonly label: string;
  readonly shown: string;
  readonly wall: Summary | string;
  /** CPU time (user + system) of the process, when /usr/bin/time is there to tell. */
  readonly cpu?: Summary;
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
  // The installed project is prepared by run.ts in a full run (it packs and installs the library).
  if (plan.cdk8s) {
    commands.push(installedSynth());
    ensureCdk8sInstalled(log);
    writeTinyApp(CDK8S_DIR);
    commands.push(cdk8sSynth());
  }
  const wall = new Map<ColdCommand, number[]>(commands.map((c) => [c, []]));
  const cpu = new Map<ColdCommand, number[]>(commands.map((c) => [c, []]));
  for (let i = 0; i < warmups + runs; i++) {
    for (const command of commands) {
      log(`cold start: ${command.label}, run ${i + 1}/${warmups + runs}`);
      const timed = timeOnce(command);
      if (i < warmups) continue;
      wall.get(command)!.push(timed.wallMs);
      if (timed.cpuMs !== undefined) cpu.get(command)!.push(timed.cpuMs);
    }
  }
  const rows: ColdStartRow[] = commands.map((c) => {
    const cpuMs = cpu.get(c)!;
    return {
      id: c.id,
      label: c.label,
      shown: c.shown,
      wall: summarize(wall.get(c)!),
      ...(cpuMs.length > 0 ? { cpu: summarize(cpuMs) } : {}),
    };
  });
  if (!plan.cdk8s) {
    for (const skipped of [installedSynth(), cdk8sSynth()]) {
      rows.push({ id: skipped.id, label: skipped.label, shown: skipped.shown, wall: 'not run (quick mode)' });
    }
  }
  return { program: path.relative(REPO_ROOT, program), warmups, runs, rows };
}

function timeOnce(command: ColdCommand): { wallMs: number; cpuMs?: number } {
  cleanOutputs();
  const { result, wallMs, cpuMs } = spawnTimed(command.file, command.args, {
    cwd: command.cwd,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status !== 0) {
    throw new Error(
      `${command.shown} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  command.verify();
  return cpuMs === undefined ? { wallMs } : { wallMs, cpuMs };
}
