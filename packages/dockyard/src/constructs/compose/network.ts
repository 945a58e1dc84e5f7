import { Construct } from 'constructs';
import * as z from 'zod';
import { parseProps, propsSchema } from '../../core/props';
import type { NetworkSpec } from '../../model/compose/schemas';
import { networkSchema } from '../../model/compose/schemas';
import { ComposeProject } from './compose-project';

const NETWORK = Symbol.for('dockyard.Network');

/** Props of a {@link Network}: a top-level network of the Compose file. */
export interface NetworkProps {
  /**
   * The key in compose.yaml/stack.yaml.
   * @default the construct id
   */
  readonly key?: string;
  /**
   * The engine-wide name.
   * @default `<project>_<key>`
   */
  readonly name?: string;
  /**
   * The driver the program asks for. Each target uses the one it can run (Compose a bridge, Swarm an
   * overlay, see the README's target table); a mismatch is reported.
   * @default the target's own: a bridge for Compose, an overlay for Swarm
   */
  readonly driver?: 'bridge' | 'overlay';
  /**
   * Lets standalone containers join an overlay network.
   * @default false
   */
  readonly attachable?: boolean;
  /**
   * No route to the outside world.
   * @default false
   */
  readonly internal?: boolean;
  /**
   * Address management: the subnets of the network.
   * @default subnets the engine picks
   */
  readonly ipam?: { config: { subnet: string }[] };
  /**
   * Created outside the project; the project only joins it.
   * @default false
   */
  readonly external?: boolean;
}

/** The schema of {@link NetworkProps}. */
export const NetworkPropsSchema = propsSchema<NetworkProps>()(() =>
  networkSchema.extend({ key: z.string().optional() }),
);

/**
 * A project network. Compose runs it as a bridge, Swarm as an overlay (see the README's target table).
 *
 * @example
 * const net = new Network(stack, 'web_network', { driver: 'overlay', ipam: { config: [{ subnet: '192.168.100.0/24' }] } });
 */
export class Network extends Construct {
  /** True for a Network, from any copy of the library (a brand, not `instanceof`). */
  static isNetwork(x: unknown): x is Network {
    return typeof x === 'object' && x !== null && NETWORK in x;
  }

  /** The key other constructs' output refers to it by. */
  readonly key: string;
  private readonly model: NetworkSpec;

  constructor(scope: Construct, id: string, props: NetworkProps = {}) {
    super(scope, id);
    Object.defineProperty(this, NETWORK, { value: true });
    const { key, ...model } = parseProps(this, NetworkPropsSchema, props);
    this.key = key ?? id;
    this.model = model;
    ComposeProject.of(this).add('networks', {
      construct: this,
      key: () => this.key,
      toModel: () => this.toModel(),
    });
  }

  /** The model entry (plain data). */
  toModel(): NetworkSpec {
    return this.model;
  }
}
