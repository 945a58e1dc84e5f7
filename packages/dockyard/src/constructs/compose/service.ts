import { Construct, type IConstruct } from 'constructs';
import * as z from 'zod';
import { addCheck } from '../../core/checks';
import { parseProps, propsSchema } from '../../core/props';
import { touchTree } from '../../core/tree-version';
import {
  dependsOnConditionSchema,
  type Mount,
  type restartSchema,
  type ServiceSpec,
  serviceSchema,
  type Templatable,
} from '../../model/compose/schemas';
import { pathForArtifact } from '../paths';
import { constructRef, crossStackProblems } from '../references';
import { ComposeProject } from './compose-project';
import { Config } from './config';
import { Network } from './network';
import { Secret } from './secret';
import {
  type BuildProps,
  BuildPropsSchema,
  type ServiceDeploy,
  ServiceDeploySchema,
  type ServiceHealthcheck,
  ServiceHealthcheckSchema,
  type ServiceLogging,
  ServiceLoggingSchema,
  type ServicePort,
  ServicePortSchema,
} from './service-parts';
import { propPath, toSpecKeys } from './spec-keys';
import { Volume } from './volume';

const SERVICE = Symbol.for('dockyard.Service');

const isService = (x: unknown): x is Service => typeof x === 'object' && x !== null && SERVICE in x;
const networkRef = constructRef('Network', Network.isNetwork);
const volumeRef = constructRef('Volume', Volume.isVolume);
const configRef = constructRef('Config', Config.isConfig);
const secretRef = constructRef('Secret', Secret.isSecret);
const serviceRef = constructRef('Service', isService);

/**
 * What a volume and a bind mount share. One declaration, so that an editor shows its documentation whichever
 * kind of mount the user writes (a prop declared in each member of a union shows none).
 */
interface ServiceMountOptions {
  /** The path in the container. */
  readonly target: string;
  /**
   * Mount it read-only.
   * @default false
   */
  readonly readOnly?: boolean;
}

/** A mount of a {@link Volume} construct. */
export interface ServiceVolumeMount extends ServiceMountOptions {
  /** The volume to mount. */
  readonly volume: Volume;
}

/** A host path mounted into the container. */
export interface ServiceBindMount extends ServiceMountOptions {
  /** The host path, relative to the program's folder (rewritten relative to the artifact). */
  readonly bind: string;
}

/** An in-memory filesystem. */
export interface ServiceTmpfsMount {
  /** Always `true`: this mount is a tmpfs. */
  readonly tmpfs: true;
  /** The path in the container. */
  readonly target: string;
  /**
   * Its size in bytes.
   * @default unlimited (half the host's memory, the kernel's default)
   */
  readonly size?: number;
}

/** A mount: a Volume construct, a host path (relative to the program's folder), or a tmpfs. */
export type ServiceMount = ServiceVolumeMount | ServiceBindMount | ServiceTmpfsMount;

/** The schema of {@link ServiceMount}. */
export const ServiceMountSchema = z.union([
  propsSchema<ServiceVolumeMount>()(() =>
    z.strictObject({ volume: volumeRef, target: z.string().min(1), readOnly: z.boolean().optional() }),
  ),
  propsSchema<ServiceBindMount>()(() =>
    z.strictObject({ bind: z.string().min(1), target: z.string().min(1), readOnly: z.boolean().optional() }),
  ),
  propsSchema<ServiceTmpfsMount>()(() =>
    z.strictObject({
      tmpfs: z.literal(true),
      target: z.string().min(1),
      size: z.number().int().positive().optional(),
    }),
  ),
]);

/** A network a service joins, with DNS aliases of its own on it. */
export interface ServiceNetworkAttachment {
  /** The network to join. */
  readonly network: Network;
  /**
   * Extra DNS names for the service on this network.
   * @default no aliases
   */
  readonly aliases?: string[];
}

