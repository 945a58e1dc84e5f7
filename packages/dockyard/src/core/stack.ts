import { Construct, type IConstruct } from 'constructs';
import { type ArtifactDefinition, isSafeFileName } from './artifact';
import { addCheck, addProblems } from './checks';
import { error } from './problems';

const STACK = Symbol.for('dockyard.Stack');
/** Stack names become folder names and Compose project names, so they follow Compose's rule. */
const STACK_NAME = /^[a-z0-9][a-z0-9_-]*$/;

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

  constructor(scope: Construct, id: string) {
    super(scope, id);
    Object.defineProperty(this, STACK, { value: true });
    this.stackName = id;
    if (!STACK_NAME.test(id)) {
      addProblems(this, [
        error(
          'id',
          `expected a stack name of lowercase letters, digits, "-" and "_" starting with a letter or digit, got ${JSON.stringify(id)}`,
        ),
      ]);
    }
    if (Stack.maybeOf(scope)) {
      addProblems(this, [error(undefined, 'a Stack cannot be nested inside another Stack')]);
    }
  }

  /**
   * Contributes a file to this stack's folder. Two constructs claiming one file name is a program error,
   * reported at synth.
   */
  addArtifact(artifact: ArtifactDefinition): void {
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
      const first = existing.owner.node.path;
      addCheck(artifact.owner, () => [
        error(undefined, `${artifact.fileName} is already contributed by ${first}; each file has one owner`),
      ]);
      return;
    }
    this.artifactsByName.set(artifact.fileName, artifact);
  }

  /** The artifacts of this stack, ordered by file name. */
  get artifacts(): readonly ArtifactDefinition[] {
    return [...this.artifactsByName.values()].sort((a, b) => (a.fileName < b.fileName ? -1 : 1));
  }
}
