import * as fs from 'node:fs';
import * as path from 'node:path';
import { Construct, type IConstruct } from 'constructs';
import type { RenderContext } from '../../core/artifact';
import { addCheck } from '../../core/checks';
import type { Problem } from '../../core/problems';
import { Stack } from '../../core/stack';
import { oncePerPass } from '../../core/synthesis-pass';
import { readsOutsideTree } from '../../core/tree-version';
import { checkModel } from '../../model/compose/check-model';
import { formatPath, type ModelProblem } from '../../model/compose/problem';
import type { ComposeProjectSpec } from '../../model/compose/project';
import { renderCompose } from '../../model/compose/render-compose';
import { renderSwarm } from '../../model/compose/render-swarm';
import type {
  ConfigSpec,
  NetworkSpec,
  SecretSpec,
  ServiceSpec,
  VolumeSpec,
} from '../../model/compose/schemas';

/** The top-level sections of the model, and the kind of model entry each holds. */
interface Sections {
  services: ServiceSpec;
  networks: NetworkSpec;
  volumes: VolumeSpec;
  configs: ConfigSpec;
  secrets: SecretSpec;
}
type Section = keyof Sections;

/** What an L1 construct hands the project: its key and how to produce its model entry at synth. */
interface Member<S extends Section> {
  readonly construct: IConstruct;
  readonly key: () => string;
  readonly toModel: () => Sections[S];
  /** The prop path the user wrote for a path inside its model entry, when the two spell keys differently. */
  readonly propertyOf?: (modelPath: string) => string;
}

const ID = 'ComposeProject';

/**
 * Collects a stack's services, networks, volumes, configs and secrets into one project model and contributes
 * the two artifacts rendered from it: `compose.yaml` and `stack.yaml`. One per stack, created on first use.
 */
export class ComposeProject extends Construct {
  /** The project of the stack `scope` belongs to. */
  static of(scope: IConstruct): ComposeProject {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(ID);
    return (existing as ComposeProject | undefined) ?? new ComposeProject(stack);
  }

  private readonly members: { [S in Section]: Array<Member<S>> } = {
    services: [],
    networks: [],
    volumes: [],
    configs: [],
    secrets: [],
  };

  private constructor(private readonly stack: Stack) {
    super(stack, ID);
    if (stack.targets.includes('compose')) {
      stack.addArtifact({
        fileName: 'compose.yaml',
        kind: 'compose',
        owner: this,
        render: (ctx) => this.render('compose', ctx),
      });
    }
    if (stack.targets.includes('swarm')) {
      stack.addArtifact({
        fileName: 'stack.yaml',
        kind: 'swarm',
        owner: this,
        render: (ctx) => this.render('swarm', ctx),
      });
    }
    addCheck(this, () => this.modelProblems());
  }

  /** Called by each L1 construct's constructor. */
  add<S extends Section>(section: S, member: Member<S>): void {
    (this.members[section] as Array<Member<S>>).push(member);
  }

  /** The project model as it stands now (plain data), e.g. for tests and tools. */
  toModel(): ComposeProjectSpec {
    const section = <S extends Section>(name: S) =>
      Object.fromEntries(this.members[name].map((member) => [member.key(), member.toModel()])) as Record<
        string,
        Sections[S]
      >;
    const project: ComposeProjectSpec = { name: this.stack.stackName, services: section('services') };
    for (const name of ['networks', 'volumes', 'configs', 'secrets'] as const) {
      if (this.members[name].length > 0) Object.assign(project, { [name]: section(name) });
    }
    return project;
  }

  /**
   * {@link toModel}, built once per synthesis pass: the check and both renders read the same model (they only
   * read it), where each built its own, the largest allocation of a synthesis of thousands of services.
   */
  private passModel(): ComposeProjectSpec {
    return oncePerPass(this, () => this.toModel());
  }

  private render(target: 'compose' | 'swarm', context: RenderContext): string {
    const project = this.passModel();
    const result =
      target === 'compose'
        ? renderCompose(project)
        : renderSwarm(project, { contentOf: (file) => this.contentOf(file, context) });
    const locate = this.locator();
    for (const problem of result.diagnostics) context.report(this, locate(problem));
    return result.text;
  }

  /** A config's final bytes, to name it by content hash: our own artifact's text, or the user's file. */
  private contentOf(file: string, context: RenderContext): string | undefined {
    const name = file.replace(/^\.\//, '');
    if (this.stack.artifacts.some((artifact) => artifact.fileName === name)) return context.textOf(name);
    readsOutsideTree(this);
    try {
      return fs.readFileSync(path.resolve(context.stackDir, file), 'utf8');
    } catch {
      return undefined;
    }
  }

  private modelProblems(): Problem[] {
    return checkModel(this.passModel(), { targets: this.stack.targets }).map(this.locator());
  }

  /**
   * Maps a model path (`['services', 'web', 'ports', 0]`) to the construct that owns its entry and the prop inside
   * that entry (`ports[0]`); a path no member owns stays on the project, whole. Members
   * are indexed by key once per call: renderers report a note or two per service, and searching the members
   * for each note made synthesis quadratic in the number of services.
   */
  private locator(): (problem: ModelProblem) => Problem {
    const index = new Map<string, Member<Section>>();
    for (const section of Object.keys(this.members) as Section[]) {
      for (const member of this.members[section] as Array<Member<Section>>) {
        const key = `${section}\0${member.key()}`;
        // The first member with a key wins, as a search in order would find it.
        if (!index.has(key)) index.set(key, member);
      }
    }
    return (problem) => locate(problem, index);
  }
}

function locate(
  { level, message, path }: ModelProblem,
  index: ReadonlyMap<string, Member<Section>>,
): Problem {
  const [section, key, ...rest] = path;
  const member = typeof key === 'string' ? index.get(`${String(section)}\0${key}`) : undefined;
  // A member's path is read back in the words of its props (camelCase), not the model's Compose keys.
  const property = member ? (member.propertyOf ?? String)(formatPath(rest)) : formatPath(path);
  return { level, message, ...(property ? { property } : {}), ...(member ? { at: member.construct } : {}) };
}
