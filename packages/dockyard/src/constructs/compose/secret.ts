import { Construct } from 'constructs';
import { z } from 'zod';
import { parseProps } from '../../core/props';
import type { Secret as SecretModel } from '../../model/compose/schemas';
import { variableName } from '../../model/values';
import { pathForArtifact } from '../paths';
import { ComposeProject } from './compose-project';
import { oneSourceMessage } from './one-source';

const SECRET = Symbol.for('dockyard.Secret');

/**
 * Props of a {@link Secret}. A secret's value never appears in an artifact: it comes from a file or from the
 * deploying shell's environment.
 */
export const SecretPropsSchema = z.union(
  [
    z.strictObject({ file: z.string().min(1), key: z.string().optional() }),
    z.strictObject({
      /** The environment variable of the shell running `docker compose` (Compose only). */
      environment: variableName.schema,
      key: z.string().optional(),
    }),
  ],
  { error: (issue) => oneSourceMessage(issue.input, ['file', 'environment']) },
);
export type SecretProps = z.input<typeof SecretPropsSchema>;

/** A secret granted to services, mounted under /run/secrets. */
export class Secret extends Construct {
  static isSecret(x: unknown): x is Secret {
    return typeof x === 'object' && x !== null && SECRET in x;
  }

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

  toModel(): SecretModel {
    const props = this.props;
    if ('file' in props) return { file: pathForArtifact(this, props.file) };
    return { environment: props.environment };
  }
}
