import { type Diagnostic, formatDiagnostic } from '../core/problems';
import type { Drift } from '../output/drift';
import type { Manifest } from '../output/manifest';

/** The table the CLI prints: one row per file with its size and what happened to it. */
export function filesTable(manifests: readonly Manifest[]): string {
  return writtenTable(manifests.flatMap((manifest) => manifest.stacks.flatMap((stack) => stack.files)));
}

/** `FILE  BYTES  STATUS` with one row per file, for every command that writes files. */
export function writtenTable(
  files: readonly { readonly path: string; readonly bytes: number; readonly status: string }[],
): string {
  const rows = files.map((file) => [file.path, String(file.bytes), file.status] as const);
  const header = ['FILE', 'BYTES', 'STATUS'] as const;
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column === 1 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** `Synthesized 1 app, 2 stacks, 6 files (8.1 kB) in 231 ms: 2 created, 1 updated, 3 unchanged.` */
export function summaryLine(manifests: readonly Manifest[], milliseconds: number): string {
  const stacks = manifests.reduce((sum, manifest) => sum + manifest.stacks.length, 0);
  const files = manifests.flatMap((manifest) => manifest.stacks.flatMap((stack) => stack.files));
  const bytes = files.reduce((sum, file) => sum + file.bytes, 0);
  const statuses = statusCounts(files);
  return (
    `Synthesized ${plural(manifests.length, 'app')}, ${plural(stacks, 'stack')}, ${plural(files.length, 'file')} ` +
    `(${formatBytes(bytes)}) in ${Math.round(milliseconds)} ms${statuses ? `: ${statuses}` : ''}.`
  );
}

/** `Drew 2 stacks, 4 files (61.3 kB) in 912 ms: 4 created.` */
export function graphSummaryLine(
  stacks: number,
  files: readonly { readonly bytes: number; readonly status: string }[],
  milliseconds: number,
): string {
  const bytes = files.reduce((sum, file) => sum + file.bytes, 0);
  const statuses = statusCounts(files);
  return (
    `Drew ${plural(stacks, 'stack')}, ${plural(files.length, 'file')} (${formatBytes(bytes)}) ` +
    `in ${Math.round(milliseconds)} ms${statuses ? `: ${statuses}` : ''}.`
  );
}

/** `2 created, 1 updated, 3 unchanged`, in order of first appearance. */
function statusCounts(files: readonly { readonly status: string }[]): string {
  const counts = new Map<string, number>();
  for (const file of files) counts.set(file.status, (counts.get(file.status) ?? 0) + 1);
  return [...counts].map(([status, count]) => `${count} ${status}`).join(', ');
}

export function driftReport(drifts: readonly Drift[], fileCount: number): string {
  if (drifts.length === 0) return `No drift: all ${plural(fileCount, 'file')} on disk match the program.`;
  const diffs = drifts.map((drift) => drift.diff.trimEnd()).join('\n');
  const list = drifts.map((drift) => `  ${drift.kind.padEnd(8)} ${drift.path}`).join('\n');
  return `${diffs}\n\nDrift: ${plural(drifts.length, 'file')} on disk ${drifts.length === 1 ? 'differs' : 'differ'} from the program:\n${list}\nRun synth to update them.`;
}

export function diagnosticLines(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => `${diagnostic.level}: ${formatDiagnostic(diagnostic)}`);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function formatBytes(bytes: number): string {
  return bytes < 1000 ? `${bytes} B` : `${(bytes / 1000).toFixed(1)} kB`;
}
