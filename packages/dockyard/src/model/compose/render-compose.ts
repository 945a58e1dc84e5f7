import { escapeDollars } from './interpolation';
import type { ModelProblem } from './problem';
import type { ComposeProjectSpec } from './project';
import {
  buildOut,
  DEPLOY_KEY_ORDER,
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
import { forEachString } from './strings-in';
import { COMPOSE_DEPLOY_KEYS, type TargetRuleId, targetNote } from './targets';
import { isTaskTemplate, SWARM_PLACEHOLDER_IN_TEXT, type Templatable } from './task-template';
import type { NetworkSpec, VolumeSpec } from './top-level';
import { toYamlText } from './yaml-text';

/** Records the diagnostic a target rule prescribes at a model path. */
type Note = (id: TargetRuleId, ...path: Array<string | number>) => void;

/**
 * Renders the project model as a Compose Specification file (compose.yaml): no `version`, a top-level `name`,
 * `depends_on` in long form with a condition. Swarm-only settings and per-replica templates never reach the
 * text; each one left out is a diagnostic. Run `checkModel` first: this renderer trusts references and values.
 *
 * @example
 * const { text, diagnostics } = renderCompose(project);
 * if (!diagnostics.some((d) => d.level === 'error')) writeFileSync('compose.yaml', text);
 */
export function renderCompose(project: ComposeProjectSpec): RenderResult {
  const diagnostics: ModelProblem[] = [];
  const note: Note = (id, ...path) => {
    const diagnostic = targetNote(id, 'compose', path);
    if (diagnostic !== undefined) diagnostics.push(diagnostic);
  };

  const services: Out = {};
  for (const [name, service] of Object.entries(project.services)) {
    services[name] = composeService(name, service, project, note);
  }
  const doc: Out = { name: project.name, services };
  if (project.networks !== undefined && !isEmpty(project.networks)) {
    doc.networks = mapEntries(project.networks, (key, network) => composeNetwork(key, network, note));
  }
  if (project.volumes !== undefined && !isEmpty(project.volumes)) {
    doc.volumes = mapEntries(project.volumes, (key, volume) => composeVolume(key, volume, note));
  }
  if (project.configs !== undefined && !isEmpty(project.configs)) {
    doc.configs = mapEntries(project.configs, (_key, config) =>
      'file' in config ? pick(config, ['name', 'file']) : pick(config, ['name', 'content']),
    );
  }
  if (project.secrets !== undefined && !isEmpty(project.secrets)) {
    doc.secrets = mapEntries(project.secrets, (_key, secret) =>
      'file' in secret ? pick(secret, ['name', 'file']) : pick(secret, ['name', 'environment']),
    );
  }

  // A last look at the finished tree, so no path through the code above can leak a Swarm template.
  forEachString(doc, (text, path) => {
    if (SWARM_PLACEHOLDER_IN_TEXT.test(text)) {
      diagnostics.push({
        level: 'error',
        path: [...path],
        message: `expected no Swarm template in compose.yaml (Compose would keep it as literal text), got ${JSON.stringify(text)}; use perTask\`...\` for per-replica values`,
      });
    }
  });
  return { text: toYamlText(escapeDollars(doc)), diagnostics };
}

function composeService(name: string, service: ServiceSpec, project: ComposeProjectSpec, note: Note): Out {
  const out: Out = {};
  const at = (...rest: Array<string | number>): Array<string | number> => ['services', name, ...rest];
  if (service.image !== undefined) out.image = service.image;
  if (service.build !== undefined) out.build = buildOut(service.build);
  if (service.container_name !== undefined) out.container_name = service.container_name;
  if (service.hostname !== undefined) {
    const hostname = composeValue(service.hostname, () => note('taskTemplate', ...at('hostname')));
    if (hostname !== undefined) out.hostname = hostname;
  }
  if (service.entrypoint !== undefined) out.entrypoint = service.entrypoint;
  if (service.command !== undefined) out.command = service.command;
  if (service.environment !== undefined) {
    const environment: Out = {};
    for (const [key, value] of Object.entries(service.environment)) {
      const text = composeValue(value, () => note('taskTemplate', ...at('environment', key)));
      if (text !== undefined) environment[key] = text;
    }
    out.environment = environment;
  }
  if (service.labels !== undefined) out.labels = service.labels;
  if (service.expose !== undefined) out.expose = service.expose;
  if (service.ports !== undefined) out.ports = service.ports.map((port) => portOut(port, true));
  if (service.volumes !== undefined) out.volumes = service.volumes.map(mountOut);
  if (service.configs !== undefined) out.configs = service.configs.map(grantOut);
  if (service.secrets !== undefined) out.secrets = service.secrets.map(grantOut);
  if (service.networks !== undefined) out.networks = networksOut(service.networks);
  if (service.depends_on !== undefined) {
    out.depends_on = mapEntries(service.depends_on, (dependency, { condition }) => ({
      condition:
        condition ??
        (project.services[dependency]?.healthcheck !== undefined ? 'service_healthy' : 'service_started'),
    }));
  }
  if (service.healthcheck !== undefined) out.healthcheck = healthcheckOut(service.healthcheck);
  if (service.restart !== undefined) out.restart = service.restart;
  if (service.stop_grace_period !== undefined) out.stop_grace_period = service.stop_grace_period;
  if (service.deploy !== undefined) {
    const deploy = composeDeploy(service.deploy, (key) =>
      note(key === 'mode' ? 'deployGlobal' : 'deploySwarmOnly', ...at('deploy', key)),
    );
    if (!isEmpty(deploy)) out.deploy = deploy;
  }
  if (service.logging !== undefined) out.logging = loggingOut(service.logging);
  return out;
}

function composeDeploy(deploy: NonNullable<ServiceSpec['deploy']>, dropped: (key: string) => void): Out {
  for (const key of DEPLOY_KEY_ORDER) {
    // `replicated` is all Compose does, so leaving it out loses nothing; `global` is reported.
    const lossless = key === 'mode' && deploy.mode === 'replicated';
    if (deploy[key] !== undefined && !COMPOSE_DEPLOY_KEYS.has(key) && !lossless) dropped(key);
  }
  return deployOut(deploy, (key) => COMPOSE_DEPLOY_KEYS.has(key));
}

function composeNetwork(key: string, network: NetworkSpec, note: Note): Out {
  if (network.driver === 'overlay') note('networkDriver', 'networks', key, 'driver');
  if (network.attachable !== undefined) note('attachable', 'networks', key, 'attachable');
  return pick(network, ['name', 'internal', 'ipam', 'external']);
}

function composeVolume(key: string, volume: VolumeSpec, note: Note): Out {
  const out: Out = {};
  if (volume.name !== undefined) {
    const name = composeValue(volume.name, () => note('taskTemplate', 'volumes', key, 'name'));
    if (name !== undefined) out.name = name;
  }
  return { ...out, ...pick(volume, ['driver', 'external']) };
}

/** A plain string as is; a per-replica template as its Compose fallback, or `undefined` after reporting it. */
function composeValue(value: Templatable, reportDropped: () => void): string | undefined {
  if (!isTaskTemplate(value)) return value;
  if (value.composeValue === undefined) reportDropped();
  return value.composeValue;
}
