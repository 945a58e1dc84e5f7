import type { Deploy } from './deploy';
import type { ModelProblem } from './problem';
import type { FileGrant, Healthcheck, Mount, Port, ServiceSpec } from './service';

/** What a renderer returns: the file's text and everything the target could not do as asked. */
export interface RenderResult {
  /** The YAML text, LF line endings, trailing newline. Must not be written when a diagnostic is an error. */
  readonly text: string;
  /** Decisions and problems, in model order; see `targetRules` for each one. */
  readonly diagnostics: ModelProblem[];
}

/** A JSON-like object under construction; key order is output order. */
export type Out = Record<string, unknown>;

/**
 * The defined entries of `source`, in the order `keys` lists them: how every rendered object gets its canonical
 * key order whatever order the model was written in.
 */
export function pick<T extends object>(source: T, keys: ReadonlyArray<keyof T & string>): Out {
  const out: Out = {};
  for (const key of keys) {
    const value = source[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** True when an object has no keys, so the renderer can leave it out. */
export function isEmpty(value: Out): boolean {
  return Object.keys(value).length === 0;
}

/** Both targets' healthcheck: the exec form gets Docker's `CMD` marker. */
export function healthcheckOut(healthcheck: Healthcheck): Out {
  return {
    test: ['CMD', ...healthcheck.test],
    ...pick(healthcheck, ['interval', 'timeout', 'retries', 'start_period', 'start_interval']),
  };
}

/** A mount in long form, identical for both targets. */
export function mountOut(mount: Mount): Out {
  if (mount.type === 'tmpfs') {
    const out: Out = { type: 'tmpfs', target: mount.target };
    if (mount.size !== undefined) out.tmpfs = { size: mount.size };
    return out;
  }
  return pick(mount, ['type', 'source', 'target', 'read_only']);
}

/** A config or secret grant. */
export function grantOut(grant: FileGrant): Out {
  return pick(grant, ['source', 'target', 'mode']);
}

/** A port in long form; `host_ip` only where the target supports it. */
export function portOut(port: Port, withHostIp: boolean): Out {
  return pick(
    port,
    withHostIp
      ? ['target', 'published', 'host_ip', 'protocol', 'mode']
      : ['target', 'published', 'protocol', 'mode'],
  );
}

/** A service's networks: a plain list of names, or a map when some network gives aliases. */
export function networksOut(networks: NonNullable<ServiceSpec['networks']>): Out | string[] {
  const entries = Object.entries(networks);
  if (entries.every(([, attachment]) => attachment.aliases === undefined))
    return entries.map(([name]) => name);
  const out: Out = {};
  for (const [name, attachment] of entries) {
    out[name] = attachment.aliases === undefined ? {} : { aliases: attachment.aliases };
  }
  return out;
}

/** `resources` with `cpus` as a string: Swarm's schema demands one and Compose reads one too. */
function resourcesOut(resources: NonNullable<Deploy['resources']>): Out {
  const out: Out = {};
  if (resources.limits !== undefined) {
    const limits = resources.limits;
    out.limits = pick({ ...limits, cpus: cpusOut(limits.cpus) }, ['cpus', 'memory', 'pids']);
  }
  if (resources.reservations !== undefined) {
    const reservations = resources.reservations;
    out.reservations = pick({ ...reservations, cpus: cpusOut(reservations.cpus) }, ['cpus', 'memory']);
  }
  return out;
}

function cpusOut(cpus: number | string | undefined): string | undefined {
  return cpus === undefined ? undefined : String(cpus);
}

/** `update_config` / `rollback_config` in canonical order. */
function updateConfigOut(config: NonNullable<Deploy['update_config']>): Out {
  return pick(config, ['parallelism', 'delay', 'failure_action', 'monitor', 'max_failure_ratio', 'order']);
}

/** `placement` in canonical order. */
function placementOut(placement: NonNullable<Deploy['placement']>): Out {
  return pick(placement, ['constraints', 'preferences', 'max_replicas_per_node']);
}

/** `restart_policy` in canonical order. */
function restartPolicyOut(policy: NonNullable<Deploy['restart_policy']>): Out {
  return pick(policy, ['condition', 'delay', 'max_attempts', 'window']);
}

/** `build` in canonical order. */
export function buildOut(build: NonNullable<ServiceSpec['build']>): Out {
  return pick(build, ['context', 'dockerfile', 'args']);
}

/** `logging` in canonical order. */
export function loggingOut(logging: NonNullable<ServiceSpec['logging']>): Out {
  return pick(logging, ['driver', 'options']);
}

/** Every `deploy` key, in the order both renderers write them. */
export const DEPLOY_KEY_ORDER = [
  'mode',
  'replicas',
  'endpoint_mode',
  'placement',
  'resources',
  'restart_policy',
  'update_config',
  'rollback_config',
  'labels',
] as const satisfies ReadonlyArray<keyof Deploy>;

/** The `deploy` keys `keep` accepts, rendered in canonical order. */
export function deployOut(deploy: Deploy, keep: (key: keyof Deploy) => boolean): Out {
  const out: Out = {};
  for (const key of DEPLOY_KEY_ORDER) {
    if (deploy[key] === undefined || !keep(key)) continue;
    switch (key) {
      case 'placement':
        out.placement = placementOut(deploy.placement ?? {});
        break;
      case 'resources':
        out.resources = resourcesOut(deploy.resources ?? {});
        break;
      case 'restart_policy':
        out.restart_policy = restartPolicyOut(deploy.restart_policy ?? {});
        break;
      case 'update_config':
      case 'rollback_config':
        out[key] = updateConfigOut(deploy[key] ?? {});
        break;
      default:
        out[key] = deploy[key];
    }
  }
  return out;
}

/** Maps a record's values, keeping its key order. */
export function mapEntries<V>(
  record: Readonly<Record<string, V>>,
  f: (key: string, value: V) => unknown,
): Out {
  const out: Out = {};
  for (const [key, value] of Object.entries(record)) out[key] = f(key, value);
  return out;
}
