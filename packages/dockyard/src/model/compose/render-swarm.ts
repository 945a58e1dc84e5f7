import { createHash } from 'node:crypto';
import { escapeDollars } from './interpolation';
import type { ModelProblem } from './problem';
import type { ComposeProjectSpec } from './project';
import {
  deployOut,
  grantOut,
  healthcheckOut,
  isEmpty,
  loggingOut,
  mapEntries,
  mountOut,
  networksOut,
  type Out,
  pick,
  portOut,
  type RenderResult,
} from './render-parts';
import type { ServiceSpec } from './service';
import {
  CONFIG_HASH_LENGTH,
  SWARM_RESTART_CONDITION,
  SWARM_STACK_VERSION,
  type TargetRuleId,
  targetNote,
} from './targets';
import { escapeSwarmTemplateText, isTaskTemplate, type Templatable, toSwarmTemplate } from './task-template';
import type { ConfigSpec, NetworkSpec, SecretSpec, VolumeSpec } from './top-level';
import { toYamlText } from './yaml-text';

/** What the Swarm renderer needs besides the model. */
export interface RenderSwarmOptions {
  /**
   * The final content of a config or secret `file` (the path exactly as in the model), used to name it by
   * content hash; `undefined` when unknown, which is an error for that file. Needed only when the model has
   * file-based configs or secrets.
   */
  readonly contentOf?: (file: string) => string | Uint8Array | undefined;
}

// Swarm's own rule for config and secret names (swarmkit validateAnnotations).
const SWARM_OBJECT_NAME = /^[a-zA-Z0-9]+(?:[a-zA-Z0-9_.-]*[a-zA-Z0-9])?$/;
const SWARM_OBJECT_NAME_MAX = 64;

/**
 * Renders the project model as a stack file for `docker stack deploy` (stack.yaml, format 3.13): no `build`,
 * `restart` as `deploy.restart_policy`, no `depends_on`, per-replica templates as Swarm Go templates, configs and
 * secrets named by content hash. Whatever Swarm cannot do is a diagnostic. Run `checkModel` first.
 *
 * @example
 * const { text, diagnostics } = renderSwarm(project, { contentOf: (file) => files.get(file) });
 */
export function renderSwarm(project: ComposeProjectSpec, options: RenderSwarmOptions = {}): RenderResult {
  const diagnostics: ModelProblem[] = [];
  const note: Note = (id, ...path) => {
    const diagnostic = targetNote(id, 'swarm', path);
    if (diagnostic !== undefined) diagnostics.push(diagnostic);
  };

  const services = mapEntries(project.services, (name, service) => swarmService(name, service, note));
  const doc: Out = { version: SWARM_STACK_VERSION, services };
  if (project.networks !== undefined && !isEmpty(project.networks)) {
    doc.networks = mapEntries(project.networks, (key, network) => swarmNetwork(key, network, note));
  }
  if (project.volumes !== undefined && !isEmpty(project.volumes)) {
    doc.volumes = mapEntries(project.volumes, (_key, volume) => swarmVolume(volume));
  }
  const named = (kind: 'configs' | 'secrets', key: string, entry: ConfigSpec | SecretSpec): Out =>
    swarmFileObject(project.name, kind, key, entry, options, note, diagnostics);
  if (project.configs !== undefined && !isEmpty(project.configs)) {
    doc.configs = mapEntries(project.configs, (key, config) => named('configs', key, config));
  }
  if (project.secrets !== undefined && !isEmpty(project.secrets)) {
    doc.secrets = mapEntries(project.secrets, (key, secret) => named('secrets', key, secret));
  }
  return { text: toYamlText(escapeDollars(doc)), diagnostics };
}

type Note = (id: TargetRuleId, ...path: Array<string | number>) => void;

