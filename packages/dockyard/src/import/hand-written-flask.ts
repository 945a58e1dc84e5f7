import type { ComposeProjectSpec } from '../model/compose/project';
import type { ServiceSpec } from '../model/compose/service';
import type { TaskTemplate } from '../model/compose/task-template';
import { readGunicornCommand } from './gunicorn-command';
import type { Value } from './program';

/** A hand-written gunicorn service read as FlaskService props, or the reasons it stays a Service. */
export type HandWrittenFlask =
  | {
      readonly props: Record<string, Value>;
      /** The top-level volume FlaskService's per-replica log volume replaces (it declares its own). */
      readonly logVolume?: string;
      /** A volume the app shares with another service (nginx serving it): its static files, and their folder. */
      readonly staticFiles?: { readonly volume: string; readonly appDir: string };
    }
  | { readonly reasons: readonly string[] };

/** Keys FlaskService has props for; any other key of the service keeps it a Service. */
const KEYS = new Set([
  'image',
  'build',
  'command',
  'entrypoint',
  'environment',
  'expose',
  'restart',
  'deploy',
  'networks',
  'hostname',
  'volumes',
]);

const isSlot = (value: unknown, prefix: string): value is TaskTemplate => {
  const template = value as TaskTemplate;
  if (typeof value !== 'object' || value === null || template.composeValue !== undefined) return false;
  const parts = template.swarmTemplate;
  const placeholder = parts.at(-1);
  const head = parts.length === 2 ? parts[0] : parts.length === 1 ? '' : undefined;
  return (
    typeof placeholder === 'object' &&
    placeholder.placeholder === 'Task.Slot' &&
    (prefix === '*' ? typeof head === 'string' : head === prefix)
  );
};

/**
 * FlaskService props for a service whose gunicorn command a user wrote by hand (seed 000's
 * `gunicorn -w 1 app:app -b 0.0.0.0:5000`, seed 003's `gunicorn -w 3 -t 60 -b 0.0.0.0:8000 app:app`), with
 * replicas from `deploy.replicas` and `{{.Task.Slot}}` values as per-replica identity. FlaskService then writes
 * its own command, a health check, `expose`, restart and rolling updates: the caller lists those as
 * deliberate changes. A service with anything FlaskService cannot say (published ports, a health check of
 * its own, other mounts) is not one: the reasons say why, for a comment beside the Service.
 */
