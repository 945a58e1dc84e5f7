import { Construct } from 'constructs';
import * as z from 'zod';
import { Network } from '../../constructs/compose/network';
import { Service, ServicePropsSchema } from '../../constructs/compose/service';
import { BuildPropsSchema } from '../../constructs/compose/service-parts';
import { Volume } from '../../constructs/compose/volume';
import { constructRef } from '../../constructs/references';
import { addCheck } from '../../core/checks';
import { error, type Problem, warning } from '../../core/problems';
import { checkProps, parsedIf, propsSchema } from '../../core/props';
import type { TaskTemplate } from '../../model/compose/task-template';
import {
  dnsServiceName,
  dockerName,
  duration,
  memorySize,
  portSchema,
  shown,
  variableName,
} from '../../model/values';
import { drainingCommand, gunicornCommand, pythonHealthProbe } from './gunicorn';

const FLASK = Symbol.for('dockyard.FlaskService');

/** Docker's health check of a {@link FlaskService}: gunicorn asked for `path` with Python's urllib. */
export interface FlaskHealthcheck {
  /**
   * The URL path asked; any answer below 400 is healthy.
   * @default '/'
   */
  readonly path?: string;
  /**
   * Time between two checks (a Go duration).
   * @default '10s'
   */
  readonly interval?: string;
  /**
   * How long one check may take before it counts as failed.
   * @default '3s'
   */
  readonly timeout?: string;
  /**
   * Failed checks in a row before the replica is unhealthy.
   * @default 3
   */
  readonly retries?: number;
  /**
   * Start-up time during which failed checks do not count.
   * @default '10s'
   */
  readonly startPeriod?: string;
}

/** CPU and memory limits and reservations of each replica. */
export interface FlaskResources {
  /**
   * The most CPUs a replica may use, e.g. `0.5`.
   * @default no limit
   */
  readonly cpus?: number;
  /**
   * The most memory a replica may use, e.g. `'512m'` (Docker's sizes).
   * @default no limit
   */
  readonly memory?: string;
  /**
   * CPUs reserved for a replica (Swarm places it only where they are free).
   * @default none
   */
  readonly reserveCpus?: number;
  /**
   * Memory reserved for a replica, e.g. `'256m'`.
   * @default none
   */
  readonly reserveMemory?: string;
}

/** Per-replica identity in Swarm: a hostname, a slot variable and a log volume per replica. */
export interface PerReplicaIdentity {
  /**
   * The environment variable that holds the replica's slot number.
   * @default 'SLOT'
   */
  readonly slotVariable?: string;
  /**
   * Where the app writes logs; each slot gets volume `<logVolumePrefix><slot>` there.
   * @default no log volumes
   */
  readonly logDir?: string;
  /**
   * The name of each slot's log volume, before the slot number.
   * @default 'log-'
   */
  readonly logVolumePrefix?: string;
}

/** Static files the app writes and nginx serves, through a volume both mount. */
export interface FlaskStaticFiles {
  /** Where the app writes them in its container, e.g. `/app/static`. */
  readonly appDir: string;
  /**
   * The volume to use.
   * @default a new volume `<service>_static`
   */
  readonly volume?: Volume;
  /**
   * The environment variable that tells the app where to write its static files.
   * @default 'STATIC_DIR'
   */
  readonly variable?: string;
}

/** How Swarm replaces replicas when the service changes. */
export interface FlaskUpdate {
  /**
   * Replicas replaced at once (0: all).
   * @default 1
   */
  readonly parallelism?: number;
  /**
   * Time between two batches (a Go duration).
   * @default '5s'
   */
  readonly delay?: string;
  /**
   * `start-first` starts the new replica before stopping the old one, so capacity never drops.
   * @default 'start-first'
   */
  readonly order?: 'start-first' | 'stop-first';
  /**
   * What Swarm does when an updated replica fails.
   * @default 'rollback'
   */
  readonly failureAction?: 'continue' | 'pause' | 'rollback';
}

