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

/** Splits stacks into waves that can run at once: no two stacks of a wave publish the same host port. */
export function wavesByPort<T extends { ports: number[] }>(items: readonly T[]): T[][] {
  const waves: T[][] = [];
  for (const item of items) {
    const wave = waves.find((w) => w.every((other) => other.ports.every((p) => !item.ports.includes(p))));
    if (wave) wave.push(item);
    else waves.push([item]);
  }
  return waves;
}