/** A service this one starts after, and what it waits for. */
export interface ServiceDependency {
  /** The service to wait for. */
  readonly service: Service;
  /**
   * What to wait for: started, healthy, or completed successfully.
   * @default 'service_started'
   */
  readonly condition?: z.input<typeof dependsOnConditionSchema>;
}

/** A {@link Config} mounted into the service's containers. */
export interface ServiceConfigGrant {
  /** The config to mount. */
  readonly config: Config;
  /**
   * The path in the container.
   * @default `/<config key>`
   */
  readonly target?: string;
  /**
   * File permissions as a number, e.g. `0o440`.
   * @default 0o444
   */
  readonly mode?: number;
}

/** A {@link Secret} mounted into the service's containers. */
export interface ServiceSecretGrant {
  /** The secret to mount. */
  readonly secret: Secret;
  /**
   * The path in the container.
   * @default `/run/secrets/<secret key>`
   */
  readonly target?: string;
  /**
   * File permissions as a number, e.g. `0o440`.
   * @default 0o444
   */
  readonly mode?: number;
}

/**
 * Props of a {@link Service}. As an L1 construct it follows the Compose Specification (in camelCase:
 * `dependsOn`, `containerName`, `healthcheck.startPeriod`), with construct objects wherever Compose would
 * repeat a name (networks, volumes, configs, secrets, dependsOn).
 */
export interface ServiceProps {
  /**
   * The service's name in the artifacts, and so its DNS name on the project's networks.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * The image to run; with `build`, the tag the build produces. Swarm requires it.
   * @default none: the image `build` produces (Compose only)
   */
  readonly image?: string;
  /**
   * How to build the image (Compose only; Swarm deploys `image`).
   * @default no build: `image` is pulled
   */
  readonly build?: BuildProps;
  /**
   * The command in exec form (no shell parses it).
   * @default the image's `CMD`
   */
  readonly command?: string[];
  /**
   * The entrypoint in exec form.
   * @default the image's `ENTRYPOINT`
   */
  readonly entrypoint?: string[];
  /**
   * Environment variables; a value may be a per-replica template from `perTask` (Swarm only).
   * @default no variables beyond the image's
   */
  readonly environment?: Record<string, Templatable>;
  /**
   * Container ports other services reach, not published on the host.
   * @default none
   */
  readonly expose?: number[];
  /**
   * Ports published on the host.
   * @default none published
   */
  readonly ports?: ServicePort[];
  /**
   * Mounts: Volume constructs, host paths and tmpfs.
   * @default no mounts
   */
  readonly volumes?: ServiceMount[];
  /**
   * Networks to join: Network constructs, or `'default'`, the network Compose and Swarm create for services
   * that name none (a service that names others joins it only when it says so).
   * @default the project's default network
   */
  readonly networks?: Array<Network | 'default' | ServiceNetworkAttachment>;
  /**
   * Services this one starts after; see also {@link Service.addDependency}.
   * @default no dependencies
   */
  readonly dependsOn?: Array<Service | ServiceDependency>;
  /**
   * The container health check.
   * @default the image's `HEALTHCHECK`, if any
   */
  readonly healthcheck?: ServiceHealthcheck;
  /**
   * The container restart policy as Compose spells it; Swarm gets it as `deploy.restartPolicy`.
   * @default 'no'
   */
  readonly restart?: z.input<typeof restartSchema>;
  /**
   * How long Docker waits after the stop signal before it kills the container (`stop_grace_period`).
   * @default Docker's 10s
   */
  readonly stopGracePeriod?: string;
  /**
   * The container's hostname; may be a per-replica template from `perTask` (Swarm only).
   * @default the container id
   */
  readonly hostname?: Templatable;
  /**
   * A fixed container name (Compose only; cannot be combined with more than one replica).
   * @default `<project>-<service>-<n>`
   */
  readonly containerName?: string;
  /**
   * Container labels.
   * @default no labels
   */
  readonly labels?: Record<string, string>;
  /**
   * Logging driver and options.
   * @default the engine's logging driver
   */
  readonly logging?: ServiceLogging;
  /**
   * Configs mounted into the containers.
   * @default none
   */
  readonly configs?: ServiceConfigGrant[];
  /**
   * Secrets mounted into the containers, under /run/secrets.
   * @default none
   */
  readonly secrets?: ServiceSecretGrant[];
  /**
   * Replicas, placement, resources and update policy (mostly Swarm).
   * @default one replica
   */
  readonly deploy?: ServiceDeploy;
}