/** Props of a {@link FlaskService}. */
export interface FlaskServiceProps {
  /**
   * The image to run; with `build`, the tag the build produces (Swarm deploys only images).
   * @default none (then `build` is required)
   */
  readonly image?: string;
  /**
   * Build the image from a Dockerfile; `context` is relative to the program's folder.
   * @default none (then `image` is required)
   */
  readonly build?: z.input<typeof BuildPropsSchema>;
  /**
   * The WSGI application gunicorn serves, `module:callable`.
   * @default 'app:app'
   */
  readonly wsgi?: string;
  /**
   * The one port of the service: gunicorn's bind, `expose`, the health check and every nginx upstream server.
   * @default 8000
   */
  readonly port?: number;
  /**
   * gunicorn worker processes per replica (1-64).
   * @default 2
   */
  readonly workers?: number;
  /**
   * Threads per worker (gunicorn `--threads`, 1-256).
   * @default gunicorn's own (1)
   */
  readonly threads?: number;
  /**
   * gunicorn's worker class.
   * @default gunicorn's own ('sync', or 'gthread' with threads)
   */
  readonly workerClass?: 'sync' | 'gthread' | 'gevent' | 'eventlet' | 'tornado';
  /**
   * Seconds before gunicorn kills a silent worker.
   * @default 30
   */
  readonly timeout?: number;
  /**
   * A gunicorn config file inside the image (`gunicorn -c`), for an app that already has one.
   * @default none
   */
  readonly gunicornConfig?: string;
  /**
   * More gunicorn arguments, appended before the WSGI target.
   * @default []
   */
  readonly extraArgs?: string[];
  /**
   * Environment variables of every replica.
   * @default {}
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * How many replicas run (1-1000).
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Docker's health check. The default asks gunicorn for `path` with Python's urllib (no curl needed);
   * `false` turns it off (with a warning: nginx and `depends_on` then cannot tell a dead replica).
   * @default { path: '/', interval: '10s', timeout: '3s', retries: 3, startPeriod: '10s' }
   */
  readonly healthcheck?: false | FlaskHealthcheck;
  /**
   * When Docker restarts a replica that exited.
   * @default 'unless-stopped' (Swarm: restart on any exit)
   */
  readonly restart?: 'no' | 'always' | 'on-failure' | 'unless-stopped';
  /**
   * CPU and memory limits and reservations per replica.
   * @default none
   */
  readonly resources?: FlaskResources;
  /**
   * Per-replica identity, in Swarm: hostname `<name>.<slot>`, a `SLOT` variable and a log volume per slot, for
   * an app whose replicas must tell themselves apart. Compose has no slots: there the service keeps one hostname
   * and no SLOT, and synth says so. `true` uses the defaults.
   * @default none
   */
  readonly perReplicaIdentity?: true | PerReplicaIdentity;
  /**
   * Static files the app writes and nginx serves: a volume mounted at `appDir`, shared read-only with the
   * proxy that routes to this service. The app learns the folder from the environment variable `variable`
   * (set to `appDir`), so the path is stated once.
   * @default none
   */
  readonly staticFiles?: FlaskStaticFiles;
  /**
   * Networks the service joins.
   * @default the stack's default network
   */
  readonly networks?: Network[];
  /**
   * Rolling updates in Swarm.
   * @default one replica at a time, new before old, roll back on failure
   */
  readonly update?: FlaskUpdate;
  /**
   * Seconds a stopping replica keeps serving before gunicorn gets SIGTERM (0: at once). Docker's DNS drops a
   * stopping replica at once, but nginx's `resolve` keeps its address until the resolver's `valid=` (10 s by
   * default) has passed; a gunicorn that stopped accepting meanwhile leaves nginx's connections in a backlog
   * nobody accepts, reset only when the socket closes, often too late for nginx to try another replica (502).
   * Keep it above the proxy's resolver `valid=`. The stop grace period grows to this plus `timeout` plus 5 s.
   * @default 11
   */
  readonly stopDelay?: number;
}

