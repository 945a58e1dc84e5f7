import {
  CPUS,
  cidr,
  duration,
  hasLoneSurrogate,
  ipAddress,
  isIntAtLeast,
  isPort,
  memorySize,
  PORT_EXPECTED,
  projectName,
  resourceKey,
  serviceName,
  shown,
} from '../values';
import { formatPath, type ModelProblem } from './problem';
import type { ComposeProjectSpec } from './project';
import type { ServiceSpec } from './service';
import { forEachString } from './strings-in';
import type { Target } from './targets';
import { SWARM_PLACEHOLDER_IN_TEXT } from './task-template';

/** Which targets the model will be rendered for; some checks only matter for one of them. */
export interface CheckModelOptions {
  /** @default ['compose', 'swarm'] */
  readonly targets?: readonly Target[];
}

type Segment = string | number;

/**
 * Checks what the schemas let through: value ranges (ports, replicas, durations, sizes), names Compose rejects,
 * references to networks, volumes, configs, secrets and services that do not exist, host ports published twice or
 * by more than one replica, and hand-written Swarm templates. Each diagnostic has the model path, what was
 * expected and what was given, e.g. `services.web.ports[0].published: expected an integer port 1-65535, got 99999`.
 */
export function checkModel(project: ComposeProjectSpec, options: CheckModelOptions = {}): ModelProblem[] {
  const targets = new Set<Target>(options.targets ?? ['compose', 'swarm']);
  const diagnostics: ModelProblem[] = [];
  const error = (message: string, ...path: Segment[]): void => {
    diagnostics.push({ level: 'error', path, message });
  };
  const warning = (message: string, ...path: Segment[]): void => {
    diagnostics.push({ level: 'warning', path, message });
  };

  if (!projectName.test(project.name)) {
    error(`expected ${projectName.expected}, got ${shown(project.name)}`, 'name');
  }
  checkResourceKeys(project, error);
  checkPublishedPorts(project, targets, error, warning);
  for (const [name, service] of Object.entries(project.services)) {
    const at = (...rest: Segment[]): Segment[] => ['services', name, ...rest];
    if (!serviceName.test(name)) {
      error(`expected ${serviceName.expected}, got ${shown(name)}`, ...at());
    }
    checkService(service, (message, ...rest) => error(message, ...at(...rest)), targets);
    checkReferences(project, name, service, (message, ...rest) => error(message, ...at(...rest)));
  }
  checkTopLevelValues(project, error);
  if (targets.has('compose')) checkNoHandWrittenTemplates(project, error);
  checkEncodable(project, error);
  return diagnostics;
}

type Report = (message: string, ...path: Segment[]) => void;

function checkResourceKeys(project: ComposeProjectSpec, error: Report): void {
  for (const kind of ['networks', 'volumes', 'configs', 'secrets'] as const) {
    for (const key of Object.keys(project[kind] ?? {})) {
      if (!resourceKey.test(key)) error(`expected ${resourceKey.expected}, got ${shown(key)}`, kind, key);
    }
  }
}

function replicasOf(service: ServiceSpec): number {
  return service.deploy?.mode === 'global' ? 1 : (service.deploy?.replicas ?? 1);
}

function checkPublishedPorts(
  project: ComposeProjectSpec,
  targets: ReadonlySet<Target>,
  error: Report,
  warning: Report,
): void {
  const seen = new Map<string, string>();
  for (const [name, service] of Object.entries(project.services)) {
    const replicas = replicasOf(service);
    for (const [i, port] of (service.ports ?? []).entries()) {
      if (port.published === undefined) continue;
      const path: Segment[] = ['services', name, 'ports', i, 'published'];
      const key = `${port.host_ip ?? '*'}:${port.published}/${port.protocol ?? 'tcp'}`;
      const first = seen.get(key);
      if (first !== undefined) {
        error(
          `expected each host port to be published once, got ${port.published}/${port.protocol ?? 'tcp'} again (first at ${first})`,
          ...path,
        );
      } else {
        seen.set(key, formatPath(path));
      }
      if (replicas <= 1) continue;
      if (targets.has('compose')) {
        error(
          `expected no fixed host port on a service with ${replicas} replicas (Compose binds it once per container), got ${port.published}; leave published out or run one replica`,
          ...path,
        );
      }
      const hostMode = port.mode === 'host' && service.deploy?.placement?.max_replicas_per_node !== 1;
      if (targets.has('swarm') && hostMode) {
        warning(
          `host-mode port ${port.published} with ${replicas} replicas: two tasks on one node would clash (set placement.max_replicas_per_node to 1 or use ingress)`,
          ...path,
        );
      }
    }
  }
}

