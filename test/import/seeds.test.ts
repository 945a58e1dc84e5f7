import * as fs from 'node:fs';
import * as path from 'node:path';
import { flattenData, flattenNginx, missing } from '../../packages/dockyard/src/import/diff';
import { importProject, synthesize } from '../../packages/dockyard/src/import/import-project';
import { splitShellWords } from '../../packages/dockyard/src/import/read-compose';
import { parseNginx } from '../../packages/dockyard/src/model/nginx';
import { checkComposeText, dockerStackConfig, validateComposeSchema } from '../support/compose';
import { checkNginxConfig } from '../support/nginx/nginx-check';
import { composeConfig } from './compose-config';
import { ROOT, scratchDir, typeCheck } from './support';

// The seeds' hand-written files (test fixtures, copied from the tutorials; each names its seed in its first
// lines) imported, synthesized, and compared with the originals: compose files after the real
// `docker compose config` has read both, nginx configs as directive trees. What differs must be one of the
// deliberate improvements listed below, each with its reason; the results pass the real validators.

const COMPOSE = path.join(ROOT, 'test/fixtures/compose');
const NGINX = path.join(ROOT, 'packages/dockyard/test/fixtures/nginx');

/** Differences Dockyard makes on purpose, as `docker compose config` paths, and why. */
const COMPOSE_IMPROVEMENTS: ReadonlyArray<{ readonly path: RegExp; readonly reason: string }> = [
  {
    path: /^services\.[^.]+\.healthcheck\.test\[\d\] = /,
    reason: 'a CMD-SHELL health check is written in exec form, ["CMD", "sh", "-c", ...] (the same command)',
  },
  {
    path: /^services\.[^.]+\.depends_on\.[^.]+\.condition = /,
    reason:
      'a dependency with a health check is waited for until healthy (service_healthy), not just started',
  },
];

/**
 * What a FlaskService writes in place of a hand-written gunicorn service (`flask` of a seed below): its
 * changes are Dockyard's, on purpose.
 */
const FLASK_IMPROVEMENTS: ReadonlyArray<{ readonly path: RegExp; readonly reason: string }> = [
  {
    path: /^command\[\d+\] = /,
    reason: "gunicorn's command in exec form, options spelled out, access log to stdout",
  },
  { path: /^expose\[0\] = /, reason: "gunicorn's port is exposed to the stack's networks" },
  { path: /^healthcheck\./, reason: 'a health check, so nginx and depends_on can tell a dead replica' },
  { path: /^deploy\.restart_policy\./, reason: 'a replica that exits is restarted' },
  { path: /^deploy\.(update_config|rollback_config)\./, reason: 'rolling updates, one replica at a time' },
  {
    path: /^stop_grace_period = /,
    reason: 'a stopping replica serves on until nginx has re-resolved (stopDelay), then gunicorn finishes',
  },
  { path: /^volumes\[0\]\.source = /, reason: 'the per-replica log volume is keyed <service>_logs' },
];

/** nginx directives NginxConfig adds to a fragment or a bare config (it writes a whole nginx.conf). */
const NGINX_ADDITIONS: ReadonlyArray<{ readonly directive: RegExp; readonly reason: string }> = [
  { directive: /^(worker_processes|pid|error_log) /, reason: 'the main context of a whole nginx.conf' },
  {
    directive: /^events( \{\}| > worker_connections \d+)$/,
    reason: 'the events context of a whole nginx.conf',
  },
  {
    directive:
      /^http > (default_type|access_log|keepalive_timeout|client_header_timeout|client_body_timeout|send_timeout) /,
    reason: 'logs to the container, and timeouts against slow clients (slow-loris)',
  },
  { directive: /^http > server_tokens off$/, reason: 'no nginx version in headers and error pages' },
];

/**
 * What an NginxProxy writes in place of a hand-written nginx service and config (`proxy` of a seed below),
 * beyond NGINX_ADDITIONS: its defaults, on purpose.
 */