/** The props schema of a {@link FlaskService}, checked against {@link FlaskServiceProps}. */
export const FlaskServicePropsSchema = propsSchema<FlaskServiceProps>()(() =>
  z.strictObject({
    image: z.string().min(1).optional(),
    build: BuildPropsSchema.optional(),
    wsgi: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_.]*:[A-Za-z_][A-Za-z0-9_]*(\(.*\))?$/, {
        error: 'expected module:callable such as "app:app"',
      })
      .default('app:app'),
    port: portSchema.default(8000),
    workers: z.number().int().min(1).max(64).default(2),
    threads: z.number().int().min(1).max(256).optional(),
    workerClass: z.enum(['sync', 'gthread', 'gevent', 'eventlet', 'tornado']).optional(),
    timeout: z.number().int().min(1).max(3600).default(30),
    gunicornConfig: z.string().min(1).optional(),
    extraArgs: z.array(z.string()).default([]),
    environment: z.record(variableName.schema, z.string()).default({}),
    replicas: z.number().int().min(1).max(1000).default(1),
    healthcheck: z
      .union([
        z.literal(false),
        z.strictObject({
          path: z.string().startsWith('/').default('/'),
          interval: duration.schema.default('10s'),
          timeout: duration.schema.default('3s'),
          retries: z.number().int().min(1).default(3),
          startPeriod: duration.schema.default('10s'),
        }),
      ])
      .default({ path: '/', interval: '10s', timeout: '3s', retries: 3, startPeriod: '10s' }),
    restart: z.enum(['no', 'always', 'on-failure', 'unless-stopped']).default('unless-stopped'),
    resources: z
      .strictObject({
        cpus: z.number().positive().optional(),
        memory: memorySize.schema.optional(),
        reserveCpus: z.number().positive().optional(),
        reserveMemory: memorySize.schema.optional(),
      })
      .optional(),
    perReplicaIdentity: z
      .union([
        z.literal(true),
        z.strictObject({
          slotVariable: variableName.schema.default('SLOT'),
          logDir: z.string().startsWith('/').optional(),
          logVolumePrefix: dockerName.schema.default('log-'),
        }),
      ])
      .optional(),
    staticFiles: z
      .strictObject({
        appDir: z.string().startsWith('/'),
        volume: constructRef('Volume', Volume.isVolume).optional(),
        variable: variableName.schema.default('STATIC_DIR'),
      })
      .optional(),
    networks: z.array(constructRef('Network', Network.isNetwork)).optional(),
    update: z
      .strictObject({
        parallelism: z.number().int().min(0).default(1),
        delay: duration.schema.default('5s'),
        order: z.enum(['start-first', 'stop-first']).default('start-first'),
        failureAction: z.enum(['continue', 'pause', 'rollback']).default('rollback'),
      })
      .default({ parallelism: 1, delay: '5s', order: 'start-first', failureAction: 'rollback' }),
    stopDelay: z.number().int().min(0).max(600).default(11),
  }),
);
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
    const { props: parsed, valid } = checkProps(this, FlaskServicePropsSchema, props);
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

    // Keys in the Service schema's order: valid props go to the Service as its parse would return them.
    const serviceProps = {
      name: id,
      ...(parsed.image ? { image: parsed.image } : {}),
      ...(parsed.build ? { build: parsed.build } : {}),
      command: drainingCommand(
        parsed.stopDelay,
        gunicornCommand({
          wsgi: parsed.wsgi,
          port: parsed.port,
          workers: parsed.workers,
          threads: parsed.threads,
          workerClass: parsed.workerClass,
          timeout: parsed.timeout,
          configFile: parsed.gunicornConfig,
          extraArgs: parsed.extraArgs,
        }),
      ),
      ...(Object.keys(environment).length > 0 ? { environment } : {}),
      expose: [parsed.port],
      ...(volumes.length > 0 ? { volumes } : {}),
      ...(parsed.networks ? { networks: [...parsed.networks] } : {}),
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
      // Room for the delay and then for gunicorn's graceful stop (in-flight requests, up to `timeout`).
      ...(parsed.stopDelay > 0 ? { stopGracePeriod: `${parsed.stopDelay + parsed.timeout + 5}s` } : {}),
      ...(identity ? { hostname: slotTemplate(`${id}.`) } : {}),
      deploy: {
        replicas: parsed.replicas,
        ...(parsed.resources ? { resources: resourcesModel(parsed.resources) } : {}),
        updateConfig: {
          parallelism: parsed.update.parallelism,
          delay: parsed.update.delay,
          failureAction: parsed.update.failureAction,
          order: parsed.update.order,
        },
        rollbackConfig: { parallelism: parsed.update.parallelism, order: parsed.update.order },
      },
    };
    // Built from valid props, these are valid Service props (the Service schema checks nothing the FlaskService
    // schema has not, see the test): the Service takes them without a second parse. From invalid props the
    // stand-ins may not be, so the Service parses them and reports what it finds, as it always did.
    this.service = new Service(this, 'Default', parsedIf(valid, ServicePropsSchema, serviceProps));
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
    if (!dnsServiceName.test(this.serviceName)) {
      problems.push(error('id', `expected ${dnsServiceName.expected}, got ${shown(this.serviceName)}`));
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
