import { markdownTable, ratio, sig3 } from '../lib/markdown';
import type { Summary } from '../lib/stats';
import type { ChartSeries, LogLogChart } from '../lib/svg-chart';
import type { ScalingResult, ScalingRow, ToolFigures } from '../scaling/scaling';

const spread = (s: Summary) => `${sig3(s.min)}–${sig3(s.max)}`;
const perService = (s: Summary, services: number) => sig3(s.median / services);

/** The scaling tables: synthesis time per size, then build time and memory, then how cost grows. */
export function scalingSection(result: ScalingResult): string {
  const timeRows = result.rows.map((row) => {
    const cdk8s = row.cdk8s;
    return [
      String(row.services),
      sig3(row.dockyard.synth.median),
      perService(row.dockyard.synth, row.services),
      spread(row.dockyard.synth),
      ...(typeof cdk8s === 'string'
        ? [cdk8s, '', '', '']
        : [
            sig3(cdk8s.synth.median),
            perService(cdk8s.synth, row.services),
            spread(cdk8s.synth),
            ratio(row.dockyard.synth.median, cdk8s.synth.median),
          ]),
      sig3(row.testing.synth.median),
      typeof cdk8s === 'string' ? '' : ratio(row.testing.synth.median, cdk8s.synth.median),
      sig3(row.floor.median),
      ratio(row.dockyard.synth.median, row.floor.median),
    ];
  });
  const time = markdownTable(
    [
      'Services',
      'Dockyard ms',
      'ms/service',
      'min–max',
      'cdk8s ms',
      'ms/service',
      'min–max',
      'Dockyard / cdk8s',
      '`Testing.synth` ms',
      '`Testing.synth` / cdk8s',
      'floor ms',
      'Dockyard / floor',
    ],
    timeRows,
    Array(12).fill('right'),
  );
  const memoryRows = result.rows.map((row) => [
    String(row.services),
    sig3(row.dockyard.build.median),
    sig3(row.dockyard.maxRssMb),
    kib(row.dockyard.outputBytes),
    sig3(row.testing.maxRssMb),
    ...(typeof row.cdk8s === 'string'
      ? [row.cdk8s, '', '']
      : [sig3(row.cdk8s.build.median), sig3(row.cdk8s.maxRssMb), kib(row.cdk8s.outputBytes)]),
  ]);
  const memory = markdownTable(
    [
      'Services',
      'Dockyard build ms',
      'Dockyard peak RSS MiB',
      'Dockyard output KiB',
      '`Testing.synth` peak RSS MiB',
      'cdk8s build ms',
      'cdk8s peak RSS MiB',
      'cdk8s output KiB',
    ],
    memoryRows,
    Array(8).fill('right'),
  );
  return [
    `Median of ${result.runs} runs after ${result.warmups} warm-up, each size and tool in a fresh process. ` +
      'Time = validate and render every artifact in memory (Dockyard: `synthText`, the public in-memory synthesis; cdk8s: `app.synthYaml()`); ' +
      '`Testing.synth` = what a test pays for the same program (the testing toolkit, artifacts parsed only when read), in a process of its own; ' +
      'the floor = `yaml` stringify of the same final documents plus a plain print of the same nginx directives.',
    '',
    time,
    '',
    'Building the construct tree (not in the times above), peak memory of the process and output size:',
    '',
    memory,
    '',
    growth(result.rows),
    '',
    '![Synthesis time against services, log-log](scaling.svg)',
  ].join('\n');
}

/** How cost per service grows from the first size of 1000 or more to the largest: 1.00× means linear. */
function growth(rows: readonly ScalingRow[]): string {
  const last = rows[rows.length - 1];
  const before = rows.find((row) => row.services >= 1000 && row !== last) ?? rows[rows.length - 2];
  if (last === undefined || before === undefined) return '';
  const perService = (pick: (row: ScalingRow) => Summary | undefined) => {
    const a = pick(before);
    const b = pick(last);
    return a && b ? ratio(b.median / last.services, a.median / before.services) : 'not run';
  };
  const cdk8sSynth = (row: ScalingRow) => (typeof row.cdk8s === 'string' ? undefined : row.cdk8s.synth);
  return (
    `**Time per service at ${last.services} services / at ${before.services} (1.00× means linear):** ` +
    `Dockyard ${perService((row) => row.dockyard.synth)}, \`Testing.synth\` ${perService((row) => row.testing.synth)}, ` +
    `cdk8s ${perService(cdk8sSynth)}, floor ${perService((row) => row.floor)}.`
  );
}

function kib(bytes: number): string {
  return sig3(bytes / 1024);
}

/** The chart of synthesis time against size. */
export function scalingChart(result: ScalingResult): LogLogChart {
  const points = (pick: (row: ScalingRow) => Summary | undefined) =>
    result.rows.flatMap((row) => {
      const s = pick(row);
      return s ? [{ x: row.services, y: s.median, low: s.min, high: s.max }] : [];
    });
  const cdk8s = (row: ScalingRow): ToolFigures | undefined =>
    typeof row.cdk8s === 'string' ? undefined : row.cdk8s;
  const series: ChartSeries[] = [
    { name: 'Dockyard', color: '#1f77b4', points: points((row) => row.dockyard.synth) },
    { name: 'Dockyard Testing.synth', color: '#2ca02c', points: points((row) => row.testing.synth) },
    { name: 'cdk8s synthYaml', color: '#d62728', points: points((row) => cdk8s(row)?.synth) },
    { name: 'floor (yaml + print)', color: '#7f7f7f', points: points((row) => row.floor), dashed: true },
  ];
  const notRun = result.rows.find((row) => typeof row.cdk8s === 'string')?.cdk8s;
  return {
    title: `Synthesis time in memory (median of ${result.runs}, whiskers min–max)`,
    xLabel: 'services (3 replicas each, one upstream and route each)',
    yLabel: 'milliseconds',
    series: series.filter((s) => s.points.length > 0),
    notes: typeof notRun === 'string' ? [`cdk8s: ${notRun}`] : [],
  };
}