const PROXY_SERVICE_IMPROVEMENTS: ReadonlyArray<{ readonly path: RegExp; readonly reason: string }> = [
  { path: /^configs\[0\]\./, reason: 'the generated nginx.conf is mounted as a config' },
  { path: /^healthcheck\./, reason: 'a health check that asks nginx itself, not the apps' },
  { path: /^restart = |^deploy\.restart_policy\./, reason: 'nginx is restarted when it exits' },
  { path: /^depends_on\./, reason: 'nginx starts once its backends answer their health checks' },
];
const PROXY_NGINX_CHANGES: ReadonlyArray<{ readonly directive: RegExp; readonly reason: string }> = [
  {
    directive: /^http > upstream [^ ]+ > (server [^ ]+ resolve|zone [^ ]+ 64k)$|^http > resolver /,
    reason: "nginx re-resolves the service name, so it follows the replicas' addresses (seed 002)",
  },
  { directive: /^http > upstream [^ ]+ > server [^ ]+$/, reason: 'the same server, with resolve' },
  { directive: /^http > (server > )?server_tokens off$/, reason: 'set once for every server, in http' },
  {
    directive: /^(user nginx|http > include \/etc\/nginx\/mime\.types|http > (sendfile|tcp_nopush) on)$/,
    reason: "the official image's user, MIME types and sendfile",
  },
  { directive: /^http > gzip/, reason: 'text responses compressed' },
  {
    directive: /^http > server > (listen \d+ default_server|listen \d+)$/,
    reason: 'the proxy answers every host name',
  },
  {
    directive: /^http > server > proxy_(connect|send|read)_timeout |^http > server > proxy_next_upstream/,
    reason: 'timeouts and failover to the next replica',
  },
  { directive: /^http > server > add_header /, reason: 'security headers' },
  {
    directive: /^http > server > (error_page 500 502 503 504 \/50x\.html|location = \/50x\.html.*)$/,
    reason: "nginx's errors answered with the image's 50x page",
  },
  {
    directive:
      /^http > server > location [^>]+ > proxy_set_header (Host|X-Real-IP|X-Forwarded-For|X-Forwarded-Proto) /,
    reason: 'forwarded headers: the app learns the client and scheme',
  },
  {
    directive:
      /^http > server( \{\}| > listen 127\.0\.0\.1:8099| > access_log off| > location = \/healthz.*)$/,
    reason: "the health check's status server, on 127.0.0.1 only",
  },
];

const SEEDS = [
  {
    seed: '000 v1',
    yaml: 'seed-000-stack-v1.yaml',
    nginx: 'seed-000-loadbalancer.conf',
    compare: 'stack.yaml',
    flask: ['backend'],
    proxy: 'nginx',
  },
  {
    seed: '000 v2',
    yaml: 'seed-000-stack-v2.yaml',
    nginx: 'seed-000-loadbalancer.conf',
    compare: 'stack.yaml',
    flask: ['backend'],
    proxy: 'nginx',
  },
  {
    seed: '001',
    yaml: 'seed-001-compose.yaml',
    nginx: 'seed-001-nginx.conf',
    compare: 'compose.yaml',
    flask: [],
    proxy: undefined,
  },
  // flask-app runs gunicorn but publishes a port and has its own health check: it stays a Service, and the
  // config in front of it L1 constructs (its cached /cache-me as an NginxProxy route: cached-route.test.ts).
  {
    seed: '003',
    yaml: 'seed-003-compose.yaml',
    nginx: 'seed-003-default.conf',
    compare: 'compose.yaml',
    flask: [],
    proxy: undefined,
  },
  {
    seed: '004',
    yaml: 'seed-004-stack.yaml',
    nginx: 'seed-004-app.conf',
    compare: 'compose.yaml',
    flask: [],
    proxy: undefined,
  },
] as const;

const scratch = scratchDir('import-seeds-');
/** The emitted programs, for one tsc run over all of them. */
const programs: string[] = [];
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** What `docker compose config` still writes in more than one way: ports as strings, short environment. */
function normalized(model: Record<string, unknown>): Record<string, unknown> {
  const services = (model.services ?? {}) as Record<string, Record<string, unknown>>;
  for (const service of Object.values(services)) {
    for (const key of ['command', 'entrypoint']) {
      if (typeof service[key] === 'string') service[key] = splitShellWords(service[key] as string);
    }
    if (Array.isArray(service.environment)) {
      service.environment = Object.fromEntries(
        (service.environment as string[]).map((entry) => [
          entry.split('=')[0],
          entry.split('=').slice(1).join('='),
        ]),
      );
    }
    for (const port of (service.ports ?? []) as Record<string, unknown>[]) {
      if (port.published !== undefined) port.published = String(port.published);
    }
    for (const mount of (service.volumes ?? []) as Record<string, unknown>[]) {
      if (JSON.stringify(mount.volume) === '{}') delete mount.volume;
    }
  }
  // Each target gets the network driver it can run (compose.yaml bridge, stack.yaml overlay).
  for (const network of Object.values((model.networks ?? {}) as Record<string, Record<string, unknown>>)) {
    delete network.driver;
  }
  return model;
}

