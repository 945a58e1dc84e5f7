import * as path from 'node:path';
import { z } from 'zod';
import type { SynthesizedStack } from '../../../../packages/dockyard/src/testing';
import type { ServiceSpec } from '../../harness';

// Only the part of compose.yaml the harness needs, read independently of the library's own model: the
// proof must not trust the code it checks to also describe what it wrote.
const MountSchema = z.looseObject({ type: z.string(), source: z.string().optional(), target: z.string() });
const ServiceSchema = z.looseObject({
  command: z.array(z.string()).optional(),
  expose: z.array(z.union([z.number(), z.string()])).optional(),
  deploy: z.looseObject({ replicas: z.number().int().min(0).optional() }).optional(),
  volumes: z.array(MountSchema).optional(),
  configs: z.array(z.looseObject({ source: z.string(), target: z.string() })).optional(),
});
const ComposeSchema = z.looseObject({
  services: z.record(z.string(), ServiceSchema),
  configs: z.record(z.string(), z.looseObject({ file: z.string().optional() })).optional(),
});
type ComposeService = z.infer<typeof ServiceSchema>;

/** Where the official nginx image reads its main config; the proxy service mounts nginx.conf there. */
export const NGINX_CONF_TARGET = '/etc/nginx/nginx.conf';

/** The proxy of a stack: its service, and the exact config text mounted into it. */
export interface ProxyPlan {
  /** The proxy's service name in compose.yaml. */
  readonly service: string;
  /** The artifact mounted at /etc/nginx/nginx.conf, e.g. `nginx.conf`. */
  readonly configFile: string;
  /** That artifact's text, byte for byte. */
  readonly config: string;
}

/** What a synthesized stack asks to run, as the e2e harness takes it. */
export interface StackPlan {
  /** Each gunicorn service by name: replicas, the port of `--bind`, workers and its static dir. */
  readonly services: Readonly<Record<string, ServiceSpec>>;
  /** Named volumes -> every path a service mounts them at (Flask's and nginx's). */
  readonly volumes: Readonly<Record<string, readonly string[]>>;
  readonly proxy: ProxyPlan;
}

/**
 * Reads a stack's own artifacts into a harness plan: gunicorn services (replicas from `deploy.replicas`,
 * port from `--bind 0.0.0.0:PORT`, which must also be exposed, workers from `--workers`), named volumes and the
 * proxy whose config is mounted at /etc/nginx/nginx.conf. Throws when the artifacts disagree with themselves.
 */
export function readStackPlan(synth: SynthesizedStack): StackPlan {
  const compose = ComposeSchema.parse(synth.files['compose.yaml']?.parsed);
  const volumes: Record<string, string[]> = {};
  for (const service of Object.values(compose.services)) {
    for (const mount of service.volumes ?? []) {
      if (mount.type !== 'volume' || mount.source === undefined) continue;
      volumes[mount.source] = [...(volumes[mount.source] ?? []), mount.target];
    }
  }
  const proxy = readProxy(synth, compose);
  const proxyVolumes = new Set(
    (compose.services[proxy.service]?.volumes ?? []).flatMap((m) => (m.source ? [m.source] : [])),
  );
  const services: Record<string, ServiceSpec> = {};
  for (const [name, service] of Object.entries(compose.services)) {
    if (gunicornWords(service.command)[0] !== 'gunicorn') continue;
    services[name] = readGunicorn(name, service, proxyVolumes);
  }
  return { services, volumes, proxy };
}

/** gunicorn's own words: FlaskService's stop-delay wrapper (`sh -c SCRIPT gunicorn gunicorn ...`) left out. */
function gunicornWords(command: readonly string[] | undefined): readonly string[] {
  if (command?.[0] === 'sh' && command[1] === '-c') return command.slice(4);
  return command ?? [];
}

function readGunicorn(name: string, service: ComposeService, proxyVolumes: ReadonlySet<string>): ServiceSpec {
  const command = gunicornWords(service.command);
  const bind = optionValue(command, '--bind');
  const match = bind === undefined ? null : /^0\.0\.0\.0:(\d+)$/.exec(bind);
  if (match === null) throw new Error(`${name}: expected gunicorn --bind 0.0.0.0:PORT, got ${bind}`);
  const port = Number(match[1]);
  if (!(service.expose ?? []).map(Number).includes(port)) {
    throw new Error(`${name}: gunicorn binds ${port} but expose is ${JSON.stringify(service.expose)}`);
  }
  const workers = Number(optionValue(command, '--workers') ?? '1');
  // The app writes its static files where the volume it shares with nginx is mounted (seed 004).
  const shared = (service.volumes ?? []).find((m) => m.source !== undefined && proxyVolumes.has(m.source));
  return {
    replicas: service.deploy?.replicas ?? 1,
    port,
    workers,
    ...(shared ? { staticDir: shared.target } : {}),
  };
}

function readProxy(synth: SynthesizedStack, compose: z.infer<typeof ComposeSchema>): ProxyPlan {
  const proxies = Object.entries(compose.services).flatMap(([service, spec]) =>
    (spec.configs ?? [])
      .filter((c) => c.target === NGINX_CONF_TARGET)
      .map((c) => ({ service, source: c.source })),
  );
  const [found, ...more] = proxies;
  if (found === undefined || more.length > 0) {
    throw new Error(`expected one service mounting ${NGINX_CONF_TARGET}, got ${JSON.stringify(proxies)}`);
  }
  const file = compose.configs?.[found.source]?.file;
  const configFile = file === undefined ? undefined : path.posix.normalize(file);
  const config = configFile === undefined ? undefined : synth.files[configFile]?.text;
  if (configFile === undefined || config === undefined) {
    throw new Error(`config ${found.source} of ${found.service} names no synthesized file (${file})`);
  }
  return { service: found.service, configFile, config };
}

/** The value of `--name value` or `--name=value` in an argv. */
function optionValue(argv: readonly string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  if (at >= 0) return argv[at + 1];
  return argv.find((arg) => arg.startsWith(`${name}=`))?.slice(name.length + 1);
}
