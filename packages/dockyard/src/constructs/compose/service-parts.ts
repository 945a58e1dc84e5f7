import * as z from 'zod';
import { propsSchema } from '../../core/props';
import {
  deploySchema,
  placementSchema,
  resourcesSchema,
  restartPolicySchema,
  updateConfigSchema,
} from '../../model/compose/deploy';
import { healthcheckSchema, loggingSchema, portSchema } from '../../model/compose/service';

// The nested objects of a Service's props that are plain data (no construct references). Their keys are
// camelCase like every other prop; the model keeps Compose's snake_case, see `spec-keys.ts`. Each value schema
// is the model's own field schema, so a value rule lives in one place.

/** Build context and Dockerfile (Compose only; Swarm deploys `image`). */
export interface BuildProps {
  /** The build context, relative to the program's folder (rewritten relative to compose.yaml). */
  readonly context: string;
  /**
   * The Dockerfile, relative to the context.
   * @default `Dockerfile` in the context
   */
  readonly dockerfile?: string;
  /**
   * Build arguments (`ARG`s) by name.
   * @default no build arguments
   */
  readonly args?: Record<string, string>;
}

/** The schema of {@link BuildProps}. */
export const BuildPropsSchema = propsSchema<BuildProps>()(() =>
  z.strictObject({
    context: z.string().min(1),
    dockerfile: z.string().optional(),
    args: z.record(z.string(), z.string()).optional(),
  }),
);

/** A published port in long form. */
export interface ServicePort {
  /** The port inside the container. */
  readonly target: number;
  /**
   * The host port.
   * @default an ephemeral port Docker picks
   */
  readonly published?: number;
  /**
   * The transport protocol.
   * @default 'tcp'
   */
  readonly protocol?: 'tcp' | 'udp';
  /**
   * Swarm's routing mesh (`ingress`) or a port on the node running the task (`host`).
   * @default 'ingress'
   */
  readonly mode?: 'host' | 'ingress';
  /**
   * The host address to bind; Compose only (Swarm publishes on every interface).
   * @default every interface
   */
  readonly hostIp?: string;
}

const port = portSchema.shape;
/** The schema of {@link ServicePort}. */
export const ServicePortSchema = propsSchema<ServicePort>()(() =>
  z.strictObject({
    target: port.target,
    published: port.published,
    protocol: port.protocol,
    mode: port.mode,
    hostIp: port.host_ip,
  }),
);

/** A container health check. Durations are strings such as `10s` or `1m30s`. */
export interface ServiceHealthcheck {
  /** The command in exec form, without the `CMD` marker (the renderers add it): `['curl', '-f', 'http://localhost/']`. */
  readonly test: string[];
  /**
   * Time between two checks.
   * @default '30s' (Docker's default)
   */
  readonly interval?: string;
  /**
   * How long one check may take before it counts as failed.
   * @default '30s' (Docker's default)
   */
  readonly timeout?: string;
  /**
   * Consecutive failures before the container is unhealthy.
   * @default 3 (Docker's default)
   */
  readonly retries?: number;
  /**
   * Start-up time during which failures do not count.
   * @default '0s' (Docker's default)
   */
  readonly startPeriod?: string;
  /**
   * Time between two checks during the start period.
   * @default '5s' (Docker's default)
   */
  readonly startInterval?: string;
}

const health = healthcheckSchema.shape;
/** The schema of {@link ServiceHealthcheck}. */
export const ServiceHealthcheckSchema = propsSchema<ServiceHealthcheck>()(() =>
  z.strictObject({
    test: health.test,
    interval: health.interval,
    timeout: health.timeout,
    retries: health.retries,
    startPeriod: health.start_period,
    startInterval: health.start_interval,
  }),
);

/** Logging driver and its options. */
export interface ServiceLogging {
  /**
   * The logging driver, e.g. `json-file` or `syslog`.
   * @default the engine's default driver
   */
  readonly driver?: string;
  /**
   * The driver's options, e.g. `{ 'max-size': '10m' }`.
   * @default no options
   */
  readonly options?: Record<string, string>;
}

/** The schema of {@link ServiceLogging}. */
export const ServiceLoggingSchema = propsSchema<ServiceLogging>()(() => loggingSchema);

/** How Swarm rolls out (or rolls back) a new version of a service. */
export interface ServiceUpdateConfig {
  /**
   * Tasks updated at a time (`0`: all at once).
   * @default 1
   */
  readonly parallelism?: number;
  /**
   * Time between updating two groups of tasks, e.g. `10s`.
   * @default '0s'
   */
  readonly delay?: string;
  /**
   * What Swarm does when an update fails.
   * @default 'pause'
   */
  readonly failureAction?: 'continue' | 'pause' | 'rollback';
  /**
   * How long Swarm watches an updated task for failure, e.g. `30s`.
   * @default '5s'
   */
  readonly monitor?: string;
  /**
   * Share of failed tasks tolerated during an update, from 0 to 1.
   * @default 0
   */
  readonly maxFailureRatio?: number;
  /**
   * `start-first` starts the new task before stopping the old one.
   * @default 'stop-first'
   */
  readonly order?: 'start-first' | 'stop-first';
}