function swarmService(name: string, service: ServiceSpec, note: Note): Out {
  const out: Out = {};
  const at = (...rest: Array<string | number>): Array<string | number> => ['services', name, ...rest];
  if (service.image !== undefined) out.image = service.image;
  else note('buildWithoutImage', ...at('image'));
  if (service.build !== undefined && service.image !== undefined) note('build', ...at('build'));
  if (service.container_name !== undefined) note('containerName', ...at('container_name'));
  if (service.hostname !== undefined) out.hostname = swarmValue(service.hostname);
  if (service.entrypoint !== undefined) out.entrypoint = service.entrypoint;
  if (service.command !== undefined) out.command = service.command;
  if (service.environment !== undefined) {
    out.environment = mapEntries(service.environment, (_key, value) => swarmValue(value));
  }
  if (service.labels !== undefined) out.labels = service.labels;
  if (service.expose !== undefined) out.expose = service.expose;
  if (service.ports !== undefined) {
    out.ports = service.ports.map((port, i) => {
      if (port.host_ip !== undefined) note('hostIp', ...at('ports', i, 'host_ip'));
      return portOut(port, false);
    });
  }
  if (service.volumes !== undefined) {
    out.volumes = service.volumes.map((mount, i) => {
      if (mount.type === 'bind') note('bindMountSwarm', ...at('volumes', i));
      return mountOut(mount);
    });
  }
  if (service.configs !== undefined) out.configs = service.configs.map(grantOut);
  if (service.secrets !== undefined) out.secrets = service.secrets.map(grantOut);
  if (service.networks !== undefined) out.networks = networksOut(service.networks);
  if (service.depends_on !== undefined) note('dependsOn', ...at('depends_on'));
  if (service.healthcheck !== undefined) out.healthcheck = healthcheckOut(service.healthcheck);
  if (service.stop_grace_period !== undefined) out.stop_grace_period = service.stop_grace_period;
  const deploy = { ...service.deploy };
  if (service.restart !== undefined) {
    if (deploy.restart_policy !== undefined) {
      note('restartShadowed', ...at('restart'));
    } else {
      deploy.restart_policy = { condition: SWARM_RESTART_CONDITION[service.restart] };
      if (service.restart === 'unless-stopped') note('restartUnlessStopped', ...at('restart'));
    }
  }
  const deployText = deployOut(deploy, () => true);
  if (!isEmpty(deployText)) out.deploy = deployText;
  if (service.logging !== undefined) out.logging = loggingOut(service.logging);
  return out;
}

/** Swarm expands these fields as Go templates: a template as one, a plain string with its `{{` escaped. */
function swarmValue(value: Templatable): string {
  return isTaskTemplate(value) ? toSwarmTemplate(value) : escapeSwarmTemplateText(value);
}

function swarmNetwork(key: string, network: NetworkSpec, note: Note): Out {
  if (network.driver === 'bridge') note('networkDriver', 'networks', key, 'driver');
  const out = pick(network, ['name']);
  if (network.external !== true) out.driver = 'overlay';
  return { ...out, ...pick(network, ['attachable', 'internal', 'ipam', 'external']) };
}

function swarmVolume(volume: VolumeSpec): Out {
  const out: Out = {};
  // The name becomes the source of every mount of this volume, and Swarm expands mount sources as templates.
  if (volume.name !== undefined) out.name = swarmValue(volume.name);
  return { ...out, ...pick(volume, ['driver', 'external']) };
}

function swarmFileObject(
  project: string,
  kind: 'configs' | 'secrets',
  key: string,
  entry: ConfigSpec | SecretSpec,
  options: RenderSwarmOptions,
  note: Note,
  diagnostics: ModelProblem[],
): Out {
  if (!('file' in entry)) {
    note(kind === 'configs' ? 'configContent' : 'secretEnvironment', kind, key);
    return {};
  }
  const content = options.contentOf?.(entry.file);
  if (content === undefined) {
    note('configNaming', kind, key, 'file');
    return { file: entry.file };
  }
  const hash = createHash('sha256').update(content).digest('hex').slice(0, CONFIG_HASH_LENGTH);
  const name = `${entry.name ?? `${project}_${key}`}_${hash}`;
  if (name.length > SWARM_OBJECT_NAME_MAX || !SWARM_OBJECT_NAME.test(name)) {
    diagnostics.push({
      level: 'error',
      path: [kind, key, 'name'],
      message: `expected a Swarm object name of at most ${SWARM_OBJECT_NAME_MAX} letters, digits, '_', '.' or '-' (alphanumeric at both ends), got ${JSON.stringify(name)}; shorten the project name or the key`,
    });
  }
  return { name, file: entry.file };
}
