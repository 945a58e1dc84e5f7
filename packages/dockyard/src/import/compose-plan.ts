import * as path from 'node:path';
import { toPropKeys } from '../constructs/compose/spec-keys';
import type { ComposeProjectSpec } from '../model/compose/project';
import type { ServiceSpec } from '../model/compose/service';
import type { TaskTemplate } from '../model/compose/task-template';
import { flaskServiceProps } from './flask-pattern';
import { handWrittenFlask } from './hand-written-flask';
import type { ImportNote } from './problems';
import {
  type CallStatement,
  type Names,
  type NewStatement,
  Ref,
  TaskTemplateExpr,
  type Value,
} from './program';
import type { ComposeInput } from './read-compose';

/** Where paths point: inputs are relative to their file, the program's to its own folder. */
export interface PathContext {
  readonly inputDir: string;
  readonly programDir: string;
}

/** An nginx config of the stack, by the file name a compose config or bind mount would use for it. */
export interface NginxArtifact {
  readonly absolutePath: string;
  readonly fileName: string;
  /** Absolute folders whose bind mount it replaces (a `conf.d` folder of fragments). */
  readonly folders: readonly string[];
}

/** A service whose hand-written gunicorn command became a FlaskService, and the log volume it took over. */
export interface HandWrittenService {
  readonly service: string;
  readonly logVolume?: string;
}

/** The stack's L1 statements (networks, volumes, configs, secrets, services) in the file's order. */
export function planCompose(
  input: ComposeInput,
  swarm: ComposeInput | undefined,
  stack: string,
  names: Names,
  paths: PathContext,
  nginx: NginxArtifact | undefined,
  notes: ImportNote[],
  patterns: false | 'exact' | 'hand-written' = false,
): {
  statements: (NewStatement | CallStatement)[];
  services: Map<string, string>;
  /** Services whose hand-written gunicorn command became a FlaskService (its changes are deliberate). */
  handWritten: HandWrittenService[];
} {
  const project = mergeSwarm(input.project, swarm?.project);
  // Hand-written gunicorn services, decided first: a per-replica log volume becomes FlaskService's own.
  const handWritten = new Map<string, ReturnType<typeof handWrittenFlask>>();
  for (const [key, service] of Object.entries(project.services)) {
    if (service.command === undefined && service.entrypoint === undefined) continue;
    if (flaskServiceProps(service)) continue;
    handWritten.set(key, handWrittenFlask(service, key, project));
  }
  const logVolumes = new Set<string>();
  if (patterns === 'hand-written') {
    for (const decision of handWritten.values())
      if ('props' in decision && decision.logVolume) logVolumes.add(decision.logVolume);
  }
  const statements: (NewStatement | CallStatement)[] = [];
  const variables = {
    networks: new Map<string, string>(),
    volumes: new Map<string, string>(),
    configs: new Map<string, string>(),
    secrets: new Map<string, string>(),
    services: new Map<string, string>(),
  };
  const ids = new Set<string>();
  const uniqueId = (key: string): string => {
    let id = key;
    for (let n = 2; ids.has(id); n++) id = `${key}-${n}`;
    ids.add(id);
    return id;
  };
  const programPath = (relative: string): string =>
    path.isAbsolute(relative) || relative.startsWith('~')
      ? relative
      : path.relative(paths.programDir, path.resolve(paths.inputDir, relative)) || '.';

  for (const [key, network] of Object.entries(project.networks ?? {})) {
    const id = uniqueId(key);
    const variable = names.variable(key, 'network');
    variables.networks.set(key, variable);
    statements.push(
      newStatement('Network', variable, stack, id, { ...(id !== key ? { key } : {}), ...network }),
    );
  }
  for (const [key, volume] of Object.entries(project.volumes ?? {})) {
    if (logVolumes.has(key)) continue;
    const id = uniqueId(key);
    const variable = names.variable(key, 'volume');
    variables.volumes.set(key, variable);
    const { name, ...rest } = volume;
    const props: Record<string, Value> = { ...(id !== key ? { key } : {}), ...rest };
    if (name !== undefined) props.name = typeof name === 'string' ? name : templateValue(name);
    statements.push(newStatement('Volume', variable, stack, id, props));
  }
  for (const section of ['configs', 'secrets'] as const) {
    for (const [key, entry] of Object.entries(project[section] ?? {})) {
      const id = uniqueId(key);
      const variable = names.variable(key, section === 'configs' ? 'config' : 'secret');
      variables[section].set(key, variable);
      const props: Record<string, Value> = id !== key ? { key } : {};
      if ('name' in entry && entry.name !== undefined) {
        notes.push({
          level: 'lost',
          at: input.positionOf([section, key, 'name']),
          message: `${section}.${key}.name is not carried over (Dockyard names it)`,
        });
      }
      if ('file' in entry) {
        const absolute = path.resolve(paths.inputDir, entry.file);
        if (section === 'configs' && nginx && absolute === nginx.absolutePath)
          props.artifact = nginx.fileName;
        else props.file = programPath(entry.file);
      } else if ('content' in entry) props.content = entry.content;
      else props.environment = entry.environment;
      statements.push(newStatement(section === 'configs' ? 'Config' : 'Secret', variable, stack, id, props));
    }
  }

  // Services keep the file's order; one that depends on a service created later gets its dependencies
  // with `addDependency` once every service exists.
  const later: { variable: string; other: string; condition: string | undefined }[] = [];
  const converted: HandWrittenService[] = [];
  const keys = Object.keys(project.services);
  for (const [index, key] of keys.entries()) {
    const service = project.services[key] as ServiceSpec;
    const id = uniqueId(key);
    const variable = names.variable(key);
    variables.services.set(key, variable);
    const dependsOn = Object.entries(service.depends_on ?? {});
    const forward = dependsOn.some(([other]) => keys.indexOf(other) > index);
    const { depends_on: _deferred, ...withoutDependencies } = service;
    const own = forward ? withoutDependencies : service;
    const decision = handWritten.get(key);
    const byHand =
      patterns === 'hand-written' && id === key && !forward && decision && 'props' in decision
        ? { ...decision.props }
        : undefined;
    // FlaskService declares the per-replica log volume itself.
    const { volumes: _logVolume, ...withoutVolumes } = own;
    const props = serviceProps(
      byHand ? withoutVolumes : own,
      variables,
      programPath,
      paths,
      nginx,
      statements,
      stack,
      names,
      key,
    );
    const statics = decision && 'props' in decision ? decision.staticFiles : undefined;
    const staticVolume = statics && variables.volumes.get(statics.volume);
    if (byHand && statics && staticVolume)
      byHand.staticFiles = { appDir: statics.appDir, volume: new Ref(staticVolume) };
    const exact = patterns && id === key && !forward ? flaskServiceProps(service) : undefined;
    const flask = exact ?? byHand;
    const networks = props.networks as Value[] | undefined;
    if (flask && (networks ?? []).every((entry) => entry instanceof Ref)) {
      if (flask.build !== undefined) flask.build = props.build;
      if (networks) flask.networks = networks;
      if (!exact) {
        const logVolume = decision && 'props' in decision ? decision.logVolume : undefined;
        converted.push(logVolume ? { service: key, logVolume } : { service: key });
      }
      statements.push({
        ...newStatement('FlaskService', variable, stack, id, flask),
        ...(exact ? {} : { comment: 'its hand-written gunicorn command, as a FlaskService' }),
      });
      // Other services refer to the Service inside it.
      variables.services.set(key, `${variable}.service`);
      continue;
    }
    if (id !== key) props.name = key;
    const why = decision && 'reasons' in decision ? decision.reasons : [];
    statements.push({
      ...newStatement('Service', variable, stack, id, props),
      ...(why.length > 0 && why[0] !== 'not a gunicorn command'
        ? { comment: `runs gunicorn, but stays a Service: ${why.join('; ')}` }
        : {}),
    });
    if (forward) {
      for (const [other, entry] of dependsOn) later.push({ variable, other, condition: entry.condition });
    }
  }
  for (const { variable, other, condition } of later) {
    const target = variables.services.get(other);
    const args: Value[] = [target === undefined ? other : new Ref(target)];
    if (condition) args.push(condition);
    statements.push({ kind: 'call', target: variable, method: 'addDependency', args });
  }
  return { statements, services: variables.services, handWritten: converted };
}