function checkService(service: ServiceSpec, error: Report, targets: ReadonlySet<Target>): void {
  if (service.image === undefined && service.build === undefined)
    error('expected an image or a build, got neither', 'image');
  const port = (value: number | undefined, ...path: Segment[]): void => {
    if (value !== undefined && !isPort(value))
      error(`expected ${PORT_EXPECTED}, got ${shown(value)}`, ...path);
  };
  for (const [i, item] of (service.ports ?? []).entries()) {
    port(item.target, 'ports', i, 'target');
    port(item.published, 'ports', i, 'published');
    if (item.host_ip !== undefined && !ipAddress.test(item.host_ip)) {
      error(`expected ${ipAddress.expected}, got ${shown(item.host_ip)}`, 'ports', i, 'host_ip');
    }
  }
  for (const [i, item] of (service.expose ?? []).entries()) port(item, 'expose', i);
  for (const [i, mount] of (service.volumes ?? []).entries()) {
    if (!mount.target.startsWith('/'))
      error(`expected an absolute container path, got ${shown(mount.target)}`, 'volumes', i, 'target');
    if (mount.type === 'tmpfs' && mount.size !== undefined && !isIntAtLeast(mount.size, 0)) {
      error(`expected a size in bytes (integer >= 0), got ${shown(mount.size)}`, 'volumes', i, 'size');
    }
    if (mount.type === 'bind' && mount.source === '')
      error('expected a host path, got ""', 'volumes', i, 'source');
  }
  for (const key of Object.keys(service.environment ?? {})) {
    if (key === '' || key.includes('='))
      error(`expected a variable name without '=', got ${shown(key)}`, 'environment', key);
  }
  for (const kind of ['configs', 'secrets'] as const) {
    for (const [i, grant] of (service[kind] ?? []).entries()) {
      if (grant.mode !== undefined && !(isIntAtLeast(grant.mode, 0) && grant.mode <= 0o777)) {
        error(`expected a file mode 0-0o777 (e.g. 0o440), got ${shown(grant.mode)}`, kind, i, 'mode');
      }
    }
  }
  if (service.healthcheck !== undefined) checkHealthcheck(service.healthcheck, error);
  if (service.container_name !== undefined && replicasOf(service) > 1 && targets.has('compose')) {
    error(
      `expected no container_name on a service with ${replicasOf(service)} replicas (a name is unique), got ${shown(service.container_name)}`,
      'container_name',
    );
  }
  checkDeploy(service.deploy, error);
}

function checkDuration(value: string | undefined, error: Report, ...path: Segment[]): void {
  if (value !== undefined && !duration.test(value)) {
    error(`expected ${duration.expected}, got ${shown(value)}`, ...path);
  }
}

function checkHealthcheck(healthcheck: NonNullable<ServiceSpec['healthcheck']>, error: Report): void {
  const first = healthcheck.test[0];
  if (first === 'CMD' || first === 'CMD-SHELL' || first === 'NONE') {
    error(
      `expected the command itself (Dockyard adds CMD), got ${shown(first)} first`,
      'healthcheck',
      'test',
      0,
    );
  }
  for (const key of ['interval', 'timeout', 'start_period', 'start_interval'] as const) {
    checkDuration(healthcheck[key], error, 'healthcheck', key);
  }
  if (healthcheck.retries !== undefined && !isIntAtLeast(healthcheck.retries, 0)) {
    error(`expected an integer >= 0, got ${shown(healthcheck.retries)}`, 'healthcheck', 'retries');
  }
}