const update = updateConfigSchema.shape;
/** The schema of {@link ServiceUpdateConfig}. */
export const ServiceUpdateConfigSchema = propsSchema<ServiceUpdateConfig>()(() =>
  z.strictObject({
    parallelism: update.parallelism,
    delay: update.delay,
    failureAction: update.failure_action,
    monitor: update.monitor,
    maxFailureRatio: update.max_failure_ratio,
    order: update.order,
  }),
);

/** Where Swarm may place tasks. */
export interface ServicePlacement {
  /**
   * Node constraints, e.g. `node.role == worker`.
   * @default any node
   */
  readonly constraints?: string[];
  /**
   * Spread preferences, e.g. `{ spread: 'node.labels.zone' }`.
   * @default no preference
   */
  readonly preferences?: { spread: string }[];
  /**
   * The most tasks of this service on one node.
   * @default no limit
   */
  readonly maxReplicasPerNode?: number;
}

const placement = placementSchema.shape;
/** The schema of {@link ServicePlacement}. */
export const ServicePlacementSchema = propsSchema<ServicePlacement>()(() =>
  z.strictObject({
    constraints: placement.constraints,
    preferences: placement.preferences,
    maxReplicasPerNode: placement.max_replicas_per_node,
  }),
);

/** CPU and memory limits and reservations; memory as Docker writes it (`512M`, `1g`). */
export interface ServiceResources {
  /**
   * The most the service's containers may use.
   * @default no limits
   */
  readonly limits?: {
    /** CPUs, e.g. `0.5` or `'2'`. */
    cpus?: number | string;
    /** Memory, e.g. `'512M'`. */
    memory?: string;
    /** The most processes. */
    pids?: number;
  };
  /**
   * What the scheduler sets aside for each task.
   * @default no reservations
   */
  readonly reservations?: {
    /** CPUs, e.g. `0.5` or `'2'`. */
    cpus?: number | string;
    /** Memory, e.g. `'256M'`. */
    memory?: string;
  };
}

/** The schema of {@link ServiceResources}. */
export const ServiceResourcesSchema = propsSchema<ServiceResources>()(() => resourcesSchema);

/** Swarm's restart policy (Compose honours it too). */
export interface ServiceRestartPolicy {
  /**
   * When a task is restarted.
   * @default 'any'
   */
  readonly condition?: 'none' | 'on-failure' | 'any';
  /**
   * Time between two restarts, e.g. `5s`.
   * @default '5s'
   */
  readonly delay?: string;
  /**
   * Restarts before Swarm gives up.
   * @default unlimited
   */
  readonly maxAttempts?: number;
  /**
   * How long a restart must run to count as successful, e.g. `2m`.
   * @default at once
   */
  readonly window?: string;
}

const restart = restartPolicySchema.shape;
/** The schema of {@link ServiceRestartPolicy}. */
export const ServiceRestartPolicySchema = propsSchema<ServiceRestartPolicy>()(() =>
  z.strictObject({
    condition: restart.condition,
    delay: restart.delay,
    maxAttempts: restart.max_attempts,
    window: restart.window,
  }),
);

/** How many tasks run where, and how they are updated. Mostly Swarm; the README's target table says what Compose keeps. */
export interface ServiceDeploy {
  /**
   * `replicated` runs `replicas` tasks, `global` one task per node.
   * @default 'replicated'
   */
  readonly mode?: 'replicated' | 'global';
  /**
   * The number of tasks (containers).
   * @default 1
   */
  readonly replicas?: number;
  /**
   * `vip`: one virtual IP balances across tasks; `dnsrr`: DNS returns every task's address.
   * @default 'vip'
   */
  readonly endpointMode?: 'vip' | 'dnsrr';
  /**
   * Where Swarm may place tasks.
   * @default any node
   */
  readonly placement?: ServicePlacement;
  /**
   * CPU and memory limits and reservations.
   * @default no limits
   */
  readonly resources?: ServiceResources;
  /**
   * When and how often Swarm restarts a task.
   * @default Swarm's policy: restart any task that stops
   */
  readonly restartPolicy?: ServiceRestartPolicy;
  /**
   * How Swarm rolls out a new version.
   * @default Swarm's: one task at a time, stop first
   */
  readonly updateConfig?: ServiceUpdateConfig;
  /**
   * How Swarm rolls back a failed update.
   * @default Swarm's: one task at a time, stop first
   */
  readonly rollbackConfig?: ServiceUpdateConfig;
  /**
   * Labels on the Swarm service object (not its containers).
   * @default no labels
   */
  readonly labels?: Record<string, string>;
}

const deploy = deploySchema.shape;
/** The schema of {@link ServiceDeploy}. */
export const ServiceDeploySchema = propsSchema<ServiceDeploy>()(() =>
  z.strictObject({
    mode: deploy.mode,
    replicas: deploy.replicas,
    endpointMode: deploy.endpoint_mode,
    placement: ServicePlacementSchema.optional(),
    resources: ServiceResourcesSchema.optional(),
    restartPolicy: ServiceRestartPolicySchema.optional(),
    updateConfig: ServiceUpdateConfigSchema.optional(),
    rollbackConfig: ServiceUpdateConfigSchema.optional(),
    labels: deploy.labels,
  }),
);
