import * as path from 'node:path';
import { z } from 'zod';
import { BENCH_DIR, WORK_DIR } from './paths';

/** The benches `pnpm bench` runs, in this order. */
export const BENCH_NAMES = ['cold-start', 'user-tests', 'scaling', 'throughput'] as const;
export type BenchName = (typeof BENCH_NAMES)[number];

/** Sizes and repetitions of one bench run. */
export interface BenchPlan {
  readonly quick: boolean;
  /** The benches to run; the README sections of the others keep their text. */
  readonly only: readonly BenchName[];
  /** README.md and scaling.svg go here. */
  readonly outDir: string;
  readonly coldStart: { readonly warmups: number; readonly runs: number };
  /** Jest runs of the 20-test file in the `dockyard init` project and in the cdk8s twin (full runs only). */
  readonly userTests: { readonly warmups: number; readonly runs: number };
  readonly scaling: { readonly sizes: readonly number[]; readonly warmups: number; readonly runs: number };
  readonly throughput: {
    /** Rounds over every config and path, in turns; the table shows the median of the rounds. */
    readonly rounds: number;
    readonly durationSec: number;
    readonly warmupSec: number;
    readonly threads: number;
    readonly connections: number;
    /** Quick mode loads one Dockyard config and one seed, and says so for the others. */
    readonly firstOfEach: boolean;
  };
  /**
   * Whether cdk8s and the packed library's projects are installed and measured (never in quick mode: the smoke
   * test must not need the network).
   */
  readonly cdk8s: boolean;
}

const flag = z
  .string()
  .optional()
  .transform((value) => value === '1' || value === 'true');

/** The environment variables the bench reads. */
export const BenchEnvSchema = z.object({
  /** `1`: tiny sizes, one run, no cdk8s (the smoke test). */
  BENCH_QUICK: flag,
  /** Where README.md and scaling.svg go. @default bench/, or bench/.work/quick/ when quick */
  BENCH_OUT: z.string().optional(),
  /** A comma-separated subset of the benches, for working on one of them. @default all */
  BENCH_ONLY: z
    .string()
    .optional()
    .transform((value) => (value?.trim() ? value.split(',').map((name) => name.trim()) : [...BENCH_NAMES]))
    .pipe(z.array(z.enum(BENCH_NAMES))),
});

/** The plan for an environment: full by default, tiny with BENCH_QUICK=1 (see {@link BenchEnvSchema}). */
export function planFrom(env: NodeJS.ProcessEnv): BenchPlan {
  const parsed = BenchEnvSchema.parse(env);
  const quick = parsed.BENCH_QUICK;
  const only = parsed.BENCH_ONLY;
  const outDir = path.resolve(parsed.BENCH_OUT || (quick ? path.join(WORK_DIR, 'quick') : BENCH_DIR));
  if (quick) {
    return {
      quick,
      only,
      outDir,
      coldStart: { warmups: 0, runs: 1 },
      userTests: { warmups: 0, runs: 1 },
      scaling: { sizes: [2, 4], warmups: 0, runs: 1 },
      throughput: { rounds: 1, durationSec: 1, warmupSec: 0, threads: 1, connections: 4, firstOfEach: true },
      cdk8s: false,
    };
  }
  return {
    quick,
    only,
    outDir,
    coldStart: { warmups: 1, runs: 10 },
    userTests: { warmups: 1, runs: 5 },
    scaling: { sizes: [1000, 2000, 5000], warmups: 1, runs: 3 },
    throughput: { rounds: 3, durationSec: 2, warmupSec: 1, threads: 2, connections: 20, firstOfEach: false },
    cdk8s: true,
  };
}
