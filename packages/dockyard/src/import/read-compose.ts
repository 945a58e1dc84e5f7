import * as path from 'node:path';
import { LineCounter, type Node, parseDocument } from 'yaml';
import type { ComposeProjectSpec } from '../model/compose/project';
import type { Mount, Port, ServiceSpec } from '../model/compose/service';
import type { TaskTemplate } from '../model/compose/task-template';
import { ImportError, type ImportNote, type Position } from './problems';

/** One compose.yaml (or stack.yaml) read into the project model, with what did not fit. */
export interface ComposeInput {
  readonly file: string;
  /** The model: plain literal values (`$$` already read as `$`), long syntax everywhere. */
  readonly project: ComposeProjectSpec;
  /** True when the file is a Swarm stack file: named `*stack*`, or using per-task templates. */
  readonly swarm: boolean;
  readonly notes: ImportNote[];
  /** The position of a model path such as `['services', 'web', 'ports', 0]`, for notes. */
  readonly positionOf: (keys: readonly (string | number)[]) => Position;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

const SERVICE_KEYS = new Set([
  'image',
  'build',
  'command',
  'entrypoint',
  'environment',
  'expose',
  'ports',
  'volumes',
  'networks',
  'depends_on',
  'healthcheck',
  'restart',
  'hostname',
  'container_name',
  'stop_grace_period',
  'labels',
  'logging',
  'configs',
  'secrets',
  'deploy',
  'env_file',
]);

/**
 * Reads compose text as users have it: legacy `version:`, short port/volume/environment syntax, `build:` as a
 * string, string commands. YAML syntax errors and wrong shapes are {@link ImportError}s with line and column.
 */
export function readCompose(text: string, file: string): ComposeInput {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const first = doc.errors[0];
  if (first) throw new ImportError(at(first.pos[0]), `invalid YAML: ${first.message.split('\n')[0]}`);
  const positionOf = (keys: readonly (string | number)[]): Position => {
    for (let n = keys.length; n >= 0; n--) {
      const node = doc.getIn(keys.slice(0, n), true) as Node | undefined;
      if (node?.range) return at(node.range[0]);
    }
    return { file, line: 1, column: 1 };
  };
  const root = doc.toJS() as Json;
  if (!isObject(root)) throw new ImportError(positionOf([]), 'expected a mapping of services at the top');
  const notes: ImportNote[] = [];
  const reader = new Reader(positionOf, notes);
  const project = reader.project(root, path.basename(path.dirname(path.resolve(file))));
  const swarm = /stack/i.test(path.basename(file)) || /\{\{\s*\.(Task|Node|Service)\./.test(text);
  return { file, project, swarm, notes, positionOf };
}

const isObject = (value: Json | undefined): value is Obj =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

class Reader {
  constructor(
    private readonly positionOf: (keys: readonly (string | number)[]) => Position,
    private readonly notes: ImportNote[],
  ) {}

  fail(keys: readonly (string | number)[], message: string): never {
    throw new ImportError(this.positionOf(keys), message);
  }

  note(level: ImportNote['level'], keys: readonly (string | number)[], message: string): void {
    this.notes.push({ level, at: this.positionOf(keys), message });
  }

  project(root: Obj, folder: string): ComposeProjectSpec {
    const known = new Set(['name', 'version', 'services', 'networks', 'volumes', 'configs', 'secrets']);
    for (const key of Object.keys(root)) {
      if (!known.has(key)) this.note('lost', [key], `top-level "${key}" is not carried over`);
    }
    if (root.version !== undefined && root.name !== undefined) {
      this.note('changed', ['version'], 'the obsolete "version" key is dropped from compose.yaml');
    }
    const name = typeof root.name === 'string' ? root.name : projectName(folder);
    const services = root.services;
    if (!isObject(services)) this.fail(['services'], 'expected "services" to be a mapping of service names');
    const project: ComposeProjectSpec = { name, services: {} };
    for (const [key, value] of Object.entries(services)) {
      project.services[key] = this.service(key, value);
    }
    for (const section of ['networks', 'volumes', 'configs', 'secrets'] as const) {
      const entries = root[section];
      if (entries === undefined || entries === null) continue;
      if (!isObject(entries)) this.fail([section], `expected "${section}" to be a mapping`);
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(entries)) {
        out[key] = this.topLevel(section, key, value ?? {});
      }
      Object.assign(project, { [section]: out });
    }
    return project;
  }

  private topLevel(section: string, key: string, value: Json): unknown {
    const where = [section, key];
    if (!isObject(value)) this.fail(where, `expected ${section}.${key} to be a mapping`);
    const allowed: Record<string, readonly string[]> = {
      networks: ['name', 'driver', 'attachable', 'internal', 'ipam', 'external'],
      volumes: ['name', 'driver', 'external'],
      configs: ['file', 'content', 'name'],
      secrets: ['file', 'environment', 'name'],
    };
    const out: Obj = {};
    for (const [k, v] of Object.entries(value)) {
      if (!allowed[section]?.includes(k)) {
        this.note('lost', [...where, k], `${section}.${key}.${k} is not carried over`);
        continue;
      }
      if (k === 'ipam') {
        const config = isObject(v) && Array.isArray(v.config) ? v.config : [];
        const subnets = config.filter(isObject).map((entry) => ({ subnet: String(entry.subnet) }));
        if (isObject(v) && Object.keys(v).some((ipamKey) => ipamKey !== 'config')) {
          this.note('lost', [...where, k], `${section}.${key}.ipam keeps only its subnets`);
        }
        out.ipam = { config: subnets };
        continue;
      }
      out[k] = typeof v === 'string' ? this.literal(v, [...where, k]) : v;
    }
    if (section === 'volumes' && typeof out.name === 'string') {
      const template = this.template(out.name);
      if (template) return { ...out, name: template };
    }
    return out;
  }

  /** `$$` is a literal `$`; `${VAR}` and `$VAR` stay as written, which Dockyard then writes literally. */
  literal(text: string, keys: readonly (string | number)[]): string {
    const variable = /\$(\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)/;
    const withoutEscapes = text.replaceAll('$$', '');
    if (variable.test(withoutEscapes)) {
      this.note(
        'warning',
        keys,
        `${JSON.stringify(text)} uses Compose interpolation; it is kept as written, and Dockyard writes it as literal text (escaped "$$"), so the variable is no longer read from the environment`,
      );
      return text;
    }
    return text.replaceAll('$$', '$');
  }

  /** A Swarm Go template such as `backend.{{.Task.Slot}}` as a per-task value. */
  template(text: string): TaskTemplate | undefined {
    if (!/\{\{\s*\.(Task|Node|Service)\.[A-Za-z]+\s*\}\}/.test(text)) return undefined;
    const parts: TaskTemplate['swarmTemplate'] = [];
    let rest = text.replaceAll('{{"{{"}}', '\u0000');
    const pattern = /\{\{\s*\.((?:Task|Node|Service)\.[A-Za-z]+)\s*\}\}/;
    for (;;) {
      const match = pattern.exec(rest);
      if (!match) break;
      if (match.index > 0) parts.push(rest.slice(0, match.index).replaceAll('\u0000', '{{'));
      parts.push({ placeholder: match[1] as never });
      rest = rest.slice(match.index + match[0].length);
    }
    if (rest !== '') parts.push(rest.replaceAll('\u0000', '{{'));
    return { swarmTemplate: parts };
  }

  private templatable(text: string, keys: readonly (string | number)[]): string | TaskTemplate {
    return this.template(text) ?? this.literal(text, keys);
  }

  service(name: string, value: Json): ServiceSpec {
    const where = ['services', name];
    if (value === null) return {};
    if (!isObject(value)) this.fail(where, `expected services.${name} to be a mapping`);
    const service: ServiceSpec = {};
    for (const [key, v] of Object.entries(value)) {
      const keys = [...where, key];
      if (!SERVICE_KEYS.has(key)) {
        this.note('lost', keys, `services.${name}.${key} is not carried over (no Dockyard equivalent)`);
        continue;
      }
      switch (key) {
        case 'image':
          service.image = this.literal(this.string(v, keys), keys);
          break;
        case 'build':
          service.build = this.build(v, keys);
          break;
        case 'command':
        case 'entrypoint':
          service[key] = this.commandLine(v, keys);
          break;
        case 'environment':
          service.environment = this.environment(v, keys);
          break;
        case 'expose':
          service.expose = this.list(v, keys).map((item, i) => this.port(item, [...keys, i]));
          break;
        case 'ports':
          service.ports = this.list(v, keys).flatMap((item, i) => this.publish(item, [...keys, i]));
          break;
        case 'volumes':
          service.volumes = this.list(v, keys).flatMap((item, i) => this.mount(item, [...keys, i]));
          break;
        case 'networks':
          service.networks = this.networks(v, keys);
          break;
        case 'depends_on':
          service.depends_on = this.dependsOn(v, keys);
          break;
        case 'healthcheck':
          this.healthcheck(service, v, keys);
          break;
        case 'restart':
          service.restart = this.string(v, keys) as ServiceSpec['restart'];
          break;
        case 'hostname':
          service.hostname = this.templatable(this.string(v, keys), keys);
          break;
        case 'container_name':
          service.container_name = this.string(v, keys);
          break;
        case 'stop_grace_period':
          service.stop_grace_period = this.string(v, keys);
          break;
        case 'labels':
          service.labels = this.stringMap(v, keys);
          break;
        case 'logging':
          service.logging = v as ServiceSpec['logging'];
          break;
        case 'configs':
        case 'secrets':
          service[key] = this.list(v, keys).map((item, i) =>
            typeof item === 'string' ? { source: item } : (this.object(item, [...keys, i]) as never),
          );
          break;
        case 'deploy':
          service.deploy = v as ServiceSpec['deploy'];
          break;
        case 'env_file':
          this.note(
            'lost',
            keys,
            `services.${name}.env_file is not carried over: list its variables in environment`,
          );
          break;
      }
    }
    return service;
  }

  private string(value: Json, keys: readonly (string | number)[]): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return this.fail(keys, `expected ${keys.join('.')} to be a string`);
  }

  private object(value: Json, keys: readonly (string | number)[]): Obj {
    if (!isObject(value)) this.fail(keys, `expected ${keys.join('.')} to be a mapping`);
    return value;
  }

  private list(value: Json, keys: readonly (string | number)[]): Json[] {
    if (!Array.isArray(value)) this.fail(keys, `expected ${keys.join('.')} to be a list`);
    return value;
  }

  private build(value: Json, keys: readonly (string | number)[]): ServiceSpec['build'] {
    if (typeof value === 'string') return { context: value };
    const build = this.object(value, keys);
    const out: NonNullable<ServiceSpec['build']> = {
      context: this.string(build.context ?? '.', [...keys, 'context']),
    };
    if (build.dockerfile !== undefined)
      out.dockerfile = this.string(build.dockerfile, [...keys, 'dockerfile']);
    if (build.args !== undefined) out.args = this.stringMap(build.args, [...keys, 'args']);
    for (const key of Object.keys(build)) {
      if (!['context', 'dockerfile', 'args'].includes(key)) {
        this.note('lost', [...keys, key], `build.${key} is not carried over`);
      }
    }
    return out;
  }

  private commandLine(value: Json, keys: readonly (string | number)[]): string[] {
    if (typeof value === 'string') {
      const words = splitShellWords(value);
      if (words === undefined)
        this.fail(keys, `expected a command with balanced quotes, got ${JSON.stringify(value)}`);
      return words.map((word) => this.literal(word, keys));
    }
    return this.list(value, keys).map((word, i) =>
      this.literal(this.string(word, [...keys, i]), [...keys, i]),
    );
  }

  private environment(value: Json, keys: readonly (string | number)[]): ServiceSpec['environment'] {
    const out: NonNullable<ServiceSpec['environment']> = {};
    const add = (name: string, raw: Json, at: readonly (string | number)[]): void => {
      if (raw === null) {
        this.note(
          'lost',
          at,
          `environment ${name} without a value (taken from the shell) is not carried over`,
        );
        return;
      }
      out[name] = this.templatable(this.string(raw, at), at);
    };
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        const text = this.string(item, [...keys, i]);
        const eq = text.indexOf('=');
        if (eq < 0) add(text, null, [...keys, i]);
        else add(text.slice(0, eq), text.slice(eq + 1), [...keys, i]);
      });
    } else {
      for (const [name, raw] of Object.entries(this.object(value, keys))) add(name, raw, [...keys, name]);
    }
    return out;
  }

  private stringMap(value: Json, keys: readonly (string | number)[]): Record<string, string> {
    const out: Record<string, string> = {};
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        const text = this.string(item, [...keys, i]);
        const eq = text.indexOf('=');
        out[eq < 0 ? text : text.slice(0, eq)] = eq < 0 ? '' : text.slice(eq + 1);
      });
      return out;
    }
    for (const [name, raw] of Object.entries(this.object(value, keys))) {
      out[name] = this.literal(this.string(raw ?? '', [...keys, name]), [...keys, name]);
    }
    return out;
  }

  private port(value: Json, keys: readonly (string | number)[]): number {
    const text = String(value).replace(/\/tcp$/, '');
    if (!/^\d+$/.test(text))
      this.fail(keys, `expected a container port such as 5000, got ${JSON.stringify(value)}`);
    return Number(text);
  }

  private publish(value: Json, keys: readonly (string | number)[]): Port[] {
    if (isObject(value)) {
      const port: Port = { target: Number(value.target) };
      if (value.published !== undefined) port.published = Number(value.published);
      if (value.protocol !== undefined) port.protocol = value.protocol as Port['protocol'];
      if (value.mode !== undefined) port.mode = value.mode as Port['mode'];
      if (value.host_ip !== undefined) port.host_ip = String(value.host_ip);
      return [port];
    }
    const text = String(value);
    const match =
      /^(?:(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):)?(?:(\d+)(?:-(\d+))?:)?(\d+)(?:-(\d+))?(?:\/(tcp|udp))?$/.exec(
        text,
      );
    if (!match)
      this.fail(
        keys,
        `expected a port such as "8080:80" or "127.0.0.1:8080:80", got ${JSON.stringify(text)}`,
      );
    const [, hostIp, published, publishedEnd, target, targetEnd, protocol] = match;
    if (publishedEnd !== undefined || targetEnd !== undefined) {
      this.fail(keys, `expected a single port, got the range ${JSON.stringify(text)} (list each port)`);
    }
    const port: Port = { target: Number(target) };
    if (published !== undefined) port.published = Number(published);
    if (protocol === 'udp') port.protocol = 'udp';
    if (hostIp !== undefined) port.host_ip = hostIp;
    return [port];
  }

  private mount(value: Json, keys: readonly (string | number)[]): Mount[] {
    if (isObject(value)) {
      const type = String(value.type ?? 'volume');
      const readOnly = value.read_only === undefined ? {} : { read_only: Boolean(value.read_only) };
      if (type === 'tmpfs') {
        const size =
          isObject(value.tmpfs) && value.tmpfs.size !== undefined ? { size: Number(value.tmpfs.size) } : {};
        return [{ type: 'tmpfs', target: String(value.target), ...size }];
      }
      if ((type === 'volume' || type === 'bind') && typeof value.source === 'string') {
        return [{ type, source: value.source, target: String(value.target), ...readOnly }];
      }
      this.note('lost', keys, `a ${type} mount without a source is not carried over`);
      return [];
    }
    const text = this.string(value, keys);
    const parts = text.split(':');
    if (parts.length === 1) {
      this.note('lost', keys, `the anonymous volume ${JSON.stringify(text)} is not carried over: name it`);
      return [];
    }
    const [source = '', target = '', options = ''] = parts;
    if (parts.length > 3 || target === '')
      this.fail(keys, `expected SOURCE:TARGET[:ro], got ${JSON.stringify(text)}`);
    const flags = options.split(',').filter((flag) => flag !== '');
    for (const flag of flags) {
      if (flag !== 'ro' && flag !== 'rw')
        this.note('lost', keys, `mount option "${flag}" is not carried over`);
    }
    const readOnly = flags.includes('ro') ? { read_only: true } : {};
    const bind = source.startsWith('.') || source.startsWith('/') || source.startsWith('~');
    return [{ type: bind ? 'bind' : 'volume', source, target, ...readOnly }];
  }

  private networks(value: Json, keys: readonly (string | number)[]): ServiceSpec['networks'] {
    const out: NonNullable<ServiceSpec['networks']> = {};
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        out[this.string(item, [...keys, i])] = {};
      });
      return out;
    }
    for (const [name, entry] of Object.entries(this.object(value, keys))) {
      const aliases = isObject(entry) && Array.isArray(entry.aliases) ? entry.aliases.map(String) : undefined;
      if (isObject(entry) && Object.keys(entry).some((k) => k !== 'aliases')) {
        this.note('lost', [...keys, name], `networks.${name} keeps only its aliases`);
      }
      out[name] = aliases ? { aliases } : {};
    }
    return out;
  }

  private dependsOn(value: Json, keys: readonly (string | number)[]): ServiceSpec['depends_on'] {
    const out: NonNullable<ServiceSpec['depends_on']> = {};
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        out[this.string(item, [...keys, i])] = {};
      });
      return out;
    }
    for (const [name, entry] of Object.entries(this.object(value, keys))) {
      const condition = isObject(entry) && typeof entry.condition === 'string' ? entry.condition : undefined;
      out[name] = condition ? { condition: condition as never } : {};
    }
    return out;
  }

  private healthcheck(service: ServiceSpec, value: Json, keys: readonly (string | number)[]): void {
    const check = this.object(value, keys);
    if (check.disable === true) {
      this.note('lost', keys, 'healthcheck.disable is not carried over (leave the health check out instead)');
      return;
    }
    let test: string[];
    const raw = check.test;
    if (typeof raw === 'string') {
      test = ['sh', '-c', raw];
      this.note('changed', [...keys, 'test'], 'a shell-form health check becomes ["CMD", "sh", "-c", ...]');
    } else {
      const words = this.list(raw ?? [], [...keys, 'test']).map((word) =>
        this.string(word, [...keys, 'test']),
      );
      if (words[0] === 'CMD') test = words.slice(1);
      else if (words[0] === 'CMD-SHELL') {
        test = ['sh', '-c', words.slice(1).join(' ')];
        this.note('changed', [...keys, 'test'], 'a CMD-SHELL health check becomes ["CMD", "sh", "-c", ...]');
      } else if (words[0] === 'NONE') {
        this.note('lost', keys, 'healthcheck test NONE is not carried over');
        return;
      } else test = words;
    }
    const out: NonNullable<ServiceSpec['healthcheck']> = {
      test: test.map((word) => this.literal(word, keys)),
    };
    for (const key of ['interval', 'timeout', 'start_period', 'start_interval'] as const) {
      if (check[key] !== undefined) out[key] = this.string(check[key], [...keys, key]);
    }
    if (check.retries !== undefined) out.retries = Number(check.retries);
    service.healthcheck = out;
  }
}

/** Compose's default project name: the folder's name, lower case, only [a-z0-9_-]. */
function projectName(folder: string): string {
  const name = folder.toLowerCase().replace(/[^a-z0-9_-]/g, '');
  return name === '' ? 'imported' : name;
}

/** Splits a command string the way Compose does (shlex): quotes and backslashes, no shell. */
export function splitShellWords(text: string): string[] | undefined {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return undefined;
      word += text.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (char === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && j + 1 < text.length && '"\\$`'.includes(text[j + 1] as string)) j++;
        word += text[j];
      }
      if (j >= text.length) return undefined;
      i = j;
      inWord = true;
    } else if (char === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}