export function handWrittenFlask(
  service: ServiceSpec,
  key: string,
  project: ComposeProjectSpec,
): HandWrittenFlask {
  const argv = [...(service.entrypoint ?? []), ...(service.command ?? [])];
  const gunicorn = readGunicornCommand(argv);
  if (typeof gunicorn === 'string') return { reasons: [gunicorn] };
  const reasons: string[] = [];
  const other = Object.keys(service).filter((name) => !KEYS.has(name));
  if (other.length > 0) reasons.push(`FlaskService has no ${other.join(', ')}`);
  const port = gunicorn.port ?? (service.expose?.length === 1 ? service.expose[0] : undefined);
  if (port === undefined) reasons.push('the command binds no port (a config file may; say it with -b)');
  if (service.expose && JSON.stringify(service.expose) !== JSON.stringify([port]))
    reasons.push(`it exposes ${service.expose.join(', ')}, not only the port gunicorn binds`);

  const props: Record<string, Value> = {};
  if (service.image !== undefined) props.image = service.image;
  if (service.build !== undefined) props.build = service.build as Value;
  if (gunicorn.wsgi !== 'app:app') props.wsgi = gunicorn.wsgi;
  if (port !== undefined) props.port = port;
  if (gunicorn.workers !== 2) props.workers = gunicorn.workers;
  if (gunicorn.threads !== undefined) props.threads = gunicorn.threads;
  if (gunicorn.workerClass !== undefined) props.workerClass = gunicorn.workerClass;
  if (gunicorn.timeout !== 30) props.timeout = gunicorn.timeout;
  if (gunicorn.config !== undefined) props.gunicornConfig = gunicorn.config;
  if (gunicorn.extraArgs.length > 0) props.extraArgs = [...gunicorn.extraArgs];

  // Per-replica identity: a `{{.Task.Slot}}` variable, hostname `<service>.{{.Task.Slot}}`, one log volume.
  const environment: Record<string, string> = {};
  let slotVariable: string | undefined;
  for (const [name, value] of Object.entries(service.environment ?? {})) {
    if (typeof value === 'string') environment[name] = value;
    else if (isSlot(value, '') && slotVariable === undefined) slotVariable = name;
    else reasons.push(`environment.${name} is a per-task value FlaskService does not write`);
  }
  if (Object.keys(environment).length > 0) props.environment = environment;
  const hostname = service.hostname;
  if (hostname !== undefined && !isSlot(hostname, `${key}.`))
    reasons.push('its hostname is not the per-replica `<service>.{{.Task.Slot}}`');
  let logVolume: string | undefined;
  let staticFiles: { volume: string; appDir: string } | undefined;
  let logDir: string | undefined;
  let logVolumePrefix: string | undefined;
  const mounts = service.volumes ?? [];
  const [mount] = mounts;
  if (mounts.length > 1 || (mount && mount.type !== 'volume'))
    reasons.push('FlaskService mounts no volumes of yours');
  else if (mount?.type === 'volume') {
    const declared = project.volumes?.[mount.source];
    const { name, ...rest } = declared ?? {};
    const shared = Object.entries(project.services).some(
      ([other, entry]) =>
        other !== key &&
        (entry.volumes ?? []).some((each) => each.type === 'volume' && each.source === mount.source),
    );
    if (shared && !isSlot(name, '*') && !mount.read_only && project.volumes?.[mount.source] !== undefined)
      // Another service (the nginx in front) reads what the app writes: FlaskService's staticFiles.
      staticFiles = { volume: mount.source, appDir: mount.target };
    else if (!isSlot(name, '*') || Object.keys(rest).length > 0 || shared || mount.read_only)
      reasons.push(`volume ${mount.source} is not a per-replica log volume named "<prefix>{{.Task.Slot}}"`);
    else {
      logVolume = mount.source;
      logDir = mount.target;
      logVolumePrefix = (name as TaskTemplate).swarmTemplate[0] as string;
    }
  }
  if (slotVariable !== undefined || hostname !== undefined || logDir !== undefined) {
    const identity: Record<string, Value> = {};
    if ((slotVariable ?? 'SLOT') !== 'SLOT') identity.slotVariable = slotVariable;
    if (logDir !== undefined) identity.logDir = logDir;
    if (logVolumePrefix !== undefined && logVolumePrefix !== 'log-')
      identity.logVolumePrefix = logVolumePrefix;
    props.perReplicaIdentity = Object.keys(identity).length === 0 ? true : identity;
  }

  const { replicas, resources, ...deployRest } = service.deploy ?? {};
  if (Object.keys(deployRest).length > 0)
    reasons.push(`FlaskService has no deploy.${Object.keys(deployRest).join(', deploy.')}`);
  if (replicas !== undefined && replicas !== 1) props.replicas = replicas;
  if (resources) {
    const { limits, reservations } = resources;
    if (limits?.pids !== undefined) reasons.push('FlaskService has no deploy.resources.limits.pids');
    const out: Record<string, Value> = {};
    if (limits?.cpus !== undefined) out.cpus = Number(limits.cpus);
    if (limits?.memory !== undefined) out.memory = limits.memory;
    if (reservations?.cpus !== undefined) out.reserveCpus = Number(reservations.cpus);
    if (reservations?.memory !== undefined) out.reserveMemory = reservations.memory;
    props.resources = out;
  }
  if (service.restart !== undefined && service.restart !== 'unless-stopped') props.restart = service.restart;
  if (reasons.length > 0) return { reasons };
  return {
    props,
    ...(logVolume === undefined ? {} : { logVolume }),
    ...(staticFiles ? { staticFiles } : {}),
  };
}
