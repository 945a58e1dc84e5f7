import type { MachineInfo } from '../lib/machine';
import { markdownTable } from '../lib/markdown';

/** The machine and versions section. */
export function machineSection(machine: MachineInfo, quick: boolean): string {
  const rows: string[][] = [
    ['CPU', `${machine.cpuModel}, ${machine.cores} cores (nproc)`],
    ['Memory', `${machine.memory} (free -h)`],
    ['OS', machine.os],
    ['Load average (1 min)', `${machine.load[0].toFixed(2)} at start, ${machine.load[1].toFixed(2)} at end`],
    ...machine.versions.map(([tool, version]) => [tool, version]),
  ];
  const mode = quick
    ? '\n\nQuick mode (BENCH_QUICK=1): tiny sizes, one run each; these figures mean nothing.'
    : '';
  return `${markdownTable(['', ''], rows)}${mode}`;
}
