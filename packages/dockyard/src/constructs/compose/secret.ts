import { Construct } from 'constructs';
import * as z from 'zod';
import { parseProps, propsSchema } from '../../core/props';
import type { SecretSpec } from '../../model/compose/schemas';
import { variableName } from '../../model/values';
import { pathForArtifact } from '../paths';
import { ComposeProject } from './compose-project';
import { oneSourceMessage } from './one-source';

const SECRET = Symbol.for('dockyard.Secret');

/** What every {@link Secret} source takes besides the source itself. */
interface SecretKeyProps {
  /**
   * The key in compose.yaml/stack.yaml.
   * @default the construct id
   */
  readonly key?: string;
}

/** A {@link Secret} read from a file. */
export interface SecretFileProps extends SecretKeyProps {
  /** The file holding the secret, relative to the program's folder. */
  readonly file: string;
}

/** A {@link Secret} read from the deploying shell's environment. */
export interface SecretEnvironmentProps extends SecretKeyProps {
  /** The environment variable of the shell running `docker compose`, e.g. `DB_PASSWORD` (Compose only). */
  readonly environment: string;
}

/**
 * Props of a {@link Secret}. A secret's value never appears in an artifact: it comes from a file or from the
 * deploying shell's environment.
 */
export type SecretProps = SecretFileProps | SecretEnvironmentProps;

const key = z.string().optional();
/** The schema of {@link SecretProps}. */
export const SecretPropsSchema = propsSchema<SecretProps>()(() =>
  z.union(
    [
      propsSchema<SecretFileProps>()(() => z.strictObject({ file: z.string().min(1), key })),
      propsSchema<SecretEnvironmentProps>()(() =>
        z.strictObject({
          environment: variableName.schema,
          key,
        }),
      ),
    ],
    { error: (issue) => oneSourceMessage(issue.input, ['file', 'environment']) },
  ),
);

/** A secret granted to services, mounted under /run/secrets. */
export class Secret extends Construct {
  /** True for a Secret, from any copy of the library (a brand, not `instanceof`). */
  static isSecret(x: unknown): x is Secret {
    return typeof x === 'object' && x !== null && SECRET in x;
  }

  /** The secret's key under `secrets:` in the files. @default the construct id */
  readonly key: string;
  private readonly props: SecretProps;

  constructor(scope: Construct, id: string, props: SecretProps) {
    super(scope, id);
    Object.defineProperty(this, SECRET, { value: true });
    this.props = parseProps(this, SecretPropsSchema, props);
    this.key = this.props.key ?? id;
    ComposeProject.of(this).add('secrets', {
      construct: this,
      key: () => this.key,
      toModel: () => this.toModel(),
    });
  }

  /** @internal The model entry the stack's compose project renders. */
  toModel(): SecretSpec {
    const props = this.props;
    if ('file' in props) return { file: pathForArtifact(this, props.file) };
    return { environment: props.environment };
  }
}