describe.each(SEEDS)('seed $seed ($yaml, $nginx)', ({ seed, yaml, nginx, compare, flask, proxy }) => {
  const programDir = path.join(scratch, seed.replace(' ', '-'));
  fs.mkdirSync(programDir, { recursive: true });
  const result = importProject({
    yamlFiles: [path.join(COMPOSE, yaml)],
    nginxFiles: nginx ? [path.join(NGINX, nginx)] : [],
    programFile: path.join(programDir, 'infra.ts'),
  });
  const files = synthesize(result.plan, programDir);
  fs.writeFileSync(path.join(programDir, 'infra.ts'), result.text);
  programs.push(path.join(programDir, 'infra.ts'));
  const out = path.join(programDir, 'dist', result.stackName);
  fs.mkdirSync(out, { recursive: true });
  for (const [name, text] of files ?? []) fs.writeFileSync(path.join(out, name), text);

  test('WHEN imported THEN the program is valid, its gunicorn services are FlaskServices, and nothing is lost', () => {
    expect(files).toBeDefined();
    const recognised = [...result.text.matchAll(/new FlaskService\(\w+, '([^']+)'/g)].map(
      (match) => match[1],
    );
    expect(recognised).toEqual(flask);
    expect(result.notes.filter((note) => note.level === 'lost')).toEqual([]);
    // The one warning a seed may get: its nginx config reaches nginx some other way (an image's COPY, a
    // bind mount of a folder on the host), so the imported nginx.conf must still be mounted by hand.
    const warnings = result.notes.filter((note) => note.level === 'warning').map((note) => note.message);
    // A proxy's image tag that names no nginx version: the config is written for Dockyard's, and says so.
    const expected = proxy
      ? [expect.stringMatching(/^the tag of image "nginx:production" does not say its nginx version/)]
      : [];
    expect(warnings.filter((message) => !message.startsWith('no service mounts this nginx config'))).toEqual(
      expected,
    );
    expect(result.text.includes('new NginxProxy(')).toBe(proxy !== undefined);
  });

  test(`WHEN both go through docker compose config THEN ${compare} equals the original but for the listed improvements`, () => {
    // GIVEN / WHEN
    const before = flattenData(normalized(composeConfig(path.join(COMPOSE, yaml), result.stackName)));
    const after = flattenData(normalized(composeConfig(path.join(out, compare), result.stackName)));
    // THEN
    const flaskLine = (line: string): boolean => {
      const match = /^services\.([^.]+)\.(.*)$/.exec(line);
      if (match && (flask as readonly string[]).includes(match[1] as string))
        return FLASK_IMPROVEMENTS.some((improvement) => improvement.path.test(match[2] as string));
      if (match && match[1] === proxy)
        return PROXY_SERVICE_IMPROVEMENTS.some((improvement) => improvement.path.test(match[2] as string));
      // The config carrying the generated nginx.conf.
      if (proxy && /^configs\./.test(line)) return true;
      // The per-replica log volume FlaskService declares, keyed by its service, with the file's name.
      return flask.some((service) => line.startsWith(`volumes.${service}_logs.`));
    };
    const unexplained = (lines: string[]) =>
      lines.filter(
        (line) =>
          !COMPOSE_IMPROVEMENTS.some((improvement) => improvement.path.test(line)) && !flaskLine(line),
      );
    const lost = missing(before, after);
    const added = missing(after, before);
    // A volume renamed only in its key: the same Docker name on both sides.
    const sameName = (line: string, other: string[]) =>
      /^volumes\.[^.]+\.name = /.test(line) &&
      other.some(
        (each) => /^volumes\.[^.]+_logs\.name = /.test(each) && each.split(' = ')[1] === line.split(' = ')[1],
      );
    expect(unexplained(lost).filter((line) => !sameName(line, added))).toEqual([]);
    expect(unexplained(added)).toEqual([]);
    if (flask.length > 0) expect(added.filter(flaskLine).length).toBeGreaterThan(0);
  });

  if (nginx) {
    test('WHEN the nginx configs are compared as directive trees THEN only the listed directives were added', () => {
      // GIVEN
      const fragment = parseNginx(fs.readFileSync(path.join(NGINX, nginx), 'utf8'));
      const whole = fragment.some((directive) => directive.name === 'http')
        ? fragment
        : [{ name: 'http', args: [], block: fragment }];
      // WHEN
      const produced = parseNginx(files?.get('nginx.conf') ?? '');
      // THEN
      const changes = proxy ? PROXY_NGINX_CHANGES : [];
      const explained = (line: string) =>
        [...NGINX_ADDITIONS, ...changes].some((addition) => addition.directive.test(line));
      expect(missing(flattenNginx(whole), flattenNginx(produced)).filter((line) => !explained(line))).toEqual(
        [],
      );
      const added = missing(flattenNginx(produced), flattenNginx(whole));
      expect(added.filter((line) => !explained(line))).toEqual([]);
    });

    test('WHEN nginx -t reads the imported nginx.conf THEN it is accepted', async () => {
      const check = await checkNginxConfig(files?.get('nginx.conf') ?? '');
      expect({ ok: check.ok, output: check.ok ? '' : check.output }).toEqual({ ok: true, output: '' });
    });
  }

  test('WHEN the real validators read the artifacts THEN they accept them', () => {
    const compose = files?.get('compose.yaml') ?? '';
    expect(validateComposeSchema(compose)).toEqual([]);
    expect(checkComposeText(compose)).toEqual([]);
    const stack = files?.get('stack.yaml');
    if (stack !== undefined) {
      const verdict = dockerStackConfig(stack);
      expect({ ok: verdict.ok, stderr: verdict.stderr }).toEqual({ ok: true, stderr: '' });
    }
  });
});

