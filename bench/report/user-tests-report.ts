import type { JestRunsResult } from '../installed/jest-runs';
import { USER_TEST_FILE } from '../installed/user-tests';
import { markdownTable, ratio, sig3 } from '../lib/markdown';

/** The user-tests table: wall time of one jest run of the 20-test file, Dockyard beside cdk8s. */
export function userTestsSection(result: JestRunsResult): string {
  const rows = result.rows.map((row) =>
    typeof row.wall === 'string'
      ? [row.label, row.wall, '', '', row.project]
      : [
          row.label,
          sig3(row.wall.median),
          `${sig3(row.wall.min)}–${sig3(row.wall.max)}`,
          row.cpu ? sig3(row.cpu.median) : 'n/a',
          row.project,
        ],
  );
  const table = markdownTable(
    ['Tests written with', 'median ms', 'min–max ms', 'CPU median ms', 'project'],
    rows,
    ['left', 'right', 'right', 'right', 'left'],
  );
  const [dockyard, cdk8s] = result.rows;
  const verdict =
    typeof dockyard?.wall === 'object' && typeof cdk8s?.wall === 'object'
      ? `**Dockyard / cdk8s (median wall time of a jest run, goal < 1×): ${ratio(dockyard.wall.median, cdk8s.wall.median)}${
          dockyard.cpu && cdk8s.cpu
            ? `; CPU time (user + system, GNU time): ${ratio(dockyard.cpu.median, cdk8s.cpu.median)}`
            : ''
        }.**`
      : 'Dockyard / cdk8s: not run (quick mode).';
  return [
    `\`node node_modules/.bin/jest --ci ${USER_TEST_FILE}\`, ${result.tests} tests, ${result.runs} runs per project after ${result.warmups} warm-up, taking turns.`,
    '',
    table,
    '',
    verdict,
  ].join('\n');
}
