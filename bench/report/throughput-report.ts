import { markdownTable, ratio, sig3 } from '../lib/markdown';
import type { ThroughputResult, ThroughputRow } from '../throughput/throughput';

type Measured = Exclude<ThroughputRow['measured'], string>;

/** Raw figures per config and path, then Dockyard / seed ratios per path. */
export function throughputSection(result: ThroughputResult): string {
  const raw = markdownTable(
    ['Config', 'Path', 'answered by', 'req/s', 'p50 ms', 'p99 ms', 'failures'],
    result.rows.map((row) =>
      typeof row.measured === 'string'
        ? [row.label, `\`${row.path}\``, row.measured, '', '', '', '']
        : [
            row.label,
            `\`${row.path}\``,
            answeredBy(row.measured),
            sig3(row.measured.requestsPerSec),
            sig3(row.measured.p50Ms),
            sig3(row.measured.p99Ms),
            String(row.measured.failures),
          ],
    ),
    ['left', 'left', 'left', 'right', 'right', 'right', 'right'],
  );
  const dockyards = uniqueProxies(result.rows.filter((r) => r.isDockyard));
  const seeds = uniqueProxies(result.rows.filter((r) => !r.isDockyard));
  const ratioRows: string[][] = [];
  for (const seed of seeds) {
    for (const row of result.rows.filter((r) => r.proxy === seed.proxy)) {
      const cells = dockyards.flatMap((dockyard) => {
        const ours = result.rows.find((r) => r.proxy === dockyard.proxy && r.path === row.path)?.measured;
        const theirs = row.measured;
        if (typeof ours !== 'object') return [ours ?? 'not run', ''];
        if (typeof theirs !== 'object') return [theirs, ''];
        return [ratio(ours.requestsPerSec, theirs.requestsPerSec), ratio(ours.p99Ms, theirs.p99Ms)];
      });
      ratioRows.push([seed.proxy, `\`${row.path}\``, ...cells]);
    }
  }
  const ratios = markdownTable(
    [
      'Seed',
      'Path',
      ...dockyards.flatMap((d) => [`${shortName(d.proxy)} / seed req/s`, `${shortName(d.proxy)} / seed p99`]),
    ],
    ratioRows,
    ['left', 'left', ...dockyards.flatMap(() => ['right', 'right'] as const)],
  );
  return [
    `Median of ${result.rounds} rounds; a round runs wrk for ${result.durationSec} s (threads: ${result.threads}, ` +
      `connections: ${result.connections}) on every config and path in turn, after ${result.warmupSec} s of warm-up ` +
      `per config and path. ${result.replicas} gunicorn replicas (1 worker each) behind every config.`,
    '',
    raw,
    '',
    'Dockyard / seed (req/s above 1× and p99 below 1× favour Dockyard):',
    '',
    ratios,
  ].join('\n');
}

function answeredBy(m: Measured): string {
  if (m.flaskShare >= 0.95) return 'Flask';
  if (m.flaskShare <= 0.05) return 'nginx alone';
  return `Flask for ${Math.round(m.flaskShare * 100)}%`;
}

function uniqueProxies(rows: readonly ThroughputRow[]): ThroughputRow[] {
  const seen = new Map<string, ThroughputRow>();
  for (const row of rows) if (!seen.has(row.proxy)) seen.set(row.proxy, row);
  return [...seen.values()];
}

function shortName(proxy: string): string {
  return proxy.replace(/^dockyard-/, 'Dockyard ');
}
