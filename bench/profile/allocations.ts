// What one in-memory synthesis of the scaling workload allocates, by function: V8's sampling heap profiler with
// the objects garbage collection already freed kept in (the inspector's includeObjectsCollectedBy* options),
// which a `--heap-prof` profile leaves out. Usage:
//   tsx --conditions=dockyard-source bench/profile/allocations.ts [services=5000] [rows=30]
// Prints the total, then the functions that allocated most including what they called, then by their own code.
// Frames carry tsx's transpiled line numbers, so read them by function name.
import { Session } from 'node:inspector';
import { synthText } from '../../packages/dockyard/src/pipeline/synth-text';
import { buildDockyardProgram } from '../scaling/dockyard-program';

interface SamplingNode {
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly selfSize: number;
  readonly children: readonly SamplingNode[];
}

const services = Number(process.argv[2] ?? 5000);
const rows = Number(process.argv[3] ?? 30);
const session = new Session();
session.connect();
const post = (method: string, params: object = {}): Promise<unknown> =>
  new Promise((resolve, reject) =>
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
  );

function frameOf(node: SamplingNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^.*\/packages\/dockyard\//, '').replace(/^.*\/node_modules\//, '');
  return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
}

async function main(): Promise<void> {
  const { app } = buildDockyardProgram({ services });
  await post('HeapProfiler.enable');
  await post('HeapProfiler.startSampling', {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  synthText(app);
  const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: { head: SamplingNode } };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const walk = (node: SamplingNode, callers: ReadonlySet<string>): void => {
    const frame = frameOf(node);
    self.set(frame, (self.get(frame) ?? 0) + node.selfSize);
    const stack = new Set(callers).add(frame); // a recursive frame counts once
    for (const caller of stack) inclusive.set(caller, (inclusive.get(caller) ?? 0) + node.selfSize);
    for (const child of node.children) walk(child, stack);
  };
  walk(profile.head, new Set());
  const mb = (bytes: number) => (bytes / 1048576).toFixed(1).padStart(7);
  const top = (sizes: Map<string, number>) => [...sizes].sort((a, b) => b[1] - a[1]).slice(0, rows);
  process.stdout.write(
    `${services} services: ${mb(inclusive.get(frameOf(profile.head)) ?? 0)} MB allocated\n`,
  );
  process.stdout.write('including callees:\n');
  for (const [frame, bytes] of top(inclusive)) process.stdout.write(`${mb(bytes)} ${frame}\n`);
  process.stdout.write('own code:\n');
  for (const [frame, bytes] of top(self)) process.stdout.write(`${mb(bytes)} ${frame}\n`);
}

void main();