const model = serviceSchema.shape;
/** The schema of {@link ServiceProps}. */
export const ServicePropsSchema = propsSchema<ServiceProps>()(() =>
  z.strictObject({
    name: z.string().optional(),
    image: model.image,
    build: BuildPropsSchema.optional(),
    command: model.command,
    entrypoint: model.entrypoint,
    environment: model.environment,
    expose: model.expose,
    ports: z.array(ServicePortSchema).optional(),
    volumes: z.array(ServiceMountSchema).optional(),
    networks: z
      .array(
        z.union([
          networkRef,
          z.literal('default'),
          propsSchema<ServiceNetworkAttachment>()(() =>
            z.strictObject({ network: networkRef, aliases: z.array(z.string()).optional() }),
          ),
        ]),
      )
      .optional(),
    dependsOn: z
      .array(
        z.union([
          serviceRef,
          propsSchema<ServiceDependency>()(() =>
            z.strictObject({ service: serviceRef, condition: dependsOnConditionSchema.optional() }),
          ),
        ]),
      )
      .optional(),
    healthcheck: ServiceHealthcheckSchema.optional(),
    restart: model.restart,
    stopGracePeriod: model.stop_grace_period,
    hostname: model.hostname,
    containerName: model.container_name,
    labels: model.labels,
    logging: ServiceLoggingSchema.optional(),
    configs: z
      .array(
        propsSchema<ServiceConfigGrant>()(() =>
          z.strictObject({ config: configRef, target: z.string().optional(), mode: z.number().optional() }),
        ),
      )
      .optional(),
    secrets: z
      .array(
        propsSchema<ServiceSecretGrant>()(() =>
          z.strictObject({ secret: secretRef, target: z.string().optional(), mode: z.number().optional() }),
        ),
      )
      .optional(),
    deploy: ServiceDeploySchema.optional(),
  }),
);
type ParsedServiceProps = z.output<typeof ServicePropsSchema>;

/**
 * One service of a stack, rendered into both compose.yaml and stack.yaml.
 *
 * @example
 * const web = new Service(stack, 'web', { image: 'shop:1.4', expose: [5000], deploy: { replicas: 3 } });
 */
export class Service extends Construct {
  /** True for a Service, from any copy of the library (a brand, not `instanceof`). */
  static isService(x: unknown): x is Service {
    return isService(x);
  }

  /** The service name in the artifacts; its DNS name for other services. */
  readonly name: string;
  private readonly props: ParsedServiceProps;
  private readonly addedDependencies: NonNullable<ParsedServiceProps['dependsOn']> = [];

  constructor(scope: Construct, id: string, props: ServiceProps) {
    super(scope, id);
    Object.defineProperty(this, SERVICE, { value: true });
    this.props = parseProps(this, ServicePropsSchema, props);
    this.name = this.props.name ?? id;
    ComposeProject.of(this).add('services', {
      construct: this,
      key: () => this.name,
      toModel: () => this.toModel(),
      propertyOf: propPath,
    });
    addCheck(this, () => crossStackProblems(this, this.references()));
  }

  /**
   * Adds a `dependsOn` entry after construction, for a dependency created later in the program (an imported
   * compose file may list a service before the ones it depends on). Entries follow those of the props.
   */
  addDependency(service: Service, condition?: z.infer<typeof dependsOnConditionSchema>): void {
    this.addedDependencies.push(condition ? { service, condition } : service);
    touchTree(this);
  }

