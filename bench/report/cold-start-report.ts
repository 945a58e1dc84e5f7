import type { ColdStartResult } from '../cold-start/cold-start';
import { markdownTable, ratio, sig3 } from '../lib/markdown';
import type { Summary } from '../lib/stats';

/** The cold-start table: wall time of fresh processes, with the node floor and cdk8s beside Dockyard. */
export function coldStartSection(result: ColdStartResult): string {
  const floor = result.rows[0]?.wall;
  const dockyard = result.rows[1]?.wall;
  const rows = result.rows.map((row) => {
    if (typeof row.wall === 'string') return [row.label, row.wall, '', '', '', `\`${row.shown}\``];
    const w = row.wall;
    return [
      row.label,
      sig3(w.median),
      `${sig3(w.min)}–${sig3(w.max)}`,
      `${sig3(w.q1)}–${sig3(w.q3)}`,
      typeof floor === 'object' ? ratio(w.median, floor.median) : '',
      `\`${row.shown}\``,
    ];
  });
  const table = markdownTable(
    ['Command', 'median ms', 'min–max ms', 'IQR ms', '× node floor', 'command line'],
    rows,
    ['left', 'right', 'right', 'right', 'right', 'left'],
  );
  const cdk8s = result.rows[2]?.wall;
  const lines = [
    `Program: \`${result.program}\`. ${result.runs} runs per command after ${result.warmups} warm-up, taking turns.`,
    '',
    table,
    '',
    comparison(dockyard, cdk8s, floor),
  ];
  return lines.join('\n');
}

function comparison(
  dockyard: Summary | string | undefined,
  cdk8s: Summary | string | undefined,
  floor: Summary | string | undefined,
): string {
  if (typeof dockyard !== 'object' || typeof floor !== 'object') return '';
  const own = `Dockyard above the floor: ${sig3(dockyard.median - floor.median)} ms.`;
  if (typeof cdk8s !== 'object') return `${own} Dockyard / cdk8s: ${cdk8s ?? 'not run'}.`;
  return `${own} **Dockyard / cdk8s (median wall time): ${ratio(dockyard.median, cdk8s.median)}**; above the floor: ${ratio(dockyard.median - floor.median, cdk8s.median - floor.median)}.`;
}
