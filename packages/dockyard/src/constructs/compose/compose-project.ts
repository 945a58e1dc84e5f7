import * as fs from 'node:fs';
import * as path from 'node:path';
import { Construct, type IConstruct } from 'constructs';
import { App } from '../../core/app';
import type { RenderContext } from '../../core/artifact';
import { addCheck } from '../../core/checks';
import type { Problem } from '../../core/problems';
import { Stack } from '../../core/stack';
import { checkModel } from '../../model/compose/check-model';
import type { Diagnostic as ModelDiagnostic } from '../../model/compose/diagnostic';
import type { Project } from '../../model/compose/project';
import { renderCompose } from '../../model/compose/render-compose';
import { renderSwarm } from '../../model/compose/render-swarm';
import type { Config, Network, Secret, Service, Volume } from '../../model/compose/schemas';

/** The top-level sections of the model, and the kind of model entry each holds. */
interface Sections {
  services: Service;
  networks: Network;
  volumes: Volume;
  configs: Config;
  secrets: Secret;
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
  toModel(): Project {
    const section = <S extends Section>(name: S) =>
      Object.fromEntries(this.members[name].map((member) => [member.key(), member.toModel()])) as Record<
        string,
        Sections[S]
      >;
    const project: Project = { name: this.stack.stackName, services: section('services') };
    for (const name of ['networks', 'volumes', 'configs', 'secrets'] as const) {
      if (this.members[name].length > 0) Object.assign(project, { [name]: section(name) });
    }
    return project;
  }

  private render(target: 'compose' | 'swarm', context: RenderContext): string {
    const project = this.toModel();
    const result =
      target === 'compose'
        ? renderCompose(project)
        : renderSwarm(project, { contentOf: (file) => this.contentOf(file, context) });
    const locate = this.locator();
    for (const diagnostic of result.diagnostics) context.report(this, locate(diagnostic));
    return result.text;
  }

  /** A config's final bytes, to name it by content hash: our own artifact's text, or the user's file. */
  private contentOf(file: string, context: RenderContext): string | undefined {
    const name = file.replace(/^\.\//, '');
    if (this.stack.artifacts.some((artifact) => artifact.fileName === name)) return context.textOf(name);
    const root = this.node.root;
    const stackDir = App.isApp(root) ? path.join(root.outdir, this.stack.stackName) : process.cwd();
    try {
      return fs.readFileSync(path.resolve(stackDir, file), 'utf8');
    } catch {
      return undefined;
    }
  }

  private modelProblems(): Problem[] {
    return checkModel(this.toModel(), { targets: this.stack.targets }).map(this.locator());
  }

  /**
   * Maps a model path (`services.web.ports[0]`) to the construct that owns it and the prop inside it. Members
   * are indexed by key once per call: renderers report a note or two per service, and searching the members
   * for each note made synthesis quadratic in the number of services.
   */
  private locator(): (diagnostic: ModelDiagnostic) => Problem {
    const index = new Map<string, Member<Section>>();
    for (const section of Object.keys(this.members) as Section[]) {
      for (const member of this.members[section] as Array<Member<Section>>) {
        const key = `${section}\0${member.key()}`;
        // The first member with a key wins, as a search in order would find it.
        if (!index.has(key)) index.set(key, member);
      }
    }
    return (diagnostic) => this.locate(diagnostic, index);
  }

  private locate(diagnostic: ModelDiagnostic, index: ReadonlyMap<string, Member<Section>>): Problem {
    const match =
      /^(services|networks|volumes|configs|secrets)(?:\.([A-Za-z_][A-Za-z0-9_-]*)|\["((?:[^"\\]|\\.)*)"\])(.*)$/.exec(
        diagnostic.path,
      );
    const section = match?.[1] as Section | undefined;
    const key =
      match?.[2] ?? (match?.[3] !== undefined ? (JSON.parse(`"${match[3]}"`) as string) : undefined);
    const member = section && key !== undefined ? index.get(`${section}\0${key}`) : undefined;
    const rest = (match?.[4] ?? '').replace(/^\./, '');
    const property = member
      ? (rest && (member.propertyOf?.(rest) ?? rest)) || undefined
      : diagnostic.path || undefined;
    return {
      level: diagnostic.level,
      message: diagnostic.message,
      ...(property ? { property } : {}),
      ...(member ? { at: member.construct } : {}),
    };
  }
}
