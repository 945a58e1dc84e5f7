import * as z from 'zod';
import { deploySchema } from './deploy';
import { templatableSchema } from './task-template';

/**
 * A duration as Docker writes it: `10s`, `1m30s`, `500ms`. The schema only asks for a string;
 * `checkModel` reports a malformed one with its path.
 */
const durationSchema = z.string();

/** A published port in long form; `published` absent means Docker picks an ephemeral host port. */
export const portSchema = z.strictObject({
  /** The port inside the container. */
  target: z.number(),
  /** The host port. @default undefined — an ephemeral port */
  published: z.number().optional(),
  /** @default 'tcp' */
  protocol: z.enum(['tcp', 'udp']).optional(),
  /** Swarm's routing mesh (`ingress`) or a port on the node running the task (`host`). @default 'ingress' */
  mode: z.enum(['host', 'ingress']).optional(),
  /** The host address to bind; Compose only (Swarm publishes on every interface). */
  host_ip: z.string().optional(),
});

/** A published port, see {@link portSchema}. */
export type Port = z.infer<typeof portSchema>;

/** A mount of a top-level volume (`source` is its key in the project's `volumes`). */
const volumeMountSchema = z.strictObject({
  type: z.literal('volume'),
  source: z.string(),
  target: z.string(),
  read_only: z.boolean().optional(),
});

/** A host path mounted into the container; a relative `source` is relative to the rendered file. */
const bindMountSchema = z.strictObject({
  type: z.literal('bind'),
  source: z.string(),
  target: z.string(),
  read_only: z.boolean().optional(),
});

/** An in-memory filesystem; `size` in bytes. */
const tmpfsMountSchema = z.strictObject({
  type: z.literal('tmpfs'),
  target: z.string(),
  size: z.number().optional(),
});

/** A service mount in long form. */
const mountSchema = z.discriminatedUnion('type', [volumeMountSchema, bindMountSchema, tmpfsMountSchema]);

/** A service mount, see {@link mountSchema}. */
export type Mount = z.infer<typeof mountSchema>;

/** How a service joins one network. */
const serviceNetworkSchema = z.strictObject({
  /** Extra DNS names for the service on this network. */
  aliases: z.array(z.string()).optional(),
});

/** What a dependent waits for. */
export const dependsOnConditionSchema = z.enum([
  'service_started',
  'service_healthy',
  'service_completed_successfully',
]);

/** One entry of `depends_on`. */
const dependencySchema = z.strictObject({
  /**
   * @default `service_healthy` when the dependency has a healthcheck, else `service_started`
   */
  condition: dependsOnConditionSchema.optional(),
});

/** A container health check. Durations are strings such as `10s`. */
export const healthcheckSchema = z.strictObject({
  /** The command in exec form, without the `CMD` marker (the renderers add it): `['curl', '-f', 'http://localhost/']`. */
  test: z.array(z.string()).min(1),
  interval: durationSchema.optional(),
  timeout: durationSchema.optional(),
  retries: z.number().optional(),
  start_period: durationSchema.optional(),
  start_interval: durationSchema.optional(),
});

/** A health check, see {@link healthcheckSchema}. */
export type Healthcheck = z.infer<typeof healthcheckSchema>;

/** The container restart policy as Compose spells it; Swarm gets it as `deploy.restart_policy`. */
export const restartSchema = z.enum(['no', 'always', 'on-failure', 'unless-stopped']);

/** A container restart policy, see {@link restartSchema}. */
export type Restart = z.infer<typeof restartSchema>;

/** Logging driver and its options. */
export const loggingSchema = z.strictObject({
  driver: z.string().optional(),
  options: z.record(z.string(), z.string()).optional(),
});

/** A config or secret granted to a service; `source` is its key in the project's `configs`/`secrets`. */
const fileGrantSchema = z.strictObject({
  source: z.string(),
  /** Path in the container. @default `/<source>` for configs, `/run/secrets/<source>` for secrets */
  target: z.string().optional(),
  /** File permissions as a number, e.g. `0o440`; rendered in decimal, which both targets read unambiguously. */
  mode: z.number().optional(),
});

/** A config or secret granted to a service, see {@link fileGrantSchema}. */
export type FileGrant = z.infer<typeof fileGrantSchema>;

/** How to build the service's image (Compose only; Swarm deploys `image`). */
const buildSchema = z.strictObject({
  /** Build context, relative to the rendered file. */
  context: z.string(),
  dockerfile: z.string().optional(),
  args: z.record(z.string(), z.string()).optional(),
});

/**
 * One service of the project model. Key names are the Compose ones, so a diagnostic's path reads the same in the
 * model and in the rendered file; both renderers emit the keys in one canonical order whatever order they are
 * given in here.
 */
export const serviceSchema = z.strictObject({
  /** The image to run; with `build`, the tag the build produces. Swarm requires it. */
  image: z.string().optional(),
  build: buildSchema.optional(),
  /** Exec form: no shell parses it. */
  command: z.array(z.string()).optional(),
  /** Exec form. */
  entrypoint: z.array(z.string()).optional(),
  /** Values may be per-replica {@link dockyard!perTask | templates} (Swarm only). */
  environment: z.record(z.string(), templatableSchema).optional(),
  /** Container ports other services reach, not published on the host. */
  expose: z.array(z.number()).optional(),
  ports: z.array(portSchema).optional(),
  volumes: z.array(mountSchema).optional(),
  /** Networks by key in the project's `networks`, in the order given. */
  networks: z.record(z.string(), serviceNetworkSchema).optional(),
  /** Services this one starts after, by service name. */
  depends_on: z.record(z.string(), dependencySchema).optional(),
  healthcheck: healthcheckSchema.optional(),
  restart: restartSchema.optional(),
  /** How long Docker waits after the stop signal before it kills the container (Docker's default: 10s). */
  stop_grace_period: durationSchema.optional(),
  /** May be a per-replica template (Swarm only). */
  hostname: templatableSchema.optional(),
  /** Compose only; cannot be combined with more than one replica. */
  container_name: z.string().optional(),
  /** Container labels. */
  labels: z.record(z.string(), z.string()).optional(),
  logging: loggingSchema.optional(),
  configs: z.array(fileGrantSchema).optional(),
  secrets: z.array(fileGrantSchema).optional(),
  deploy: deploySchema.optional(),
});

/** One service of the project model, see {@link serviceSchema}. */
export type ServiceSpec = z.infer<typeof serviceSchema>;
