import { parseYamlText } from './parse-yaml';

/*
 * Checks of rendered compose.yaml / stack.yaml TEXT beyond what the schemas check: value ranges, durations,
 * references, templates, `$` escaping. They re-read the YAML and share no code with the renderers or with
 * `checkModel`, so a renderer bug cannot hide behind the code that caused it.
 */

/** Options of {@link checkComposeText} and {@link checkStackText}. */
export interface RenderedTextOptions {
  /**
   * Accept `$NAME` / `${NAME}` (a hand-written file may interpolate on purpose). Dockyard's output never does.
   * @default false
   */
  readonly allowInterpolation?: boolean;
}

type Target = 'compose' | 'swarm';
type Obj = Record<string, unknown>;

const DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
const SWARM_TEMPLATE = /\{\{-?\s*\.(Task|Node|Service)\./;
// A `$` left over once every `$$` pair is removed starts an interpolation.
const UNESCAPED_DOLLAR = /\$/;

function isObj(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function path(...segments: Array<string | number>): string {
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function portNumberOk(value: unknown): boolean {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;
}

function portRangeOk(text: string): boolean {
  const [low, high, ...rest] = text.split('-');
  return rest.length === 0 && portNumberOk(low) && (high === undefined || portNumberOk(high));
}

/** The host ports a short-form spec (`[ip:][host:]container[/proto]`) publishes, or a problem. */
function shortPort(spec: string): { problem?: string; published?: string; protocol: string } {
  const [ports = '', protocol = 'tcp', ...more] = spec.split('/');
  if (more.length > 0 || !['tcp', 'udp', 'sctp'].includes(protocol))
    return { problem: 'bad protocol', protocol };
  const parts = ports.split(':');
  const container = parts.at(-1) ?? '';
  const host = parts.length >= 2 ? parts.at(-2) : undefined;
  if (!portRangeOk(container)) return { problem: `container port ${JSON.stringify(container)}`, protocol };
  if (host !== undefined && host !== '' && !portRangeOk(host))
    return { problem: `host port ${JSON.stringify(host)}`, protocol };
  return { published: host === '' ? undefined : host, protocol };
}

function* strings(value: unknown, at: Array<string | number>): Generator<[Array<string | number>, string]> {
  if (typeof value === 'string') yield [at, value];
  else if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* strings(item, [...at, i]);
  else if (isObj(value)) for (const [key, item] of Object.entries(value)) yield* strings(item, [...at, key]);
}

function checkText(text: string, target: Target, options: RenderedTextOptions): string[] {
  const parsed = parseYamlText(text);
  if (!parsed.ok) return parsed.errors.map((e) => e.message);
  const doc = parsed.data;
  if (!isObj(doc)) return ['expected a mapping at the top level'];
  const problems: string[] = [];
  const problem = (at: string, message: string): void => {
    problems.push(`${at}: ${message}`);
  };
  const keys = (section: string): string[] => (isObj(doc[section]) ? Object.keys(doc[section]) : []);
  const services = isObj(doc.services) ? doc.services : {};
  const published = new Map<string, string>();

  for (const [name, raw] of Object.entries(services)) {
    const at = (...rest: Array<string | number>): string => path('services', name, ...rest);
    if (!isObj(raw)) {
      problem(at(), 'expected a mapping');
      continue;
    }
    const replicas = isObj(raw.deploy) ? raw.deploy.replicas : undefined;
    if (replicas !== undefined && !(Number.isInteger(replicas) && (replicas as number) >= 0)) {
      problem(at('deploy', 'replicas'), `expected an integer >= 0, got ${JSON.stringify(replicas)}`);
    }
    const ports = Array.isArray(raw.ports) ? raw.ports : [];
    for (const [i, port] of ports.entries()) {
      let host: string | undefined;
      let protocol = 'tcp';
      let ip = '*';
      if (typeof port === 'number') {
        if (!portNumberOk(port)) problem(at('ports', i), `expected a port 1-65535, got ${port}`);
      } else if (typeof port === 'string') {
        const short = shortPort(port);
        if (short.problem !== undefined)
          problem(at('ports', i), `bad port spec ${JSON.stringify(port)}: ${short.problem}`);
        host = short.published;
        protocol = short.protocol;
      } else if (isObj(port)) {
        if (!portNumberOk(port.target))
          problem(at('ports', i, 'target'), `expected a port 1-65535, got ${JSON.stringify(port.target)}`);
        if (port.published !== undefined && !portRangeOk(String(port.published))) {
          problem(
            at('ports', i, 'published'),
            `expected a port 1-65535, got ${JSON.stringify(port.published)}`,
          );
        }
        host = port.published === undefined ? undefined : String(port.published);
        protocol = typeof port.protocol === 'string' ? port.protocol : 'tcp';
        ip = typeof port.host_ip === 'string' ? port.host_ip : '*';
      } else {
        problem(at('ports', i), `expected a port, got ${JSON.stringify(port)}`);
      }
      if (host === undefined) continue;
      const key = `${ip}:${host}/${protocol}`;
      const first = published.get(key);
      if (first !== undefined)
        problem(at('ports', i), `host port ${host}/${protocol} already published by ${first}`);
      else published.set(key, at('ports', i));
    }
    for (const [i, item] of (Array.isArray(raw.expose) ? raw.expose : []).entries()) {
      if (!portRangeOk(String(item).split('/')[0] ?? ''))
        problem(at('expose', i), `expected a port 1-65535, got ${JSON.stringify(item)}`);
    }
    const durations: Array<[unknown, Array<string | number>]> = [];
    if (isObj(raw.healthcheck)) {
      for (const key of ['interval', 'timeout', 'start_period', 'start_interval']) {
        durations.push([raw.healthcheck[key], ['healthcheck', key]]);
      }
    }
    if (isObj(raw.deploy)) {
      const deploy = raw.deploy;
      if (isObj(deploy.restart_policy)) {
        for (const key of ['delay', 'window'])
          durations.push([deploy.restart_policy[key], ['deploy', 'restart_policy', key]]);
      }
      for (const kind of ['update_config', 'rollback_config']) {
        const config = deploy[kind];
        if (isObj(config))
          for (const key of ['delay', 'monitor']) durations.push([config[key], ['deploy', kind, key]]);
      }
    }
    for (const [value, where] of durations) {
      if (value !== undefined && !(typeof value === 'string' && DURATION.test(value))) {
        problem(at(...where), `expected a duration such as 10s, got ${JSON.stringify(value)}`);
      }
    }
    // References to top-level objects.
    const networks = Array.isArray(raw.networks)
      ? raw.networks
      : isObj(raw.networks)
        ? Object.keys(raw.networks)
        : [];
    for (const network of networks) {
      if (network !== 'default' && !keys('networks').includes(String(network))) {
        problem(at('networks', String(network)), 'undefined network');
      }
    }
    for (const [i, mount] of (Array.isArray(raw.volumes) ? raw.volumes : []).entries()) {
      let source: string | undefined;
      if (typeof mount === 'string') {
        const first = mount.split(':')[0] ?? '';
        if (mount.includes(':') && !/^[./~]/.test(first)) source = first;
      } else if (
        isObj(mount) &&
        (mount.type === 'volume' || mount.type === undefined) &&
        typeof mount.source === 'string'
      ) {
        source = mount.source;
      }
      if (source !== undefined && !keys('volumes').includes(source))
        problem(at('volumes', i), `undefined volume ${JSON.stringify(source)}`);
    }
    for (const kind of ['configs', 'secrets']) {
      for (const [i, grant] of (Array.isArray(raw[kind]) ? (raw[kind] as unknown[]) : []).entries()) {
        const source = typeof grant === 'string' ? grant : isObj(grant) ? grant.source : undefined;
        if (!keys(kind).includes(String(source)))
          problem(at(kind, i), `undefined ${kind.slice(0, -1)} ${JSON.stringify(source)}`);
      }
    }
    const dependsOn = Array.isArray(raw.depends_on)
      ? raw.depends_on
      : isObj(raw.depends_on)
        ? Object.keys(raw.depends_on)
        : [];
    for (const dependency of dependsOn) {
      if (!(String(dependency) in services))
        problem(at('depends_on', String(dependency)), 'undefined service');
    }
  }

  for (const [at, value] of strings(doc, [])) {
    if (target === 'compose' && SWARM_TEMPLATE.test(value)) {
      problem(path(...at), `Swarm template in a compose file: ${JSON.stringify(value)}`);
    }
    if (!options.allowInterpolation && UNESCAPED_DOLLAR.test(value.replaceAll('$$', ''))) {
      problem(path(...at), `unescaped $ (would be interpolated): ${JSON.stringify(value)}`);
    }
  }
  return problems;
}

/** Problems in compose.yaml text the Compose schema lets through; `[]` when none. */
export function checkComposeText(text: string, options: RenderedTextOptions = {}): string[] {
  return checkText(text, 'compose', options);
}

/** Problems in stack.yaml text that `docker stack config` lets through (e.g. undefined volumes); `[]` when none. */
export function checkStackText(text: string, options: RenderedTextOptions = {}): string[] {
  return checkText(text, 'swarm', options);
}
