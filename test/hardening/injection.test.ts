import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import {
  App,
  CacheZone,
  FlaskService,
  type FlaskServiceProps,
  Location,
  Network,
  NginxConfig,
  NginxProxy,
  Server,
  Service,
  Stack,
  ValidationError,
  Volume,
} from '../../packages/dockyard/src';
import { type Directive, findAll, parseNginx } from '../../packages/dockyard/src/model/nginx';
import { synthesizeInMemory } from '../../packages/dockyard/src/pipeline/synthesis';
import type { StackFiles } from './support/compose-batch';
import { printFigures } from './support/figures';
import { snapshotTree } from './support/output-tree';
import { pythonUrlsOf } from './support/python-urls';
import { RealToolPipeline, yieldToIo } from './support/real-tool-pipeline';

// Every string a user can set, fuzzed with nginx's and YAML's special characters (; { } " ' $ \ # newline),
// Go template braces and unicode (astral, separators, bidi controls, lone surrogates, NUL). Each value is either
// rejected with a ValidationError naming the prop, or written so that reading the file back (nginx AST, YAML
// after `$$` unescaping, Python's parser for the health check) gives exactly the value; the real nginx -t and
// docker stack config then accept the file. Nothing else is acceptable: a crash of the printer is a bug.

const RUNS = Number(process.env.DOCKYARD_INJECTION_RUNS ?? 24);
const SEED = Number(process.env.DOCKYARD_PROPERTY_SEED ?? Math.floor(Math.random() * 2 ** 31));

const HOSTILE = [
  ';',
  '{',
  '}',
  '"',
  "'",
  '$',
  '\\',
  '#',
  '\n',
  ' ',
  '\t',
  '\r',
  '/',
  '.',
  '-',
  '_',
  'a',
  'Z',
  '0',
];
const UNICODE = ['é', '✓', '😀', '\u2028', '\u00a0', '\u202e', '\u0000', '\u001b', '\u007f', '\ud800'];
const TEMPLATES = [
  '{{',
  '}}',
  '$$',
  '${',
  '{{.Task.Slot}}',
  '../',
  '*',
  '~',
  ':',
  '=',
  '(',
  ')',
  '%',
  '@',
  '&',
  '!',
];
const unit = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: fc.constantFrom(...TEMPLATES) },
  { weight: 1, arbitrary: fc.constantFrom(...UNICODE) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
);
const hostile = fc.string({ unit, minLength: 1, maxLength: 14 });
/** Mostly the characters a field accepts, sometimes anything: so that values get past validation too. */
const nearly = (accepted: string, prefix = '') =>
  fc
    .string({
      unit: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...accepted) }, { weight: 1, arbitrary: unit }),
      minLength: 1,
      maxLength: 14,
    })
    .map((value) => `${prefix}${value}`);

/** The artifacts as a reader gets them from disk: UTF-8 bytes decoded again (a lone surrogate would not survive). */
interface ReadBack {
  readonly texts: StackFiles;
  readonly nginx: Directive[];
  readonly compose: Doc;
  readonly swarm: Doc;
}
type Doc = { services: Record<string, Record<string, unknown>>; [key: string]: unknown };

/** One user-settable string: how a program uses it, and where it must come back unchanged. */
interface Target {
  readonly name: string;
  /** A rejection must name this prop (the diagnostic's property, or its path for an id). */
  readonly prop: RegExp;
  /**
   * The prop under which the pattern's own L1 child reports the value, when the check lives there (a hand-written
   * Swarm template in a gunicorn argument is found in the Service's `command`).
   */
  readonly internal?: RegExp;
  readonly values: fc.Arbitrary<string>;
  build(stack: Stack, value: string): void;
  /** Where the value appears in the artifacts, read back; must equal `value` (or `expected(value)`). */
  readBack(files: ReadBack, stack: Stack): unknown;
  expected?(value: string): unknown;
  /** Which real tools judge the accepted programs. */
  readonly tools: { readonly nginx: boolean; readonly docker: boolean };
}

const OLD = { nginxVersion: '1.22', dns: 'static' } as const;
const image = 'shop:1.4';
const web = (stack: Stack, props: Partial<FlaskServiceProps> = {}) =>
  new FlaskService(stack, 'web', { image, ...props } as FlaskServiceProps);
