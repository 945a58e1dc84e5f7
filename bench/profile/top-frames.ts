import * as path from 'node:path';

/** The parts of V8's .cpuprofile format the reader needs. */
export interface CpuProfile {
  readonly nodes: ReadonlyArray<{
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
    readonly children?: readonly number[];
  }>;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** A function and the time spent in it: `self` in its own code, `total` including what it called. */
export interface FrameTime {
  readonly frame: string;
  readonly selfMs: number;
  readonly totalMs: number;
}

/**
 * Self and inclusive time per function (a recursive function counts once per sample), sorted by self time.
 * Frames are `name file:line` with paths relative to `root`.
 */
export function frameTimes(profile: CpuProfile, root: string): FrameTime[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const label = (id: number): string => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const file = url.startsWith('file://') ? path.relative(root, new URL(url).pathname) : url;
    return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
  };
  const sampled = new Map<number, number>();
  for (const [i, id] of profile.samples.entries()) {
    sampled.set(id, (sampled.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const [id, us] of sampled) {
    self.set(label(id), (self.get(label(id)) ?? 0) + us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = label(at);
      if (seen.has(frame)) continue;
      seen.add(frame);
      total.set(frame, (total.get(frame) ?? 0) + us);
    }
  }
  return [...total.keys()]
    .map((frame) => ({
      frame,
      selfMs: (self.get(frame) ?? 0) / 1000,
      totalMs: (total.get(frame) ?? 0) / 1000,
    }))
    .sort((a, b) => b.selfMs - a.selfMs || a.frame.localeCompare(b.frame));
}
