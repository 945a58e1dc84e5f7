import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';
import { unpackInto } from '../support/package/installed';
import { packDockyard } from '../support/package/pack';

// What a user's editor shows when hovering a prop, asked of the TypeScript language service against the packed
// package: the shipped .d.ts, not this repository's source (whose hovers show the TSDoc either way). A zod
// schema's inferred type drops every comment; the documented props interfaces keep them.

/** The program a user writes; `«name»` marks the prop to hover (the marker is removed). */
const PROGRAM = `
import {
  App, BackupUpstream, CacheZone, Config, FlaskService, LimitZone, LoadBalancedStack, Location, Network,
  NginxConfig, NginxMap, NginxProxy, Secret, Server, Service, Stack, Upstream, Volume,
} from 'dockyard';

const app = new App();
new LoadBalancedStack(app, 'shop', { «flask»: { port: 5000 }, «proxy»: { publish: 8080 } });
const stack = new Stack(app, 'other');
const web = new FlaskService(stack, 'web', { «port»: 5000, «replicas»: 2 });
const spare = new FlaskService(stack, 'spare', {});
const proxy = new NginxProxy(stack, 'nginx', { «publish»: 8080 });
const pool = proxy.addUpstream('app', { servers: [web] });
new BackupUpstream(stack, 'backup', { upstream: pool, «service»: spare });
proxy.addRoute('/api/', pool, { «cache»: { ttl: '1m' } });

const net = new Network(stack, 'net', { «driver»: 'overlay' });
const data = new Volume(stack, 'data', { «external»: false });
const settings = new Config(stack, 'settings', { file: 'settings.ini', «key»: 'settings' });
const token = new Secret(stack, 'token', { file: 'token.txt', «key»: 'token' });
new Service(stack, 'db', {
  «image»: 'postgres:17',
  «containerName»: 'db',
  build: { context: '.', «dockerfile»: 'Dockerfile.db' },
  ports: [{ target: 5432, «protocol»: 'tcp', «hostIp»: '127.0.0.1' }],
  volumes: [{ volume: data, target: '/data', «readOnly»: true }],
  networks: [{ network: net, «aliases»: ['database'] }],
  configs: [{ config: settings, «target»: '/etc/db.ini' }],
  secrets: [{ secret: token, «mode»: 0o400 }],
  healthcheck: { test: ['pg_isready'], «startPeriod»: '10s', «retries»: 5 },
  deploy: {
    «replicas»: 1,
    «endpointMode»: 'vip',
    updateConfig: { «failureAction»: 'rollback' },
    restartPolicy: { «maxAttempts»: 3 },
    placement: { «maxReplicasPerNode»: 1 },
  },
});

const config = new NginxConfig(stack, 'conf', { «workerConnections»: 2048, «keepaliveTimeout»: '30s' });
const zone = new CacheZone(config, 'cache', { «maxSize»: '2g' });
const limit = new LimitZone(config, 'limit', { rate: '10r/s', «size»: '20m' });
new NginxMap(config, 'upgrade', { source: 'http_upgrade', variable: 'connection_upgrade', «default»: 'close' });
const upstream = new Upstream(config, 'pool', {
  «method»: 'least_conn',
  servers: [{ host: 'web', port: 8000, «weight»: 2 }],
  «dns»: 'static',
});
const server = new Server(config, 'site', {
  «listen»: [{ port: 443, «ssl»: true }],
  tls: { certificate: '/c.pem', key: '/k.pem', «sessionTimeout»: '4h' },
  limits: { requests: [{ zone: limit, «burst»: 10 }], «status»: 429 },
});
new Location(server, 'root', {
  path: '/',
  «internal»: false,
  proxy: { upstream, «headers»: [], cache: { zone, valid: [{ ttl: '1m' }], «lock»: true } },
});

/** A prop without TSDoc: the check below must fail on it. */
interface Undocumented { readonly bare?: number }
const undocumented: Undocumented = { «bare»: 1 };
void undocumented;
`;

/** Where each marked prop sits in the program, and the program without its markers. */
function marked(program: string): { text: string; marks: Array<{ name: string; position: number }> } {
  const marks: Array<{ name: string; position: number }> = [];
  let text = '';
  let rest = program;
  for (let match = /«(\w+)»/.exec(rest); match; match = /«(\w+)»/.exec(rest)) {
    text += rest.slice(0, match.index);
    marks.push({ name: match[1] as string, position: text.length });
    text += match[1];
    rest = rest.slice(match.index + match[0].length);
  }
  return { text: text + rest, marks };
}

interface Hover {
  readonly display: string;
  readonly documentation: string;
  readonly defaultTag: string | undefined;
}

/** A language service for one file of a project, reading everything else from disk. */
function languageService(project: string, file: string, text: string): ts.LanguageService {
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [file],
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) => {
      const content = name === file ? text : ts.sys.readFile(name);
      return content === undefined ? undefined : ts.ScriptSnapshot.fromString(content);
    },
    getCurrentDirectory: () => project,
    getCompilationSettings: () => ({
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      noEmit: true,
      types: [],
    }),
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
    realpath: ts.sys.realpath,
  };
  return ts.createLanguageService(host, ts.createDocumentRegistry());
}