const unDollar = (value: unknown) => (typeof value === 'string' ? value.replaceAll('$$', '$') : value);
/** Swarm expands environment, hostname and volume names as Go templates, so a literal `{{` is written as a template. */
const unTemplate = (value: unknown) =>
  typeof value === 'string' ? value.replaceAll('{{"{{"}}', '{{') : value;
const service = (doc: Doc, name: string) => doc.services[name] ?? {};
const directives = (files: ReadBack, name: string) =>
  findAll(files.nginx, name).map((found) => found.directive);
const locationArgs = (files: ReadBack) => directives(files, 'location').map((d) => d.args);
const routed = (stack: Stack) => {
  const nginx = new NginxProxy(stack, 'nginx', OLD);
  return { nginx, pool: nginx.addUpstream('app', { servers: [web(stack)] }) };
};
const both = { nginx: true, docker: true } as const;
const composeOnly = { nginx: false, docker: true } as const;
const nginxOnly = { nginx: true, docker: false } as const;

const targets: Target[] = [
  {
    name: 'environment value',
    prop: /^environment\./,
    values: hostile,
    build: (stack, value) => void web(stack, { environment: { FUZZ: value } }),
    readBack: (files) => [
      unDollar((service(files.compose, 'web').environment as Record<string, unknown>).FUZZ),
      unTemplate(unDollar((service(files.swarm, 'web').environment as Record<string, unknown>).FUZZ)),
    ],
    expected: (value) => [value, value],
    tools: composeOnly,
  },
  {
    name: 'gunicorn extra argument',
    prop: /^extraArgs/,
    internal: /^command\[\d+\]$/,
    values: hostile,
    build: (stack, value) => void web(stack, { extraArgs: [value] }),
    readBack: (files) => [
      unDollar((service(files.compose, 'web').command as unknown[]).at(-2)),
      unDollar((service(files.swarm, 'web').command as unknown[]).at(-2)),
    ],
    expected: (value) => [value, value],
    tools: composeOnly,
  },
  {
    name: 'gunicorn config file',
    prop: /^gunicornConfig/,
    internal: /^command\[\d+\]$/,
    values: hostile,
    build: (stack, value) => void web(stack, { gunicornConfig: value }),
    readBack: (files) => unDollar(gunicornWords(service(files.compose, 'web').command as unknown[])[2]),
    tools: composeOnly,
  },
  {
    name: 'WSGI target with call arguments',
    prop: /^wsgi/,
    internal: /^command\[\d+\]$/,
    values: hostile.map((value) => `app:create(${value})`),
    build: (stack, value) => void web(stack, { wsgi: value }),
    readBack: (files) => unDollar((service(files.compose, 'web').command as unknown[]).at(-1)),
    tools: composeOnly,
  },
  {
    name: 'image name',
    prop: /^image/,
    internal: /^image$/,
    values: hostile,
    build: (stack, value) => void web(stack, { image: value }),
    readBack: (files) => [
      unDollar(service(files.compose, 'web').image),
      unDollar(service(files.swarm, 'web').image),
    ],
    expected: (value) => [value, value],
    tools: composeOnly,
  },
  {
    name: 'health check path (inside a python3 -c script)',
    prop: /^healthcheck\.path/,
    internal: /^healthcheck\.test\[2\]$/,
    values: hostile.map((value) => `/${value}`),
    build: (stack, value) => void web(stack, { healthcheck: { path: value } }),
    readBack: (files) =>
      (service(files.compose, 'web').healthcheck as { test: unknown[] }).test.map(unDollar),
    expected: () => ['CMD', 'python3', '-c', expect.any(String)],
    tools: composeOnly,
  },
  {
    name: 'service name (construct id)',
    // The upstream (its host) and the proxy (its depends_on) repeat the bad name: consequences, reported too.
    prop: /^id$|^servers\[0\]\.host$|^(depends_on|dependsOn)/,
    values: nearly('abcz019-_.', 'w'),
    build: (stack, value) => {
      const nginx = new NginxProxy(stack, 'nginx', OLD);
      nginx.addRoute('/', nginx.addUpstream('app', { servers: [new FlaskService(stack, value, { image })] }));
    },
    readBack: (files) => [
      Object.keys(files.compose.services).filter((name) => name !== 'nginx'),
      directives(files, 'server').flatMap((d) => (d.block === undefined ? [d.args[0]] : [])),
    ],
    expected: (value) => [[value], [`${value}:8000`]],
    tools: both,
  },
  {
    name: 'upstream name',
    prop: /addUpstream|name/,
    values: nearly('abcz019-_.'),
    build: (stack, value) => {
      const nginx = new NginxProxy(stack, 'nginx', OLD);
      nginx.addRoute('/', nginx.addUpstream(value, { servers: [web(stack)] }));
    },
    readBack: (files) => [
      directives(files, 'upstream').map((d) => d.args[0]),
      directives(files, 'proxy_pass').map((d) => d.args[0]),
    ],
    expected: (value) => [[value], [`http://${value}`]],
    tools: nginxOnly,
  },
  {
    name: 'route path (prefix)',
    prop: /^path$|addRoute/,
    values: hostile.map((value) => `/${value}`),
    build: (stack, value) => {
      const { nginx, pool } = routed(stack);
      nginx.addRoute(value, pool);
    },
    readBack: (files) => locationArgs(files).filter((args) => args[0] !== '=' && args[0] !== '^~'),
    expected: (value) => [[value]],
    tools: nginxOnly,
  },
  {
    name: 'route path (exact)',
    prop: /^path$|addRoute/,
    values: hostile.map((value) => `/${value}`),
    build: (stack, value) => {
      const { nginx, pool } = routed(stack);
      nginx.addRoute(value, pool, { modifier: '=' });
    },
    readBack: (files) =>
      locationArgs(files).filter(
        (args) => args[0] === '=' && args[1] !== '/50x.html' && args[1] !== '/healthz',
      ),
    expected: (value) => [['=', value]],
    tools: nginxOnly,
  },
  {
    name: 'response header value',
    prop: /headers\[0\]\.value/,
    values: hostile,
    build: (stack, value) => {
      const { nginx, pool } = routed(stack);
      nginx.addRoute('/', pool, { headers: [{ name: 'X-Fuzz', value }] });
    },
    readBack: (files) =>
      directives(files, 'add_header')
        .filter((d) => d.args[0] === 'X-Fuzz')
        .map((d) => d.args[1]),
    expected: (value) => [value],
    tools: nginxOnly,
  },
  {
    name: 'upstream hash key',
    prop: /hashKey/,
    values: hostile,
    build: (stack, value) => {
      const nginx = new NginxProxy(stack, 'nginx', OLD);
      nginx.addRoute(
        '/',
        nginx.addUpstream('app', { servers: [web(stack)], method: 'hash', hashKey: value }),
      );
    },
    readBack: (files) => directives(files, 'hash').map((d) => d.args[0]),
    expected: (value) => [value],
    tools: nginxOnly,
  },
  {
    name: 'server name',
    prop: /^serverName/,
    values: nearly('abcz019.-*_~'),
    build: (stack, value) => {
      const nginx = new NginxProxy(stack, 'nginx', { ...OLD, serverName: [value] });
      nginx.addRoute('/', nginx.addUpstream('app', { servers: [web(stack)] }));
    },
    readBack: (files) => directives(files, 'server_name').map((d) => d.args),
    expected: (value) => [[value]],
    tools: nginxOnly,
  },
  {
    name: 'static files URL path',
    prop: /addStatic/,
    values: hostile.map((value) => `/${value}`),
    build: (stack, value) => {
      const nginx = new NginxProxy(stack, 'nginx', OLD);
      nginx.addStatic(value, web(stack, { staticFiles: { appDir: '/app/static' } }));
    },
    readBack: (files) => locationArgs(files).filter((args) => args[0] === '^~'),
    expected: (value) => [['^~', value.endsWith('/') ? value : `${value}/`]],
    tools: nginxOnly,
  },
  {
    name: 'cache path',
    prop: /^path$/,
    values: hostile.map((value) => `/var/cache/nginx/${value}`),
    build: (stack, value) => {
      const { nginx } = routed(stack);
      new CacheZone(nginx.config, 'fuzz', { path: value });
    },
    readBack: (files) => directives(files, 'proxy_cache_path').map((d) => d.args[0]),
    expected: (value) => [value],
    tools: nginxOnly,
  },
  {
    name: 'return text of a location',
    prop: /^return\.text/,
    values: hostile,
    build: (stack, value) => {
      const server = new Server(new NginxConfig(stack, 'cfg', { user: false }), 'srv', { listen: [8080] });
      new Location(server, 'fuzz', { path: '/fuzz', return: { code: 200, text: value } });
    },
    readBack: (files) => directives(files, 'return').map((d) => d.args[1]),
    expected: (value) => [value],
    tools: nginxOnly,
  },
  {
    name: 'proxy image',
    prop: /^image/,
    internal: /^image$/,
    values: hostile,
    build: (stack, value) => void new NginxProxy(stack, 'nginx', { ...OLD, image: value }),
    readBack: (files) => [
      unDollar(service(files.compose, 'nginx').image),
      unDollar(service(files.swarm, 'nginx').image),
    ],
    expected: (value) => [value, value],
    tools: composeOnly,
  },
  {
    name: 'volume name',
    prop: /^name/,
    values: hostile,
    build: (stack, value) => {
      const data = new Volume(stack, 'data', { name: value });
      new Service(stack, 'db', { image, volumes: [{ volume: data, target: '/data' }] });
    },
    readBack: (files) => [
      unDollar((files.compose.volumes as Record<string, { name: string }>).data?.name),
      unTemplate(unDollar((files.swarm.volumes as Record<string, { name: string }>).data?.name)),
    ],
    expected: (value) => [value, value],
    tools: composeOnly,
  },
  {
    name: 'network alias',
    prop: /^networks/,
    values: hostile,
    build: (stack, value) => {
      const net = new Network(stack, 'net');
      new Service(stack, 'db', { image, networks: [{ network: net, aliases: [value] }] });
    },
    readBack: (files) =>
      unDollar(
        (service(files.compose, 'db').networks as Record<string, { aliases: string[] }>).net?.aliases[0],
      ),
    tools: composeOnly,
  },
  {
    name: 'label value',
    prop: /^labels/,
    values: hostile,
    build: (stack, value) => void new Service(stack, 'db', { image, labels: { 'com.example.fuzz': value } }),
    readBack: (files) =>
      unDollar((service(files.compose, 'db').labels as Record<string, string>)['com.example.fuzz']),
    tools: composeOnly,
  },
  {
    name: 'hostname',
    prop: /^hostname/,
    values: hostile,
    build: (stack, value) => void new Service(stack, 'db', { image, hostname: value }),
    readBack: (files) => [
      unDollar(service(files.compose, 'db').hostname),
      unTemplate(unDollar(service(files.swarm, 'db').hostname)),
    ],
    expected: (value) => [value, value],
    tools: composeOnly,
  },
  {
    name: 'build context (a path, rewritten relative to the stack folder)',
    prop: /^build\.context/,
    values: hostile,
    build: (stack, value) => void web(stack, { build: { context: value } }),
    readBack: (files, stack) => {
      const app = stack.node.root as App;
      const context = unDollar(
        (service(files.compose, 'web').build as { context: string }).context,
      ) as string;
      return path.resolve(app.outdir, stack.stackName, context);
    },
    expected: (value) => path.resolve(fuzzBase, value),
    tools: composeOnly,
  },
];

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockyard-injection-'));
const fuzzBase = path.join(outdir, 'program');
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

