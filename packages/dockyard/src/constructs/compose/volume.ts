import { Construct } from 'constructs';
import { z } from 'zod';
import { parseProps } from '../../core/props';
import type { Volume as VolumeModel } from '../../model/compose/schemas';
import { volumeSchema } from '../../model/compose/schemas';
import { ComposeProject } from './compose-project';

const VOLUME = Symbol.for('dockyard.Volume');

/** Props of a {@link Volume}: the Compose spelling of a top-level named volume. */
export const VolumePropsSchema = volumeSchema.extend({
  /**
   * The key in compose.yaml/stack.yaml.
   * @default the construct id
   */
  key: z.string().optional(),
});
export type VolumeProps = z.input<typeof VolumePropsSchema>;

/**
 * A named volume. With a per-replica `name` (`perTask\`log-${'Task.Slot'}\``) every Swarm replica gets its own.
 *
 * @example
 * const statics = new Volume(stack, 'web_static');
 */
export class Volume extends Construct {
  /** True for a Volume, from any copy of the library (a brand, not `instanceof`). */
  static isVolume(x: unknown): x is Volume {
    return typeof x === 'object' && x !== null && VOLUME in x;
  }

  /** The volume's key under `volumes:` in the files. @default the construct id */
  readonly key: string;
  private readonly model: VolumeModel;

  constructor(scope: Construct, id: string, props: VolumeProps = {}) {
    super(scope, id);
    Object.defineProperty(this, VOLUME, { value: true });
    const { key, ...model } = parseProps(this, VolumePropsSchema, props);
    this.key = key ?? id;
    this.model = model;
    ComposeProject.of(this).add('volumes', {
      construct: this,
      key: () => this.key,
      toModel: () => this.toModel(),
    });
  }

  /** @internal The model entry the stack's compose project renders. */
  toModel(): VolumeModel {
    return this.model;
  }
}