  /**
   * The props as given (parsed), for patterns that read back what was set.
   * @internal The patterns' view; its shape follows the schema and may change.
   */
  get spec(): Readonly<ParsedServiceProps> {
    return this.props;
  }

  /** The replicas asked for (1 when unset). */
  get replicas(): number {
    return this.props.deploy?.replicas ?? 1;
  }

  /** Every construct this service refers to, with the prop that refers to it. */
  references(): Array<{ property: string; target: IConstruct }> {
    const refs: Array<{ property: string; target: IConstruct }> = [];
    const props = this.props;
    for (const [i, mount] of (props.volumes ?? []).entries()) {
      if ('volume' in mount) refs.push({ property: `volumes[${i}].volume`, target: mount.volume });
    }
    for (const [i, entry] of (props.networks ?? []).entries()) {
      if (entry === 'default') continue;
      refs.push({ property: `networks[${i}]`, target: Network.isNetwork(entry) ? entry : entry.network });
    }
    for (const [i, entry] of this.dependencies().entries()) {
      refs.push({ property: `dependsOn[${i}]`, target: isService(entry) ? entry : entry.service });
    }
    for (const [i, grant] of (props.configs ?? []).entries())
      refs.push({ property: `configs[${i}].config`, target: grant.config });
    for (const [i, grant] of (props.secrets ?? []).entries())
      refs.push({ property: `secrets[${i}].secret`, target: grant.secret });
    return refs;
  }

  /**
   * The model entry: references become the names they stand for, paths become relative to the artifact.
   * @internal The stack's compose project calls it while rendering.
   */
  toModel(): ServiceSpec {
    const {
      name: _name,
      build,
      volumes,
      networks,
      dependsOn: _given,
      configs,
      secrets,
      ...rest
    } = this.props;
    const dependencies = this.dependencies();
    const depends_on = _given !== undefined || dependencies.length > 0 ? dependencies : undefined;
    const model = toSpecKeys(rest) as ServiceSpec;
    if (build) model.build = { ...build, context: pathForArtifact(this, build.context) };
    if (volumes) model.volumes = volumes.map((mount) => this.mountModel(mount));
    if (networks) {
      model.networks = Object.fromEntries(
        networks.map((entry) =>
          entry === 'default'
            ? ['default', {}]
            : Network.isNetwork(entry)
              ? [entry.key, {}]
              : [entry.network.key, entry.aliases ? { aliases: entry.aliases } : {}],
        ),
      );
    }
    if (depends_on) {
      model.depends_on = Object.fromEntries(
        depends_on.map((entry) =>
          isService(entry)
            ? [entry.name, {}]
            : [entry.service.name, entry.condition ? { condition: entry.condition } : {}],
        ),
      );
    }
    if (configs) model.configs = configs.map(({ config, ...grant }) => ({ source: config.key, ...grant }));
    if (secrets) model.secrets = secrets.map(({ secret, ...grant }) => ({ source: secret.key, ...grant }));
    return model;
  }

  /** `dependsOn` of the props, then those added with {@link addDependency}. */
  private dependencies(): NonNullable<ParsedServiceProps['dependsOn']> {
    return [...(this.props.dependsOn ?? []), ...this.addedDependencies];
  }

  private mountModel(mount: z.output<typeof ServiceMountSchema>): Mount {
    if ('volume' in mount)
      return { type: 'volume', source: mount.volume.key, target: mount.target, ...ro(mount.readOnly) };
    if ('bind' in mount) {
      return {
        type: 'bind',
        source: pathForArtifact(this, mount.bind),
        target: mount.target,
        ...ro(mount.readOnly),
      };
    }
    return { type: 'tmpfs', target: mount.target, ...(mount.size ? { size: mount.size } : {}) };
  }
}

function ro(readOnly: boolean | undefined): { read_only?: boolean } {
  return readOnly === undefined ? {} : { read_only: readOnly };
}
