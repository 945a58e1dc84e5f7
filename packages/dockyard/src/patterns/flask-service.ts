import { Construct } from 'constructs';
import { z } from 'zod';
import { Network } from '../constructs/compose/network';
import { Service } from '../constructs/compose/service';
import { BuildPropsSchema } from '../constructs/compose/service-parts';
import { Volume } from '../constructs/compose/volume';
import { constructRef } from '../constructs/references';
import { addCheck } from '../core/checks';
import { error, type Problem, warning } from '../core/problems';
import { parseProps } from '../core/props';
import type { TaskTemplate } from '../model/compose/task-template';
import { gunicornCommand, pythonHealthProbe } from './gunicorn';

const FLASK = Symbol.for('dockyard.FlaskService');
const duration = z
  .string()
  .regex(/^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/, { error: 'expected a duration such as "10s" or "1m30s"' });
const port = z.number().int().min(1).max(65535);

/** Props of a {@link FlaskService}. */
export const FlaskServicePropsSchema = z.strictObject({
  /** The image to run; with `build`, the tag the build produces (Swarm deploys only images). */
  image: z.string().min(1).optional(),
  /** Build the image from a Dockerfile; `context` is relative to the program's folder. */
  build: BuildPropsSchema.optional(),
  /**
   * The WSGI application gunicorn serves, `module:callable`.
   * @default 'app:app'
   */
  wsgi: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_.]*:[A-Za-z_][A-Za-z0-9_]*(\(.*\))?$/, {
      error: 'expected module:callable such as "app:app"',
    })
    .default('app:app'),
  /**
   * The one port of the service: gunicorn's bind, `expose`, the health check and every nginx upstream server.
   * @default 8000
   */
  port: port.default(8000),
  /** @default 2 */
  workers: z.number().int().min(1).max(64).default(2),
  threads: z.number().int().min(1).max(256).optional(),
  workerClass: z.enum(['sync', 'gthread', 'gevent', 'eventlet', 'tornado']).optional(),
  /** Seconds before gunicorn kills a silent worker. @default 30 */
  timeout: z.number().int().min(1).max(3600).default(30),
  /** A gunicorn config file inside the image (`gunicorn -c`), as in seed 000. */
  gunicornConfig: z.string().min(1).optional(),
  /** More gunicorn arguments, appended before the WSGI target. */
  extraArgs: z.array(z.string()).default([]),
  environment: z
    .record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
        error: 'expected a variable name of letters, digits and "_" such as "LOG_LEVEL"',
      }),
      z.string(),
    )
    .default({}),
  /** @default 1 */
  replicas: z.number().int().min(1).max(1000).default(1),
  /**
   * Docker's health check. The default asks gunicorn for `path` with Python's urllib (no curl needed);
   * `false` turns it off (with a warning: nginx and `depends_on` then cannot tell a dead replica).
   */
  healthcheck: z
    .union([
      z.literal(false),
      z.strictObject({
        path: z.string().startsWith('/').default('/'),
        interval: duration.default('10s'),
        timeout: duration.default('3s'),
        retries: z.number().int().min(1).default(3),
        startPeriod: duration.default('10s'),
      }),
    ])
    .default({ path: '/', interval: '10s', timeout: '3s', retries: 3, startPeriod: '10s' }),
  /** @default 'unless-stopped' (Swarm: restart on any exit) */
  restart: z.enum(['no', 'always', 'on-failure', 'unless-stopped']).default('unless-stopped'),
  resources: z
    .strictObject({
      cpus: z.number().positive().optional(),
      memory: z
        .string()
        .regex(/^\d+(\.\d+)?[bkmgBKMG]?$/, { error: 'expected a size such as "512M"' })
        .optional(),
      reserveCpus: z.number().positive().optional(),
      reserveMemory: z
        .string()
        .regex(/^\d+(\.\d+)?[bkmgBKMG]?$/, { error: 'expected a size such as "256M"' })
        .optional(),
    })
    .optional(),
  /**
   * Seed 000's per-replica identity, in Swarm: hostname `<name>.<slot>`, a `SLOT` variable and a log volume per
   * slot. Compose has no slots: there the service keeps one hostname and no SLOT, and synth says so.
   */
  perReplicaIdentity: z
    .union([
      z.literal(true),
      z.strictObject({
        slotVariable: z
          .string()
          .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
          .default('SLOT'),
        /** Where the app writes logs; each slot gets volume `<logVolumePrefix><slot>` there. */
        logDir: z.string().startsWith('/').optional(),
        logVolumePrefix: z
          .string()
          .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/)
          .default('log-'),
      }),
    ])
    .optional(),
  /**
   * Static files the app writes and nginx serves (seed 004): a volume mounted at `appDir`, shared read-only
   * with the proxy that routes to this service. The app learns the folder from the environment variable
   * `variable` (set to `appDir`), so the path is stated once.
   */
  staticFiles: z
    .strictObject({
      appDir: z.string().startsWith('/'),
      volume: constructRef('Volume', Volume.isVolume).optional(),
      /**
       * The environment variable that tells the app where to write its static files.
       * @default 'STATIC_DIR'
       */
      variable: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
          error: 'expected a variable name of letters, digits and "_" such as "STATIC_DIR"',
        })
        .default('STATIC_DIR'),
    })
    .optional(),
  networks: z.array(constructRef('Network', Network.isNetwork)).optional(),
  /** Rolling updates in Swarm: one replica at a time, new before old, roll back on failure. */
  update: z
    .strictObject({
      parallelism: z.number().int().min(0).default(1),
      delay: duration.default('5s'),
      order: z.enum(['start-first', 'stop-first']).default('start-first'),
      failureAction: z.enum(['continue', 'pause', 'rollback']).default('rollback'),
    })
    .default({ parallelism: 1, delay: '5s', order: 'start-first', failureAction: 'rollback' }),
});
export type FlaskServiceProps = z.input<typeof FlaskServicePropsSchema>;
type Parsed = z.output<typeof FlaskServicePropsSchema>;