test('GIVEN the programs imported from the seeds WHEN tsc checks them THEN they type-check against dockyard', () => {
  // GIVEN / WHEN
  const verdict = typeCheck(scratch, programs);
  // THEN
  expect(programs).toHaveLength(SEEDS.length);
  expect(verdict).toEqual({ code: 0, out: '' });
});

// Seed 002 (`docker-compose up --scale web=2` behind nginx) shows its config only with the tutorial's own
// elision ("....") in the location, and its workaround only as a fragment of a server block without the ";"
// after `set`. nginx -t refuses both as written, so the importer does too: one clear error at the place,
// nothing written, instead of a program that cannot print its nginx.conf.
describe('seed 002 (seed-002-server.conf, seed-002-workaround.conf)', () => {
  const programFile = path.join(scratch, 'seed-002', 'infra.ts');
  const importNginx = (file: string) => () =>
    importProject({ yamlFiles: [], nginxFiles: [path.join(NGINX, file)], programFile });

  test('WHEN the config with the elision is imported THEN the error names the "...." directive, its line and column', () => {
    expect(importNginx('seed-002-server.conf')).toThrow(
      `${path.join(NGINX, 'seed-002-server.conf')}:9:9: "...." is not an nginx directive (nginx -t refuses it; names are lowercase letters, digits and _): an elision left in a copied config?`,
    );
  });

  test('WHEN the workaround is imported THEN the error names its "...." too', () => {
    expect(importNginx('seed-002-workaround.conf')).toThrow(
      `${path.join(NGINX, 'seed-002-workaround.conf')}:8:5: "...." is not an nginx directive`,
    );
  });

  test('WHEN the config without the elision is imported THEN upstream-less proxy_pass stays a Location, exactly', () => {
    // GIVEN the tutorial's config with its "...." line left out (what the tutorial's readers run)
    const folder = path.join(scratch, 'seed-002');
    fs.mkdirSync(folder, { recursive: true });
    const text = fs
      .readFileSync(path.join(NGINX, 'seed-002-server.conf'), 'utf8')
      .replace(/^ *\.\.\.\.\n/m, '');
    fs.writeFileSync(path.join(folder, 'default.conf'), text);
    // WHEN
    const result = importProject({
      yamlFiles: [],
      nginxFiles: [path.join(folder, 'default.conf')],
      programFile,
    });
    const files = synthesize(result.plan, folder);
    // THEN every directive is there, and only the main, events and http settings of a whole file are added
    const whole = [{ name: 'http', args: [], block: parseNginx(text) }];
    const produced = parseNginx(files?.get('nginx.conf') ?? '');
    expect(missing(flattenNginx(whole), flattenNginx(produced))).toEqual([]);
    const added = missing(flattenNginx(produced), flattenNginx(whole));
    expect(
      added.filter((line) => !NGINX_ADDITIONS.some((addition) => addition.directive.test(line))),
    ).toEqual([]);
    expect(result.notes.filter((note) => note.level !== 'changed')).toEqual([]);
    expect(result.text).toContain("directives: [{ name: 'proxy_pass', args: ['http://flaskapp:5090'] }]");
  });
});
