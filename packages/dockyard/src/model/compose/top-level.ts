import * as z from 'zod';
import { templatableSchema } from './task-template';

/** A project network. */
export const networkSchema = z.strictObject({
  /** The engine-wide name. @default `<project>_<key>` */
  name: z.string().optional(),
  /**
   * The driver the program asks for. Each target uses the one it can run (see `targets.ts`):
   * Compose a bridge, Swarm an overlay; a mismatch is reported.
   */
  driver: z.enum(['bridge', 'overlay']).optional(),
  /** Lets standalone containers join an overlay network. */
  attachable: z.boolean().optional(),
  /** No route to the outside world. */
  internal: z.boolean().optional(),
  ipam: z.strictObject({ config: z.array(z.strictObject({ subnet: z.string() })) }).optional(),
  /** Created outside the project; the project only joins it. */
  external: z.boolean().optional(),
});

/** A project network, see {@link networkSchema}. */
export type NetworkSpec = z.infer<typeof networkSchema>;

/** A named volume. A per-replica `name` (a Swarm template) gives every replica a volume of its own. */
export const volumeSchema = z.strictObject({
  name: templatableSchema.optional(),
  driver: z.string().optional(),
  external: z.boolean().optional(),
});

/** A named volume, see {@link volumeSchema}. */
export type VolumeSpec = z.infer<typeof volumeSchema>;

/**
 * A config file: from a `file` (relative to the rendered artifact) or inline `content` (Compose only).
 * `name` is Compose's; Swarm always names configs by content hash.
 */
export const configSchema = z.union([
  z.strictObject({ file: z.string(), name: z.string().optional() }),
  z.strictObject({ content: z.string(), name: z.string().optional() }),
]);

/** A config, see {@link configSchema}. */
export type ConfigSpec = z.infer<typeof configSchema>;

/** A secret: from a `file`, or from an `environment` variable of the deploying shell (Compose only). */
export const secretSchema = z.union([
  z.strictObject({ file: z.string(), name: z.string().optional() }),
  z.strictObject({ environment: z.string(), name: z.string().optional() }),
]);

/** A secret, see {@link secretSchema}. */
export type SecretSpec = z.infer<typeof secretSchema>;
