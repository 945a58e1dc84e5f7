import type { ColdStartResult, ColdStartRow } from '../cold-start/cold-start';
import { markdownTable, ratio, sig3 } from '../lib/markdown';
import type { Summary } from '../lib/stats';

/** The cold-start table: wall and CPU time of fresh processes, with the node floor and cdk8s beside Dockyard. */
export function coldStartSection(result: ColdStartResult): string {
  const byId = (id: ColdStartRow['id']) => result.rows.find((row) => row.id === id);
  const floor = byId('floor');
  const rows = result.rows.map((row) => {
    const cpu = row.cpu ? [sig3(row.cpu.median), times(row.cpu, floor?.cpu)] : ['', ''];
    if (typeof row.wall === 'string') return [row.label, row.wall, '', '', '', '', '', `\`${row.shown}\``];
    const w = row.wall;
    return [
      row.label,
      sig3(w.median),
      `${sig3(w.min)}–${sig3(w.max)}`,
      `${sig3(w.q1)}–${sig3(w.q3)}`,
      times(w, floor?.wall),
      ...cpu,
      `\`${row.shown}\``,
    ];
  });
  const table = markdownTable(
    ['Command', 'median ms', 'min–max ms', 'IQR ms', '× node floor', 'CPU ms', 'CPU × floor', 'command line'],
    rows,
    ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
  );
  return [
    `Program: \`${result.program}\`. ${result.runs} runs per command after ${result.warmups} warm-up, taking turns. ` +
      'CPU = user + system time of the process (GNU time).',
    '',
    table,
    '',
    ...goals(byId('installed'), byId('repository'), floor, byId('cdk8s')),
  ].join('\n');
}

function times(value: Summary | undefined, base: Summary | string | undefined): string {
  return value !== undefined && typeof base === 'object' ? ratio(value.median, base.median) : '';
}

/** The goals for the cold start, in one line each: installed against node, repository against installed. */
function goals(
  installed: ColdStartRow | undefined,
  repository: ColdStartRow | undefined,
  floor: ColdStartRow | undefined,
  cdk8s: ColdStartRow | undefined,
): string[] {
  const both = (a: ColdStartRow | undefined, b: ColdStartRow | undefined) => {
    if (typeof a?.wall !== 'object' || typeof b?.wall !== 'object') return 'not run';
    const cpu = a.cpu && b.cpu ? `, CPU ${ratio(a.cpu.median, b.cpu.median)}` : '';
    return `wall ${ratio(a.wall.median, b.wall.median)}${cpu}`;
  };
  return [
    `- **Installed \`synth\` / \`node -e 0\` (goal <= 3×):** ${both(installed, floor)}.`,
    `- **This repository's \`pnpm synth\` path / installed \`synth\` (goal <= 1.5×):** ${both(repository, installed)}.`,
    `- Installed \`synth\` / \`cdk8s synth\`: ${both(installed, cdk8s)}.`,
  ];
}
