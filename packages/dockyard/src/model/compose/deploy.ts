import * as z from 'zod';

// Durations are plain strings here (see durationSchema in service.ts); declared locally to keep imports one-way.
const duration = z.string();

/** How Swarm rolls out (or rolls back) a new version of a service. */
export const updateConfigSchema = z.strictObject({
  parallelism: z.number().optional(),
  delay: duration.optional(),
  failure_action: z.enum(['continue', 'pause', 'rollback']).optional(),
  monitor: duration.optional(),
  max_failure_ratio: z.number().optional(),
  order: z.enum(['start-first', 'stop-first']).optional(),
});

/** Where Swarm may place tasks. */
export const placementSchema = z.strictObject({
  /** e.g. `node.role == worker` */
  constraints: z.array(z.string()).optional(),
  preferences: z.array(z.strictObject({ spread: z.string() })).optional(),
  max_replicas_per_node: z.number().optional(),
});

// Swarm's schema wants cpus as a string; a number is accepted here for convenience and rendered as a string.
const cpus = z.union([z.number(), z.string()]);

/** CPU and memory limits and reservations; memory as Docker writes it (`512M`, `1g`). */
export const resourcesSchema = z.strictObject({
  limits: z
    .strictObject({ cpus: cpus.optional(), memory: z.string().optional(), pids: z.number().optional() })
    .optional(),
  reservations: z.strictObject({ cpus: cpus.optional(), memory: z.string().optional() }).optional(),
});

/** Swarm's restart policy (Compose honours it too). */
export const restartPolicySchema = z.strictObject({
  condition: z.enum(['none', 'on-failure', 'any']).optional(),
  delay: duration.optional(),
  max_attempts: z.number().optional(),
  window: duration.optional(),
});

/** A Swarm restart policy, see {@link restartPolicySchema}. */
export type RestartPolicy = z.infer<typeof restartPolicySchema>;

/** How many tasks run where, and how they are updated. Mostly Swarm; see `targets.ts` for what Compose keeps. */
export const deploySchema = z.strictObject({
  /** @default 'replicated' */
  mode: z.enum(['replicated', 'global']).optional(),
  /** @default 1 */
  replicas: z.number().optional(),
  /** `vip`: one virtual IP balances across tasks; `dnsrr`: DNS returns every task's address. @default 'vip' */
  endpoint_mode: z.enum(['vip', 'dnsrr']).optional(),
  placement: placementSchema.optional(),
  resources: resourcesSchema.optional(),
  restart_policy: restartPolicySchema.optional(),
  update_config: updateConfigSchema.optional(),
  rollback_config: updateConfigSchema.optional(),
  /** Labels on the Swarm service object (not its containers). */
  labels: z.record(z.string(), z.string()).optional(),
});

/** Deployment settings, see {@link deploySchema}. */
export type Deploy = z.infer<typeof deploySchema>;