function newStatement(
  className: string,
  variable: string,
  scope: string,
  id: string,
  props: Value,
): NewStatement {
  return { kind: 'new', variable, className, scope, id, props };
}

/** A per-task value as the program writes it: `perTask\`backend.${'Task.Slot'}\``. */
function templateValue(template: TaskTemplate): Value {
  return new TaskTemplateExpr(template.swarmTemplate, template.composeValue);
}

function serviceProps(
  service: ServiceSpec,
  variables: Record<'networks' | 'volumes' | 'configs' | 'secrets' | 'services', Map<string, string>>,
  programPath: (relative: string) => string,
  paths: PathContext,
  nginx: NginxArtifact | undefined,
  statements: (NewStatement | CallStatement)[],
  stack: string,
  names: Names,
  key: string,
): Record<string, Value> {
  const props: Record<string, Value> = {};
  const ref = (map: Map<string, string>, name: string): Value => {
    const variable = map.get(name);
    return variable === undefined ? name : new Ref(variable);
  };
  for (const [name, value] of Object.entries(service) as [keyof ServiceSpec, unknown][]) {
    switch (name) {
      case 'build': {
        const build = value as NonNullable<ServiceSpec['build']>;
        props.build = { ...build, context: programPath(build.context) };
        break;
      }
      case 'environment': {
        const env = value as NonNullable<ServiceSpec['environment']>;
        props.environment = Object.fromEntries(
          Object.entries(env).map(([k, v]) => [k, typeof v === 'string' ? v : templateValue(v)]),
        );
        break;
      }
      case 'hostname': {
        const hostname = value as NonNullable<ServiceSpec['hostname']>;
        props.hostname = typeof hostname === 'string' ? hostname : templateValue(hostname);
        break;
      }
      case 'volumes': {
        const mounts: Value[] = [];
        for (const mount of value as NonNullable<ServiceSpec['volumes']>) {
          const readOnly =
            'read_only' in mount && mount.read_only !== undefined ? mount.read_only : undefined;
          if (mount.type === 'tmpfs') mounts.push({ tmpfs: true, target: mount.target, size: mount.size });
          else if (mount.type === 'volume') {
            let variable = variables.volumes.get(mount.source);
            if (variable === undefined) {
              // A named volume the file does not declare: Compose creates it; declare it.
              variable = names.variable(mount.source, 'volume');
              variables.volumes.set(mount.source, variable);
              statements.push(newStatement('Volume', variable, stack, mount.source, {}));
            }
            mounts.push({ volume: new Ref(variable), target: mount.target, readOnly });
          } else {
            const absolute = path.resolve(paths.inputDir, mount.source);
            if (nginx && (absolute === nginx.absolutePath || nginx.folders.includes(absolute))) continue;
            mounts.push({ bind: programPath(mount.source), target: mount.target, readOnly });
          }
        }
        if (mounts.length > 0) props.volumes = mounts;
        break;
      }
      case 'networks':
        props.networks = Object.entries(value as NonNullable<ServiceSpec['networks']>).map(
          ([network, entry]) =>
            entry.aliases
              ? { network: ref(variables.networks, network), aliases: entry.aliases }
              : ref(variables.networks, network),
        );
        break;
      case 'depends_on':
        props.dependsOn = Object.entries(value as NonNullable<ServiceSpec['depends_on']>).map(
          ([other, entry]) =>
            entry.condition
              ? { service: ref(variables.services, other), condition: entry.condition }
              : ref(variables.services, other),
        );
        break;
      case 'configs':
      case 'secrets':
        props[name] = (value as NonNullable<ServiceSpec['configs']>).map(({ source, ...grant }) => ({
          [name === 'configs' ? 'config' : 'secret']: ref(variables[name], source),
          ...grant,
        }));
        break;
      default:
        // The model's Compose keys (`container_name`, `healthcheck.start_period`) as the props' camelCase.
        Object.assign(props, toPropKeys({ [name]: value }));
    }
  }
  // A service that bind-mounted the nginx config gets it as a config of the stack's own nginx.conf.
  const mountedNginx = (service.volumes ?? []).some(
    (mount) =>
      mount.type === 'bind' &&
      nginx !== undefined &&
      [nginx.absolutePath, ...nginx.folders].includes(path.resolve(paths.inputDir, mount.source)),
  );
  if (mountedNginx && nginx) {
    const variable = names.variable(`${key}-conf`);
    statements.push(newStatement('Config', variable, stack, `${key}_conf`, { artifact: nginx.fileName }));
    const grants = Array.isArray(props.configs) ? (props.configs as Value[]) : [];
    props.configs = [...grants, { config: new Ref(variable), target: '/etc/nginx/nginx.conf' }];
  }

  return props;
}

