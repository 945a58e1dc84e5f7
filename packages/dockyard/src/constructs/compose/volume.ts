import { Construct } from 'constructs';
import * as z from 'zod';
import { parseProps, propsSchema } from '../../core/props';
import type { Templatable, VolumeSpec } from '../../model/compose/schemas';
import { volumeSchema } from '../../model/compose/schemas';
import { ComposeProject } from './compose-project';

const VOLUME = Symbol.for('dockyard.Volume');

/** Props of a {@link Volume}: a top-level named volume of the Compose file. */
export interface VolumeProps {
  /**
   * The key in compose.yaml/stack.yaml.
   * @default the construct id
   */
  readonly key?: string;
  /**
   * The engine-wide name; a per-replica template from `perTask` gives every Swarm replica a volume of its own.
   * @default `<project>_<key>`
   */
  readonly name?: Templatable;
  /**
   * The volume driver.
   * @default 'local'
   */
  readonly driver?: string;
  /**
   * Created outside the project; the project only uses it.
   * @default false
   */
  readonly external?: boolean;
}

/** The schema of {@link VolumeProps}. */
export const VolumePropsSchema = propsSchema<VolumeProps>()(() =>
  volumeSchema.extend({ key: z.string().optional() }),
);

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
  private readonly model: VolumeSpec;

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
  toModel(): VolumeSpec {
    return this.model;
  }
}
