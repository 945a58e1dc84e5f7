import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

const EXAMPLES = path.resolve(__dirname, '../../../examples');

/** A committed stack folder of an example (`examples/<example>/dist/<stack>`). */
export interface CommittedStack {
  /** `<example>/<stack>`, for messages. */
  label: string;
  stack: string;
  dir: string;
  /** Host ports the stack publishes (the same in compose.yaml and stack.yaml). */
  ports: number[];
  /** Service name -> replicas the file asks for. */
  replicas: Record<string, number>;
}

/** Every committed stack folder of every example, in name order. */
export function committedStacks(): CommittedStack[] {
  const found: CommittedStack[] = [];
  for (const example of readdirSync(EXAMPLES).sort()) {
    let stacks: string[];
    try {
      stacks = readdirSync(path.join(EXAMPLES, example, 'dist')).filter((n) => !n.startsWith('.'));
    } catch {
      continue;
    }
    for (const stack of stacks.sort()) {
      const dir = path.join(EXAMPLES, example, 'dist', stack);
      const doc = parse(readFileSync(path.join(dir, 'stack.yaml'), 'utf8')) as {
        services: Record<string, { ports?: Array<{ published?: number }>; deploy?: { replicas?: number } }>;
      };
      const ports = Object.values(doc.services).flatMap((s) =>
        (s.ports ?? []).map((p) => Number(p.published)),
      );
      const replicas = Object.fromEntries(
        Object.entries(doc.services).map(([name, s]) => [name, s.deploy?.replicas ?? 1]),
      );
      found.push({ label: `${example}/${stack}`, stack, dir, ports, replicas });
    }
  }
  return found;
}

/**
 * Runs jobs as soon as the host ports they publish are free (two jobs never hold a port at once), at most
 * `concurrency` at a time, in list order otherwise. A job's ports are free again when its promise settles.
 */
export async function runByPort<T extends { ports: readonly number[] }>(
  jobs: readonly T[],
  run: (job: T) => Promise<void>,
  concurrency: number,
): Promise<void> {
  const waiting = [...jobs];
  const busy = new Set<number>();
  const running = new Set<Promise<void>>();
  while (waiting.length > 0 || running.size > 0) {
    const index =
      running.size < concurrency ? waiting.findIndex((job) => job.ports.every((p) => !busy.has(p))) : -1;
    if (index >= 0) {
      const [job] = waiting.splice(index, 1);
      if (job === undefined) continue;
      for (const port of job.ports) busy.add(port);
      const task: Promise<void> = run(job).finally(() => {
        for (const port of job.ports) busy.delete(port);
        running.delete(task);
      });
      running.add(task);
      continue;
    }
    await Promise.race(running);
  }
}
