import { Construct } from 'constructs';
import { z } from 'zod';
import { parseProps } from '../../core/props';
import type { Network as NetworkModel } from '../../model/compose/schemas';
import { networkSchema } from '../../model/compose/schemas';
import { ComposeProject } from './compose-project';

const NETWORK = Symbol.for('dockyard.Network');

/** Props of a {@link Network}: the Compose spelling of a top-level network. */
export const NetworkPropsSchema = networkSchema.extend({
  /**
   * The key in compose.yaml/stack.yaml.
   * @default the construct id
   */
  key: z.string().optional(),
});
export type NetworkProps = z.input<typeof NetworkPropsSchema>;

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
  private readonly model: NetworkModel;

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
  toModel(): NetworkModel {
    return this.model;
  }
}
