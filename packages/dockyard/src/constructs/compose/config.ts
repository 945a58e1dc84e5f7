import { Construct } from 'constructs';
import * as z from 'zod';
import { parseProps, propsSchema } from '../../core/props';
import type { ConfigSpec } from '../../model/compose/schemas';
import { pathForArtifact } from '../paths';
import { ComposeProject } from './compose-project';
import { oneSourceMessage } from './one-source';

const CONFIG = Symbol.for('dockyard.Config');

/** What every {@link Config} source takes besides the source itself. */
interface ConfigKeyProps {
  /**
   * The key in compose.yaml/stack.yaml.
   * @default the construct id
   */
  readonly key?: string;
}

/** A {@link Config} from a file of the user's. */
export interface ConfigFileProps extends ConfigKeyProps {
  /** A file of the user's, relative to the program's folder. */
  readonly file: string;
}

/** A {@link Config} carrying another artifact of the same stack. */
export interface ConfigArtifactProps extends ConfigKeyProps {
  /** Another artifact of the same stack, by file name (e.g. `nginx.conf`): it is written beside compose.yaml. */
  readonly artifact: string;
}

/** A {@link Config} with inline content. */
export interface ConfigContentProps extends ConfigKeyProps {
  /** Inline content (Compose only; Swarm needs a file, see the README's target table). */
  readonly content: string;
}

/** Props of a {@link Config}: exactly one source, `file`, `artifact` or `content`. */
export type ConfigProps = ConfigFileProps | ConfigArtifactProps | ConfigContentProps;

const key = z.string().optional();
/** The schema of {@link ConfigProps}. */
export const ConfigPropsSchema = propsSchema<ConfigProps>()(() =>
  z.union(
    [
      propsSchema<ConfigFileProps>()(() => z.strictObject({ file: z.string().min(1), key })),
      propsSchema<ConfigArtifactProps>()(() => z.strictObject({ artifact: z.string().min(1), key })),
      propsSchema<ConfigContentProps>()(() => z.strictObject({ content: z.string(), key })),
    ],
    { error: (issue) => oneSourceMessage(issue.input, ['file', 'artifact', 'content']) },
  ),
);

/** A file mounted into services. In Swarm it is named by content hash, since Swarm cannot update a config. */
export class Config extends Construct {
  /** True for a Config, from any copy of the library (a brand, not `instanceof`). */
  static isConfig(x: unknown): x is Config {
    return typeof x === 'object' && x !== null && CONFIG in x;
  }

  /** The config's key under `configs:` in the files. @default the construct id */
  readonly key: string;
  /** The artifact this config carries, if it is one of the stack's own files. */
  readonly artifact: string | undefined;
  private readonly props: ConfigProps;

  constructor(scope: Construct, id: string, props: ConfigProps) {
    super(scope, id);
    Object.defineProperty(this, CONFIG, { value: true });
    this.props = parseProps(this, ConfigPropsSchema, props);
    this.key = this.props.key ?? id;
    this.artifact = 'artifact' in this.props ? this.props.artifact : undefined;
    ComposeProject.of(this).add('configs', {
      construct: this,
      key: () => this.key,
      toModel: () => this.toModel(),
    });
  }

  /** The model entry; a file path is made relative to the artifact's folder. */
  toModel(): ConfigSpec {
    const props = this.props;
    if ('file' in props) return { file: pathForArtifact(this, props.file) };
    if ('artifact' in props) return { file: `./${props.artifact}` };
    return { content: props.content };
  }
}