function readBack(files: readonly { fileName: string; text: string }[]): ReadBack {
  const texts = Object.fromEntries(
    files.map((file) => [file.fileName, Buffer.from(file.text, 'utf8').toString('utf8')]),
  );
  const yaml = (name: string) =>
    texts[name] === undefined ? { services: {} } : (parseYaml(texts[name]) as Doc);
  return {
    texts,
    nginx: texts['nginx.conf'] === undefined ? [] : parseNginx(texts['nginx.conf']),
    compose: yaml('compose.yaml'),
    swarm: yaml('stack.yaml'),
  };
}

/** gunicorn's own words of a FlaskService command, behind the stop-delay wrapper (`sh -c SCRIPT gunicorn ...`). */
function gunicornWords(command: unknown[]): unknown[] {
  return command[0] === 'sh' ? command.slice(4) : command;
}

interface Accepted {
  readonly target: string;
  readonly value: string;
  readonly index: number;
}

test(`every user-settable string is rejected or read back unchanged, and the real tools accept it (${targets.length} fields)`, async () => {
  // GIVEN
  const pipeline = new RealToolPipeline({ nginxChunk: 150, dockerConcurrency: 2 });
  const accepted: Accepted[] = [];
  const healthScripts: Array<{ value: string; script: string }> = [];
  let tried = 0;
  let rejected = 0;
  let internalRejections = 0;

  // WHEN
  for (const target of targets) {
    await fc.assert(
      fc.asyncProperty(target.values, async (value) => {
        tried += 1;
        const app = new App({ outdir, baseDir: fuzzBase });
        const stack = new Stack(app, 'fuzz');
        let files: ReturnType<typeof synthesizeInMemory>['files'];
        try {
          target.build(stack, value);
          files = synthesizeInMemory(app, [stack]).files;
        } catch (error) {
          // Only a ValidationError is a clear rejection; it must be about this prop and nothing else.
          if (!(error instanceof ValidationError)) throw error;
          const errors = error.diagnostics.filter((d) => d.level === 'error');
          const about = (d: (typeof errors)[number]) =>
            target.prop.test(d.property ?? '') ||
            target.prop.test(d.path) ||
            (target.internal?.test(d.property ?? '') === true && d.path.startsWith(`${stack.node.path}/`));
          const strays = errors.filter((d) => !about(d));
          internalRejections += errors.some(
            (d) => !target.prop.test(d.property ?? '') && !target.prop.test(d.path),
          )
            ? 1
            : 0;
          if (strays.length > 0) throw new Error(`rejected for another reason: ${error.message}`);
          rejected += 1;
          return;
        }
        const back = readBack(files);
        expect(target.readBack(back, stack)).toEqual(target.expected ? target.expected(value) : value);
        if (target.name.startsWith('health check')) {
          const test = (service(back.compose, 'web').healthcheck as { test: string[] }).test;
          healthScripts.push({ value, script: unDollar(test[3]) as string });
        }
        const index = pipeline.add(back.texts, target.tools);
        accepted.push({ target: target.name, value, index });
        await yieldToIo();
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }
  const [verdicts, urls] = await Promise.all([
    pipeline.finish(),
    pythonUrlsOf(healthScripts.map((h) => h.script)),
  ]);

  // THEN
  const failures = accepted.flatMap(({ target, value, index }) => {
    const verdict = verdicts[index];
    const problems = [
      ...(verdict?.nginx === undefined || verdict.nginx.ok ? [] : [`nginx -t: ${verdict.nginx.output}`]),
      ...(verdict?.docker?.problems ?? []),
    ];
    return problems.length === 0 ? [] : [`${target} ${JSON.stringify(value)}: ${problems.join('\n')}`];
  });
  healthScripts.forEach(({ value, script }, i) => {
    const url = urls[i];
    if (!url?.endsWith(value))
      failures.push(
        `health check ${JSON.stringify(value)}: python reads ${JSON.stringify(url)} from ${script}`,
      );
  });
  printFigures(
    'injection',
    {
      fields: targets.length,
      'injections tried': tried,
      'rejected with a clear error': rejected,
      'of which reported on an L1 child': internalRejections,
      'accepted and read back unchanged': accepted.length,
      'nginx -t runs': verdicts.filter((v) => v.nginx !== undefined).length,
      'docker stack config runs': verdicts.filter((v) => v.docker !== undefined).length,
      failures: failures.length,
    },
    `seed ${SEED}`,
  );
  expect(failures).toEqual([]);
}, 600_000);

describe('ids and file names that would escape the output folder are rejected', () => {
  const escapes = ['../x', '..', '.', '/etc', '/tmp/x', 'a/../../b', 'a/b', '.hidden', '..\\x', 'x\0y'];

  test.each(escapes)('stack id %j', (id) => {
    // GIVEN
    const dir = fs.mkdtempSync(path.join(outdir, 'escape-'));
    const app = new App({ outdir: path.join(dir, 'dist') });
    // WHEN
    const build = () => new FlaskService(new Stack(app, id), 'web', { image });
    // THEN: constructs refuses some ids itself; every other one is a ValidationError before anything is written
    let thrown: unknown;
    try {
      build();
      app.synth();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    if (thrown instanceof ValidationError)
      expect(thrown.diagnostics.some((d) => d.property === 'id')).toBe(true);
    expect(snapshotTree(dir)).toEqual({});
  });

  test.each(escapes)('nginx config file name %j', (fileName) => {
    // GIVEN
    const dir = fs.mkdtempSync(path.join(outdir, 'escape-'));
    const app = new App({ outdir: path.join(dir, 'dist') });
    const stack = new Stack(app, 'shop');
    new NginxConfig(stack, 'cfg', { fileName });
    new NginxProxy(stack, 'nginx', { fileName });
    // WHEN
    const synth = () => app.synth();
    // THEN
    expect(synth).toThrow(ValidationError);
    expect(snapshotTree(dir)).toEqual({});
  });
});
