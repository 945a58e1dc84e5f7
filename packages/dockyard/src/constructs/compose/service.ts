import { Construct, type IConstruct } from 'constructs';
import { z } from 'zod';
import { addCheck } from '../../core/checks';
import { parseProps } from '../../core/props';
import {
  dependsOnConditionSchema,
  type Mount,
  type Service as ServiceModel,
  serviceSchema,
} from '../../model/compose/schemas';
import { pathForArtifact } from '../paths';
import { constructRef, crossStackProblems } from '../references';
import { ComposeProject } from './compose-project';
import { Config } from './config';
import { Network } from './network';
import { Secret } from './secret';
import { Volume } from './volume';

const SERVICE = Symbol.for('dockyard.Service');

const isService = (x: unknown): x is Service => typeof x === 'object' && x !== null && SERVICE in x;
const networkRef = constructRef('Network', Network.isNetwork);
const volumeRef = constructRef('Volume', Volume.isVolume);
const configRef = constructRef('Config', Config.isConfig);
const secretRef = constructRef('Secret', Secret.isSecret);
const serviceRef = constructRef('Service', isService);

/** Build context and Dockerfile, relative to the program's folder (rewritten relative to the artifact). */
export const BuildPropsSchema = z.strictObject({
  context: z.string().min(1),
  dockerfile: z.string().optional(),
  args: z.record(z.string(), z.string()).optional(),
});

/** A mount: a Volume construct, a host path (relative to the program's folder), or a tmpfs. */
export const ServiceMountSchema = z.union([
  z.strictObject({ volume: volumeRef, target: z.string().min(1), read_only: z.boolean().optional() }),
  z.strictObject({ bind: z.string().min(1), target: z.string().min(1), read_only: z.boolean().optional() }),
  z.strictObject({
    tmpfs: z.literal(true),
    target: z.string().min(1),
    size: z.number().int().positive().optional(),
  }),
]);

/**
 * Props of a {@link Service}. As an L1 construct it takes the Compose Specification's own key names, with
 * construct objects wherever Compose would repeat a name (networks, volumes, configs, secrets, depends_on).
 */
export const ServicePropsSchema = serviceSchema
  .omit({ volumes: true, networks: true, depends_on: true, configs: true, secrets: true, build: true })
  .extend({
    /**
     * The service's name in the artifacts, and so its DNS name on the project's networks.
     * @default the construct id
     */
    name: z.string().optional(),
    build: BuildPropsSchema.optional(),
    volumes: z.array(ServiceMountSchema).optional(),
    /**
     * Networks to join: Network constructs, or `'default'`, the network Compose and Swarm create for services
     * that name none (a service that names others joins it only when it says so).
     */
    networks: z
      .array(
        z.union([
          networkRef,
          z.literal('default'),
          z.strictObject({ network: networkRef, aliases: z.array(z.string()).optional() }),
        ]),
      )
      .optional(),
    depends_on: z
      .array(
        z.union([
          serviceRef,
          z.strictObject({ service: serviceRef, condition: dependsOnConditionSchema.optional() }),
        ]),
      )
      .optional(),
    configs: z
      .array(
        z.strictObject({ config: configRef, target: z.string().optional(), mode: z.number().optional() }),
      )
      .optional(),
    secrets: z
      .array(
        z.strictObject({ secret: secretRef, target: z.string().optional(), mode: z.number().optional() }),
      )
      .optional(),
  });
export type ServiceProps = z.input<typeof ServicePropsSchema>;
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
  private readonly addedDependencies: NonNullable<ParsedServiceProps['depends_on']> = [];

  constructor(scope: Construct, id: string, props: ServiceProps) {
    super(scope, id);
    Object.defineProperty(this, SERVICE, { value: true });
    this.props = parseProps(this, ServicePropsSchema, props);
    this.name = this.props.name ?? id;
    ComposeProject.of(this).add('services', {
      construct: this,
      key: () => this.name,
      toModel: () => this.toModel(),
    });
    addCheck(this, () => crossStackProblems(this, this.references()));
  }

  /**
   * Adds a `depends_on` entry after construction, for a dependency created later in the program (an imported
   * compose file may list a service before the ones it depends on). Entries follow those of the props.
   */
  addDependency(service: Service, condition?: z.infer<typeof dependsOnConditionSchema>): void {
    this.addedDependencies.push(condition ? { service, condition } : service);
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
      refs.push({ property: `depends_on[${i}]`, target: isService(entry) ? entry : entry.service });
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
  toModel(): ServiceModel {
    const {
      name: _name,
      build,
      volumes,
      networks,
      depends_on: _given,
      configs,
      secrets,
      ...rest
    } = this.props;
    const dependencies = this.dependencies();
    const depends_on = _given !== undefined || dependencies.length > 0 ? dependencies : undefined;
    const model: ServiceModel = { ...rest };
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

  /** `depends_on` of the props, then those added with {@link addDependency}. */
  private dependencies(): NonNullable<ParsedServiceProps['depends_on']> {
    return [...(this.props.depends_on ?? []), ...this.addedDependencies];
  }

  private mountModel(mount: z.output<typeof ServiceMountSchema>): Mount {
    if ('volume' in mount)
      return { type: 'volume', source: mount.volume.key, target: mount.target, ...ro(mount.read_only) };
    if ('bind' in mount) {
      return {
        type: 'bind',
        source: pathForArtifact(this, mount.bind),
        target: mount.target,
        ...ro(mount.read_only),
      };
    }
    return { type: 'tmpfs', target: mount.target, ...(mount.size ? { size: mount.size } : {}) };
  }
}

function ro(readOnly: boolean | undefined): { read_only?: boolean } {
  return readOnly === undefined ? {} : { read_only: readOnly };
}