function checkDeploy(deploy: ServiceSpec['deploy'], error: Report): void {
  if (deploy === undefined) return;
  if (deploy.replicas !== undefined && !isIntAtLeast(deploy.replicas, 0)) {
    error(`expected replicas to be an integer >= 0, got ${shown(deploy.replicas)}`, 'deploy', 'replicas');
  }
  if (deploy.mode === 'global' && deploy.replicas !== undefined) {
    error(
      `expected no replicas in global mode (one task per node), got ${shown(deploy.replicas)}`,
      'deploy',
      'replicas',
    );
  }
  const max = deploy.placement?.max_replicas_per_node;
  if (max !== undefined && !isIntAtLeast(max, 1)) {
    error(`expected an integer >= 1, got ${shown(max)}`, 'deploy', 'placement', 'max_replicas_per_node');
  }
  for (const kind of ['limits', 'reservations'] as const) {
    const resources = deploy.resources?.[kind];
    if (resources === undefined) continue;
    if (resources.cpus !== undefined && !(CPUS.test(String(resources.cpus)) && Number(resources.cpus) > 0)) {
      error(
        `expected a positive number of CPUs such as 0.5, got ${shown(resources.cpus)}`,
        'deploy',
        'resources',
        kind,
        'cpus',
      );
    }
    if (resources.memory !== undefined && !memorySize.test(resources.memory)) {
      error(
        `expected ${memorySize.expected}, got ${shown(resources.memory)}`,
        'deploy',
        'resources',
        kind,
        'memory',
      );
    }
  }
  const pids = deploy.resources?.limits?.pids;
  if (pids !== undefined && !isIntAtLeast(pids, 1)) {
    error(`expected an integer >= 1, got ${shown(pids)}`, 'deploy', 'resources', 'limits', 'pids');
  }
  const policy = deploy.restart_policy;
  if (policy !== undefined) {
    checkDuration(policy.delay, error, 'deploy', 'restart_policy', 'delay');
    checkDuration(policy.window, error, 'deploy', 'restart_policy', 'window');
    if (policy.max_attempts !== undefined && !isIntAtLeast(policy.max_attempts, 0)) {
      error(
        `expected an integer >= 0, got ${shown(policy.max_attempts)}`,
        'deploy',
        'restart_policy',
        'max_attempts',
      );
    }
  }
  for (const kind of ['update_config', 'rollback_config'] as const) {
    const config = deploy[kind];
    if (config === undefined) continue;
    checkDuration(config.delay, error, 'deploy', kind, 'delay');
    checkDuration(config.monitor, error, 'deploy', kind, 'monitor');
    if (config.parallelism !== undefined && !isIntAtLeast(config.parallelism, 0)) {
      error(`expected an integer >= 0, got ${shown(config.parallelism)}`, 'deploy', kind, 'parallelism');
    }
    const ratio = config.max_failure_ratio;
    if (ratio !== undefined && !(ratio >= 0 && ratio <= 1)) {
      error(`expected a ratio from 0 to 1, got ${shown(ratio)}`, 'deploy', kind, 'max_failure_ratio');
    }
  }
}

function defined(kind: string, keys: readonly string[]): string {
  return keys.length === 0 ? `no ${kind} are defined` : `defined: ${keys.join(', ')}`;
}

function checkReferences(
  project: ComposeProjectSpec,
  name: string,
  service: ServiceSpec,
  error: Report,
): void {
  const reference = (
    kind: 'networks' | 'volumes' | 'configs' | 'secrets',
    key: string,
    ...path: Segment[]
  ): void => {
    const section = project[kind] ?? {};
    // Compose and Swarm both create a network called `default` for services that name none.
    if (Object.hasOwn(section, key) || (kind === 'networks' && key === 'default')) return;
    error(
      `expected one of the project's ${kind} (${defined(kind, Object.keys(section))}), got ${shown(key)}`,
      ...path,
    );
  };
  for (const network of Object.keys(service.networks ?? {}))
    reference('networks', network, 'networks', network);
  for (const [i, mount] of (service.volumes ?? []).entries()) {
    if (mount.type === 'volume') reference('volumes', mount.source, 'volumes', i, 'source');
  }
  for (const kind of ['configs', 'secrets'] as const) {
    for (const [i, grant] of (service[kind] ?? []).entries())
      reference(kind, grant.source, kind, i, 'source');
  }
  // Listing every key only for a message keeps this check linear in the number of services.
  for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
    const target = Object.hasOwn(project.services, dependency) ? project.services[dependency] : undefined;
    if (dependency === name) {
      error('expected a dependency on another service, got the service itself', 'depends_on', dependency);
    } else if (target === undefined) {
      error(
        `expected one of the project's services (${defined('services', Object.keys(project.services))}), got ${shown(dependency)}`,
        'depends_on',
        dependency,
      );
    } else if (condition === 'service_healthy' && target.healthcheck === undefined) {
      error(
        `expected ${shown(dependency)} to have a healthcheck for condition service_healthy, got none`,
        'depends_on',
        dependency,
        'condition',
      );
    }
  }
}

function checkTopLevelValues(project: ComposeProjectSpec, error: Report): void {
  for (const [key, network] of Object.entries(project.networks ?? {})) {
    for (const [i, { subnet }] of (network.ipam?.config ?? []).entries()) {
      if (!cidr.test(subnet)) {
        error(
          `expected ${cidr.expected}, got ${shown(subnet)}`,
          'networks',
          key,
          'ipam',
          'config',
          i,
          'subnet',
        );
      }
    }
  }
}

function checkEncodable(project: ComposeProjectSpec, error: Report): void {
  forEachString(project, (text, path) => {
    if (hasLoneSurrogate(text)) {
      error(
        `expected text that can be written as UTF-8, got ${shown(text)} with an unpaired UTF-16 surrogate`,
        ...path,
      );
    }
  });
}

function checkNoHandWrittenTemplates(project: ComposeProjectSpec, error: Report): void {
  forEachString(project, (text, path) => {
    // Inside a TaskTemplate the parts are literal text by construction; everywhere else a `{{.Task.` is a mistake.
    if (SWARM_PLACEHOLDER_IN_TEXT.test(text)) {
      error(
        `expected per-replica values as perTask\`...\` templates (compose.yaml would keep this literally), got ${shown(text)}`,
        ...path,
      );
    }
  });
}