/** Swarm-only settings of stack.yaml (per-task templates, deploy keys Compose leaves out) merged in. */
function mergeSwarm(compose: ComposeProjectSpec, swarm: ComposeProjectSpec | undefined): ComposeProjectSpec {
  if (!swarm) return compose;
  const services: ComposeProjectSpec['services'] = {};
  for (const [key, service] of Object.entries(compose.services)) {
    const other = swarm.services[key];
    if (!other) {
      services[key] = service;
      continue;
    }
    const merged: ServiceSpec = { ...service };
    if (other.hostname !== undefined && typeof other.hostname !== 'string') {
      merged.hostname = withCompose(other.hostname, service.hostname);
    }
    if (other.environment) {
      const env = { ...(service.environment ?? {}) };
      for (const [name, value] of Object.entries(other.environment)) {
        if (typeof value !== 'string') env[name] = withCompose(value, service.environment?.[name]);
      }
      merged.environment = env;
    }
    if (other.deploy) {
      const deploy = { ...(service.deploy ?? {}) };
      let added = false;
      for (const key of [
        'mode',
        'endpoint_mode',
        'placement',
        'update_config',
        'rollback_config',
        'labels',
      ] as const) {
        if (other.deploy[key] !== undefined) {
          Object.assign(deploy, { [key]: other.deploy[key] });
          added = true;
        }
      }
      if (added) merged.deploy = deploy;
    }
    services[key] = merged;
  }
  const volumes = compose.volumes ? { ...compose.volumes } : undefined;
  for (const [key, volume] of Object.entries(swarm.volumes ?? {})) {
    if (volumes?.[key] && volume.name !== undefined && typeof volume.name !== 'string') {
      const composeName = volumes[key]?.name;
      volumes[key] = {
        ...volumes[key],
        name: withCompose(volume.name, typeof composeName === 'string' ? composeName : undefined),
      };
    }
  }
  return { ...compose, services, ...(volumes ? { volumes } : {}) };
}

function withCompose(template: TaskTemplate, composeValue: unknown): TaskTemplate {
  return typeof composeValue === 'string' ? { ...template, composeValue } : template;
}