/**
 * A Flask app served by gunicorn: the gunicorn command, its one port, a health check, replicas, restart
 * policy, resources, rolling updates and (optionally) per-replica identity and a static-files volume.
 *
 * @example
 * const web = new FlaskService(stack, 'web', { image: 'shop:1.4', port: 5000, replicas: 3, workers: 2 });
 */
export class FlaskService extends Construct {
  /** True for a FlaskService, from any copy of the library (a brand, not `instanceof`). */
  static isFlaskService(x: unknown): x is FlaskService {
    return typeof x === 'object' && x !== null && FLASK in x;
  }

  /** The underlying L1 service (escape hatch). */
  readonly service: Service;
  /** The service's DNS name inside the stack's networks. */
  readonly serviceName: string;
  /** The one port gunicorn binds. */
  readonly port: number;
  /** How many copies of the app run (Compose: `deploy.replicas`; Swarm: the service's replicas). */
  readonly replicas: number;
  /** The static-files volume and where the app sees it, when `staticFiles` is set. */
  readonly staticFiles: { readonly volume: Volume; readonly appDir: string } | undefined;
  private readonly props: Parsed;

  constructor(scope: Construct, id: string, props: FlaskServiceProps) {
    super(scope, id);
    Object.defineProperty(this, FLASK, { value: true });
    const parsed = parseProps(this, FlaskServicePropsSchema, props);
    this.props = parsed;
    this.serviceName = id;
    this.port = parsed.port;
    this.replicas = parsed.replicas;
    this.staticFiles = parsed.staticFiles
      ? {
          appDir: parsed.staticFiles.appDir,
          volume: parsed.staticFiles.volume ?? new Volume(this, 'Static', { key: `${id}_static` }),
        }
      : undefined;

    const identity =
      parsed.perReplicaIdentity === true
        ? { slotVariable: 'SLOT', logVolumePrefix: 'log-' }
        : parsed.perReplicaIdentity;
    const volumes = [];
    if (this.staticFiles) volumes.push({ volume: this.staticFiles.volume, target: this.staticFiles.appDir });
    if (identity && 'logDir' in identity && identity.logDir) {
      const logs = new Volume(this, 'Logs', {
        key: `${id}_logs`,
        name: slotTemplate(identity.logVolumePrefix),
      });
      volumes.push({ volume: logs, target: identity.logDir });
    }
    const environment: Record<string, string | TaskTemplate> = { ...parsed.environment };
    if (this.staticFiles && parsed.staticFiles)
      environment[parsed.staticFiles.variable] = this.staticFiles.appDir;
    if (identity) environment[identity.slotVariable] = slotTemplate('');

    this.service = new Service(this, 'Default', {
      name: id,
      ...(parsed.image ? { image: parsed.image } : {}),
      ...(parsed.build ? { build: parsed.build } : {}),
      command: gunicornCommand({
        wsgi: parsed.wsgi,
        port: parsed.port,
        workers: parsed.workers,
        threads: parsed.threads,
        workerClass: parsed.workerClass,
        timeout: parsed.timeout,
        configFile: parsed.gunicornConfig,
        extraArgs: parsed.extraArgs,
      }),
      ...(Object.keys(environment).length > 0 ? { environment } : {}),
      expose: [parsed.port],
      ...(volumes.length > 0 ? { volumes } : {}),
      ...(parsed.networks ? { networks: parsed.networks } : {}),
      ...(parsed.healthcheck
        ? {
            healthcheck: {
              test: pythonHealthProbe(parsed.port, parsed.healthcheck.path),
              interval: parsed.healthcheck.interval,
              timeout: parsed.healthcheck.timeout,
              retries: parsed.healthcheck.retries,
              startPeriod: parsed.healthcheck.startPeriod,
            },
          }
        : {}),
      restart: parsed.restart,
      ...(identity ? { hostname: slotTemplate(`${id}.`) } : {}),
      deploy: {
        replicas: parsed.replicas,
        updateConfig: {
          parallelism: parsed.update.parallelism,
          delay: parsed.update.delay,
          order: parsed.update.order,
          failureAction: parsed.update.failureAction,
        },
        rollbackConfig: { parallelism: parsed.update.parallelism, order: parsed.update.order },
        ...(parsed.resources ? { resources: resourcesModel(parsed.resources) } : {}),
      },
    });
    addCheck(this, () => this.problems());
  }

