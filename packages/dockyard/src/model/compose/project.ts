import * as z from 'zod';
import { serviceSchema } from './service';
import { configSchema, networkSchema, secretSchema, volumeSchema } from './top-level';

/**
 * The neutral project model both renderers read: one deployable unit (a Dockyard Stack).
 * Records keep insertion order, which is the order the renderers emit.
 */
export const projectSchema = z.strictObject({
  /** Compose's project name and the prefix of Swarm config/secret names. Lowercase, see `checkModel`. */
  name: z.string(),
  services: z.record(z.string(), serviceSchema),
  networks: z.record(z.string(), networkSchema).optional(),
  volumes: z.record(z.string(), volumeSchema).optional(),
  configs: z.record(z.string(), configSchema).optional(),
  secrets: z.record(z.string(), secretSchema).optional(),
});

/** The project model, see {@link projectSchema}. */
export type ComposeProjectSpec = z.infer<typeof projectSchema>;
