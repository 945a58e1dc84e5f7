import { copyFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Sandbox } from '../../support/sandbox';

/** A bounded wrk run. */
export interface WrkOptions {
  url: string;
  /** Seconds; kept small, the machine has two cores. @default 2 */
  durationSec?: number;
  /** @default 8 */
  connections?: number;
  /** @default 1 */
  threads?: number;
  /** Per-request timeout in seconds. @default 2 */
  timeoutSec?: number;
}

/** What wrk measured, counted by wrk-count.lua. */
export interface WrkResult {
  requests: number;
  durationUs: number;
  /** Socket errors, and `status`: responses with a status of 400 or more. */
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  byStatus: Record<string, number>;
  /** X-Slot header value -> count (`-` when absent). */
  bySlot: Record<string, number>;
  latencyP50Us: number;
  latencyP99Us: number;
  /** wrk's own report, for messages. */
  report: string;
}

/** Runs wrk inside the sandbox (never longer than its duration plus a margin) and parses its counts. */
export async function runWrk(
  sandbox: Pick<Sandbox, 'exec' | 'scratch'>,
  options: WrkOptions,
): Promise<WrkResult> {
  const script = sandbox.scratch('wrk-count.lua');
  copyFileSync(path.join(__dirname, 'wrk-count.lua'), script);
  const duration = options.durationSec ?? 2;
  const result = await sandbox.exec(
    'wrk',
    [
      `--threads=${options.threads ?? 1}`,
      `--connections=${options.connections ?? 8}`,
      `--duration=${duration}s`,
      `--timeout=${options.timeoutSec ?? 2}s`,
      `--script=${script}`,
      options.url,
    ],
    { timeoutMs: (duration + 10) * 1000 },
  );
  const line = result.stdout.split('\n').find((l) => l.startsWith('WRK-JSON '));
  if (result.code !== 0 || line === undefined) {
    throw new Error(`wrk failed (${result.code}):\n${result.stdout}${result.stderr}`);
  }
  const parsed = JSON.parse(line.slice('WRK-JSON '.length)) as Omit<WrkResult, 'report'>;
  return { ...parsed, report: result.stdout.replace(line, '').trim() };
}