/**
 * What is missing from a hover for a user to learn the prop: its documentation, and for an optional prop (the
 * hover shows `name?:`) its `@default`; a required prop has no default to tell.
 */
function missing(hover: Hover, name: string): string[] {
  const gaps: string[] = [];
  if (hover.documentation.trim() === '') gaps.push('no documentation');
  const optional = hover.display.includes(`${name}?:`);
  if (optional && (hover.defaultTag === undefined || hover.defaultTag.trim() === ''))
    gaps.push('no @default');
  return gaps;
}

describe('hovering a prop in an editor, with the packed package installed', () => {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'dockyard-hover-'));
  const project = path.join(stage, 'project');
  const { text, marks } = marked(PROGRAM);
  const hovers = new Map<number, Hover>();
  let diagnostics: string[] = [];

  beforeAll(async () => {
    const tarball = await packDockyard('npm', stage, path.join(stage, 'npm'));
    unpackInto(tarball, project);
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'shop', private: true }));
    const file = path.join(project, 'infra.ts');
    fs.writeFileSync(file, text);
    const service = languageService(project, file, text);
    diagnostics = service
      .getSemanticDiagnostics(file)
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    for (const { position } of marks) {
      const info = service.getQuickInfoAtPosition(file, position);
      hovers.set(position, {
        display: ts.displayPartsToString(info?.displayParts),
        documentation: ts.displayPartsToString(info?.documentation),
        defaultTag: info?.tags
          ?.find((tag) => tag.name === 'default')
          ?.text?.map((part) => part.text)
          .join(''),
      });
    }
  }, 600_000);
  afterAll(() => {
    fs.rmSync(stage, { recursive: true, force: true });
  });

  const hoverOf = (occurrence: string): { name: string; hover: Hover } => {
    const [name, nth] = occurrence.split('#') as [string, string | undefined];
    const mark = marks.filter((candidate) => candidate.name === name)[Number(nth ?? 0)];
    if (!mark) throw new Error(`no «${name}» #${nth ?? 0} in the program`);
    return { name, hover: hovers.get(mark.position) as Hover };
  };

  /** The hover names the prop and has its documentation, and its `@default` when the prop is optional. */
  const expectDocumented = (occurrence: string): void => {
    const { name, hover } = hoverOf(occurrence);
    expect({ name, display: hover.display, missing: missing(hover, name) }).toEqual({
      name,
      display: expect.stringContaining(name),
      missing: [],
    });
  };

  test('the program compiles against the installed declarations', () => {
    expect(diagnostics).toEqual([]);
  });

  // `name#n` is the n-th marked occurrence of the prop in the program (0 when left out).
  test.each([
    ['LoadBalancedStack', 'flask'],
    ['LoadBalancedStack', 'proxy'],
    ['FlaskService', 'port'],
    ['FlaskService', 'replicas#0'],
    ['NginxProxy', 'publish'],
    ['BackupUpstream', 'service'],
    ['NginxProxy.addRoute options', 'cache#0'],
  ])('pattern %s: %s shows its documentation and @default', (_construct, occurrence) => {
    expectDocumented(occurrence);
  });

  test.each([
    ['Network', 'driver'],
    ['Volume', 'external'],
    ['Config', 'key#0'],
    ['Secret', 'key#1'],
    ['Service', 'image'],
    ['Service', 'containerName'],
    ['Service build', 'dockerfile'],
    ['Service ports', 'protocol'],
    ['Service ports', 'hostIp'],
    ['Service volumes', 'readOnly'],
    ['Service networks', 'aliases'],
    ['Service configs', 'target'],
    ['Service secrets', 'mode'],
    ['Service healthcheck', 'startPeriod'],
    ['Service healthcheck', 'retries'],
    ['Service deploy', 'replicas#1'],
    ['Service deploy', 'endpointMode'],
    ['Service deploy.updateConfig', 'failureAction'],
    ['Service deploy.restartPolicy', 'maxAttempts'],
    ['Service deploy.placement', 'maxReplicasPerNode'],
    ['NginxConfig', 'workerConnections'],
    ['NginxConfig', 'keepaliveTimeout'],
    ['CacheZone', 'maxSize'],
    ['LimitZone', 'size'],
    ['NginxMap', 'default'],
    ['Upstream', 'method'],
    ['Upstream', 'dns'],
    ['Upstream servers', 'weight'],
    ['Server', 'listen'],
    ['Server listen', 'ssl'],
    ['Server tls', 'sessionTimeout'],
    ['Server limits', 'burst'],
    ['Server limits', 'status'],
    ['Location', 'internal'],
    ['Location proxy', 'headers'],
    ['Location proxy.cache', 'lock'],
  ])('L1 %s: %s shows its documentation and @default', (_construct, occurrence) => {
    expectDocumented(occurrence);
  });

  test('an undocumented prop fails the check: the hover has its type and nothing else', () => {
    const { hover } = hoverOf('bare');
    expect(hover.display).toContain('bare');
    expect(missing(hover, 'bare')).toEqual(['no documentation', 'no @default']);
  });
});
