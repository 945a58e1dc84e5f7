import { Construct, type IConstruct } from 'constructs';
import * as z from 'zod';
import { type ArtifactDefinition, isSafeFileName } from './artifact';
import { addCheck, addProblems } from './checks';
import { error } from './problems';
import { parseProps } from './props';
import { touchTree } from './tree-version';

const STACK = Symbol.for('dockyard.Stack');

/** Where a stack is deployed: `docker compose` (compose.yaml) and/or `docker stack deploy` (stack.yaml). */
export type DeployTarget = 'compose' | 'swarm';

/** Props of a {@link Stack}. */
export const StackPropsSchema = z.strictObject({
  /**
   * The targets to synthesize for. A stack for Compose alone may use what Swarm cannot (inline configs,
   * secrets from the environment) without an error; one for Swarm alone is not held to Compose's limits.
   * @default ['compose', 'swarm']
   */
  targets: z
    .array(z.enum(['compose', 'swarm']))
    .min(1)
    .refine((targets) => new Set(targets).size === targets.length, { error: 'expected each target once' })
    .default(['compose', 'swarm']),
});
export type StackProps = z.input<typeof StackPropsSchema>;
/** Stack names become folder names and Compose project names, so they follow Compose's rule. */
export const STACK_NAME = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * A unit of deployment: one folder of artifacts (`dist/<name>/compose.yaml`, `stack.yaml`, `nginx.conf`),
 * one Compose project, one Swarm stack.
 *
 * @example
 * const app = new App();
 * const legacy = new Stack(app, 'legacy');
 */
export class Stack extends Construct {
  /** True for a Stack from any copy of this library (symbol brand instead of `instanceof`). */
  static isStack(x: unknown): x is Stack {
    return typeof x === 'object' && x !== null && STACK in x;
  }

  /** The stack a construct belongs to; throws when it was created outside any stack. */
  static of(construct: IConstruct): Stack {
    const found = Stack.maybeOf(construct);
    if (!found) throw new Error(`${construct.node.path || '<root>'} is not inside a Stack`);
    return found;
  }

  /** The stack a construct belongs to, if any. */
  static maybeOf(construct: IConstruct): Stack | undefined {
    return construct.node.scopes.slice().reverse().find(Stack.isStack);
  }

  /** The folder and project name: the construct id. */
  readonly stackName: string;
  private readonly artifactsByName = new Map<string, ArtifactDefinition>();

  /** The deployment targets this stack is synthesized for. */
  readonly targets: readonly DeployTarget[];

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id);
    Object.defineProperty(this, STACK, { value: true });
    this.stackName = id;
    this.targets = parseProps(this, StackPropsSchema, props).targets;
    if (!STACK_NAME.test(id)) {
      addProblems(this, [
        error(
          'id',
          `expected a stack name of lowercase letters, digits, "-" and "_" starting with a letter or digit, got ${JSON.stringify(id)}`,
        ),
      ]);
    }
    const outer = Stack.maybeOf(scope);
    if (outer) {
      addProblems(this, [
        error(
          undefined,
          `expected a Stack outside any other Stack (a stack is one folder), got one inside stack "${outer.node.path}"`,
        ),
      ]);
    }
  }

  /**
   * Contributes a file to this stack's folder. Two constructs claiming one file name is a program error,
   * reported at synth.
   */
  addArtifact(artifact: ArtifactDefinition): void {
    touchTree(this);
    if (!isSafeFileName(artifact.fileName)) {
      addProblems(artifact.owner, [
        error(
          'fileName',
          `expected a plain file name inside the stack folder, got ${JSON.stringify(artifact.fileName)}`,
        ),
      ]);
      return;
    }
    const existing = this.artifactsByName.get(artifact.fileName);
    if (existing) {
      // Both owners hear of it: the one a user named may be either (a proxy's nginx.conf renamed compose.yaml).
      const clash = (other: IConstruct) =>
        error(
          'fileName',
          `expected a file name no other construct of stack "${this.node.path}" writes, got ${JSON.stringify(artifact.fileName)}, which ${other.node.path} writes too`,
        );
      addCheck(artifact.owner, () => [clash(existing.owner)]);
      addCheck(existing.owner, () => [clash(artifact.owner)]);
      return;
    }
    this.artifactsByName.set(artifact.fileName, artifact);
  }

  /** The artifacts of this stack, ordered by file name. */
  get artifacts(): readonly ArtifactDefinition[] {
    return [...this.artifactsByName.values()].sort((a, b) => (a.fileName < b.fileName ? -1 : 1));
  }
}
