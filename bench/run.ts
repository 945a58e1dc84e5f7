// `pnpm bench`: runs every bench, then rewrites the tables of README.md (between `<!-- bench:NAME -->`
// markers) and scaling.svg. BENCH_QUICK=1 runs tiny sizes into bench/.work/quick/ (the smoke test);
// BENCH_ONLY and BENCH_OUT are described in lib/plan.ts.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runColdStart } from './cold-start/cold-start';
import { runJestProjects } from './installed/jest-runs';
import { prepareInstalledProjects } from './installed/project';
import { machineInfo } from './lib/machine';
import { replaceSection } from './lib/markdown';
import { BENCH_DIR, WORK_DIR } from './lib/paths';
import { type BenchPlan, planFrom } from './lib/plan';
import { logLogChartSvg } from './lib/svg-chart';
import { coldStartSection } from './report/cold-start-report';
import { machineSection } from './report/machine-report';
import { scalingChart, scalingSection } from './report/scaling-report';
import { throughputSection } from './report/throughput-report';
import { userTestsSection } from './report/user-tests-report';
import { runScaling } from './scaling/scaling';
import { runThroughput } from './throughput/throughput';

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function main(plan: BenchPlan): Promise<void> {
  const started = performance.now();
  const loadAtStart = os.loadavg()[0] ?? 0;
  fs.mkdirSync(plan.outDir, { recursive: true });
  const readmePath = path.join(plan.outDir, 'README.md');
  // Outside bench/ (quick mode), start from bench/README.md so the output has every section to fill.
  const template =
    fs.existsSync(readmePath) && plan.outDir === BENCH_DIR ? readmePath : path.join(BENCH_DIR, 'README.md');
  let readme = fs.readFileSync(template, 'utf8');
  const raw: Record<string, unknown> = { plan };

  const needsInstalled = plan.only.includes('cold-start') || plan.only.includes('user-tests');
  if (plan.cdk8s && needsInstalled) prepareInstalledProjects(log);
  if (plan.only.includes('cold-start')) {
    const result = runColdStart(plan, log);
    raw.coldStart = result;
    readme = replaceSection(readme, 'cold-start', coldStartSection(result));
  }
  if (plan.only.includes('user-tests')) {
    const result = runJestProjects(plan, log);
    raw.userTests = result;
    readme = replaceSection(readme, 'user-tests', userTestsSection(result));
  }
  if (plan.only.includes('scaling')) {
    const result = await runScaling(plan, log);
    raw.scaling = result;
    readme = replaceSection(readme, 'scaling', scalingSection(result));
    fs.writeFileSync(path.join(plan.outDir, 'scaling.svg'), logLogChartSvg(scalingChart(result)));
  }
  if (plan.only.includes('throughput')) {
    const result = await runThroughput(plan, log);
    raw.throughput = result;
    readme = replaceSection(readme, 'throughput', throughputSection(result));
  }
  // Versions last: the cdk8s install happens during the cold-start bench.
  readme = replaceSection(
    readme,
    'machine',
    machineSection(machineInfo(plan.cdk8s, loadAtStart), plan.quick),
  );
  fs.writeFileSync(readmePath, readme);
  fs.mkdirSync(WORK_DIR, { recursive: true });
  const rawFile = path.join(WORK_DIR, plan.quick ? 'results-quick.json' : 'results.json');
  fs.writeFileSync(rawFile, `${JSON.stringify(raw, null, 2)}\n`);
  log(
    `wrote ${readmePath} (raw figures: ${rawFile}) in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
}

main(planFrom(process.env)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
