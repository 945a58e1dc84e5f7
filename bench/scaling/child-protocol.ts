import { z } from 'zod';

/**
 * The tools the scaling bench compares: Dockyard's in-memory synthesis, Dockyard's `Testing.synth` (what a
 * user's test pays), cdk8s. The floor runs inside the Dockyard child, on its output.
 */
export const ScalingToolSchema = z.enum(['dockyard', 'dockyard-testing', 'cdk8s']);
export type ScalingTool = z.infer<typeof ScalingToolSchema>;

const count = (min: number) => z.coerce.number().int().min(min);

/** What the parent asks a child to measure: `--tool T --services N --warmups W --runs R`. */
export const ScalingRequestSchema = z.object({
  tool: ScalingToolSchema,
  services: count(1),
  warmups: count(0),
  runs: count(1),
});
export type ScalingRequest = z.infer<typeof ScalingRequestSchema>;

const samples = z.array(z.number()).min(1);

/** What a child measured, printed as `RESULT <json>`. */
export const ScalingMeasurementSchema = z.strictObject({
  tool: ScalingToolSchema,
  services: z.number().int(),
  /** Building the construct tree, ms per run. */
  buildMs: samples,
  /** Validating and rendering every artifact in memory, ms per run. */
  synthMs: samples,
  /** The floor on the same final documents, ms per run (Dockyard child only). */
  floorMs: samples.optional(),
  /** Peak resident set of the child after its runs (before the floor), KiB. */
  maxRssKb: z.number(),
  /** Bytes of all artifacts of one run. */
  outputBytes: z.number().int(),
});
export type ScalingMeasurement = z.infer<typeof ScalingMeasurementSchema>;
