import * as path from 'node:path';
import type { BenchPlan } from '../lib/plan';
import { type Summary, summarize } from '../lib/stats';
import { spawnTimed } from '../lib/timed-spawn';
import { CDK8S_TESTS_DIR, USER_DIR } from './project';
import { USER_TEST_COUNT, USER_TEST_FILE } from './user-tests';

/** One jest project's wall times, or why it was not run. */
export interface JestRow {
  readonly label: string;
  readonly project: string;
  readonly wall: Summary | string;
  /** CPU time (user + system) of the jest process, when /usr/bin/time is there to tell. */
  readonly cpu?: Summary;
}

/** Everything the user-tests bench found. */
export interface JestRunsResult {
  readonly warmups: number;
  readonly runs: number;
  readonly tests: number;
  readonly rows: readonly JestRow[];
}

interface JestProject {
  readonly label: string;
  readonly project: string;
  readonly dir: string;
}

const PROJECTS: readonly JestProject[] = [
  { label: 'Dockyard testing toolkit', project: '`dockyard init` project, packed library', dir: USER_DIR },
  { label: 'cdk8s `Testing`', project: 'cdk8s + constructs, same jest and @swc/jest', dir: CDK8S_TESTS_DIR },
];

/**
 * Runs `jest flagship.spec.ts` in the user's project and in the cdk8s twin, taking turns, as a user runs
 * them (`node node_modules/.bin/jest`, jest's own cache warm after the warm-up). Every run must pass all
 * 20 tests, so a broken file is never timed as fast.
 */
export function runJestProjects(plan: BenchPlan, log: (line: string) => void): JestRunsResult {
  const { warmups, runs } = plan.userTests;
  if (!plan.cdk8s) {
    return {
      warmups,
      runs,
      tests: USER_TEST_COUNT,
      rows: PROJECTS.map((p) => ({ label: p.label, project: p.project, wall: 'not run (quick mode)' })),
    };
  }
  const samples = new Map<JestProject, number[]>(PROJECTS.map((p) => [p, []]));
  const cpu = new Map<JestProject, number[]>(PROJECTS.map((p) => [p, []]));
  for (let i = 0; i < warmups + runs; i++) {
    for (const project of PROJECTS) {
      log(`user tests: ${project.label}, run ${i + 1}/${warmups + runs}`);
      const timed = jestOnce(project);
      if (i < warmups) continue;
      samples.get(project)!.push(timed.wallMs);
      if (timed.cpuMs !== undefined) cpu.get(project)!.push(timed.cpuMs);
    }
  }
  return {
    warmups,
    runs,
    tests: USER_TEST_COUNT,
    rows: PROJECTS.map((p) => {
      const cpuMs = cpu.get(p)!;
      return {
        label: p.label,
        project: p.project,
        wall: summarize(samples.get(p)!),
        ...(cpuMs.length > 0 ? { cpu: summarize(cpuMs) } : {}),
      };
    }),
  };
}

function jestOnce(project: JestProject): { wallMs: number; cpuMs?: number } {
  const jest = path.join('node_modules', '.bin', 'jest');
  const { result, wallMs, cpuMs } = spawnTimed(process.execPath, [jest, '--ci', '--json', USER_TEST_FILE], {
    cwd: project.dir,
    encoding: 'utf8',
    timeout: 300_000,
  });
  const report = (() => {
    try {
      return JSON.parse(result.stdout) as { numPassedTests?: number; numTotalTests?: number };
    } catch {
      return {};
    }
  })();
  if (result.status !== 0 || report.numPassedTests !== USER_TEST_COUNT) {
    throw new Error(
      `jest in ${project.dir} did not pass ${USER_TEST_COUNT} tests (exit ${result.status}, passed ${report.numPassedTests}):\n${result.stderr}`,
    );
  }
  return cpuMs === undefined ? { wallMs } : { wallMs, cpuMs };
}