  /**
   * The props after defaults, for patterns that build on this service.
   * @internal The patterns' view; its shape follows the schema and may change.
   */
  get spec(): Readonly<Parsed> {
    return this.props;
  }

  private problems(): Problem[] {
    const problems: Problem[] = [];
    if (this.props.image === undefined && this.props.build === undefined) {
      problems.push(error('image', 'expected image or build (or both), got neither'));
    }
    if (this.props.healthcheck === false) {
      problems.push(
        warning(
          'healthcheck',
          'turned off: Docker cannot restart a hung replica and depends_on cannot wait for it',
        ),
      );
    }
    if (this.props.perReplicaIdentity && this.props.replicas === 1) {
      problems.push(warning('perReplicaIdentity', 'has no effect worth the volumes with replicas: 1'));
    }
    const statics = this.props.staticFiles;
    const stated = statics ? this.props.environment[statics.variable] : undefined;
    if (statics && stated !== undefined && stated !== statics.appDir) {
      problems.push(
        error(
          `environment.${statics.variable}`,
          `expected staticFiles.appDir ${JSON.stringify(statics.appDir)} (staticFiles sets it), got ${JSON.stringify(stated)}`,
        ),
      );
    }
    if (!/^[a-z0-9][a-z0-9_.-]*$/.test(this.serviceName)) {
      problems.push(
        error(
          'id',
          `expected a service name of lowercase letters, digits, "_", "." and "-", got ${JSON.stringify(this.serviceName)}`,
        ),
      );
    }
    return problems;
  }
}

function resourcesModel(resources: NonNullable<Parsed['resources']>) {
  const limits = {
    ...(resources.cpus !== undefined ? { cpus: String(resources.cpus) } : {}),
    ...(resources.memory !== undefined ? { memory: resources.memory } : {}),
  };
  const reservations = {
    ...(resources.reserveCpus !== undefined ? { cpus: String(resources.reserveCpus) } : {}),
    ...(resources.reserveMemory !== undefined ? { memory: resources.reserveMemory } : {}),
  };
  return {
    ...(Object.keys(limits).length > 0 ? { limits } : {}),
    ...(Object.keys(reservations).length > 0 ? { reservations } : {}),
  };
}

/** `<prefix>{{.Task.Slot}}` in Swarm; Compose has no slots (see the README's target table). */
function slotTemplate(prefix: string): TaskTemplate {
  return { swarmTemplate: prefix ? [prefix, { placeholder: 'Task.Slot' }] : [{ placeholder: 'Task.Slot' }] };
}
