import * as fs from 'node:fs';
import * as path from 'node:path';
import { dockyard } from '../../packages/dockyard/src/cli/dockyard';
import { scratchDir } from './support';

// `dockyard import` as a user runs it: what it writes, what it prints, and that bad input writes nothing.

const dir = scratchDir('import-cli-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(cwd: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await dockyard(['import', ...args], { cwd, out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function folder(name: string, files: Record<string, string>): string {
  const at = path.join(dir, name);
  fs.mkdirSync(at, { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(at, file)), { recursive: true });
    fs.writeFileSync(path.join(at, file), text);
  }
  return at;
}

const COMPOSE = `version: "3.8"
services:
  web:
    image: "shop:\${TAG:-1.4}"
    command: gunicorn -b 0.0.0.0:5000 app:app
    expose: ["5000"]
    ports: ["127.0.0.1:8080:5000"]
    volumes: ["./static:/app/static:ro", "data:/data"]
    env_file: .env
volumes:
  data:
`;

test('GIVEN docker-compose.yml and nginx.conf in a folder WHEN `dockyard import` runs there THEN it writes infra.ts and reports what to check', async () => {
  // GIVEN
  const cwd = folder('defaults', {
    'docker-compose.yml': COMPOSE,
    'nginx.conf': 'events {}\nhttp { server { listen 80; location / { proxy_pass http://web:5000; } } }\n',
  });
  // WHEN
  const result = await run(cwd);
  // THEN
  expect(result.code).toBe(0);
  const program = fs.readFileSync(path.join(cwd, 'infra.ts'), 'utf8');
  expect(program).toMatch(/^\/\/ Imported by `dockyard import` from docker-compose\.yml, nginx\.conf\./);
  expect(program).toContain("new Service(defaultsStack, 'web', {");
  expect(program).toContain("command: ['gunicorn', '-b', '0.0.0.0:5000', 'app:app'],");
  expect(program).toContain(
    "    { bind: 'static', target: '/app/static', readOnly: true },\n    { volume: dataVolume, target: '/data' },",
  );
  expect(program).toContain("new Stack(app, 'defaults', { targets: ['compose'] })");
  expect(result.err).toMatch(
    /docker-compose\.yml:4:12: warning: "shop:\$\{TAG:-1\.4\}" uses Compose interpolation/,
  );
  expect(result.err).toMatch(/docker-compose\.yml:9:15: lost: services\.web\.env_file is not carried over/);
  expect(program).toContain('env_file is not carried over');
  expect(result.out).toMatch(
    /^Wrote infra\.ts \(stack "defaults"\): \d+ not carried over, 2 warnings, \d+ deliberate changes\.$/,
  );
});

test('GIVEN an existing program WHEN `dockyard import -o` names it THEN it is kept unless --force is given', async () => {
  // GIVEN
  const cwd = folder('force', { 'compose.yaml': COMPOSE, 'infra.ts': '// mine\n' });
  // WHEN
  const refused = await run(cwd, 'compose.yaml', '-o', 'infra.ts');
  // THEN
  expect(refused).toEqual({
    code: 1,
    out: '',
    err: 'infra.ts: already exists; pass --force to overwrite it',
  });
  expect(fs.readFileSync(path.join(cwd, 'infra.ts'), 'utf8')).toBe('// mine\n');
  // WHEN
  const forced = await run(cwd, 'compose.yaml', '-o', 'infra.ts', '--force');
  // THEN
  expect(forced.code).toBe(0);
  expect(fs.readFileSync(path.join(cwd, 'infra.ts'), 'utf8')).toContain("new Service(forceStack, 'web'");
});

test.each([
  ['compose.yaml', 'services:\n  web:\n    image: [a\n', 'compose.yaml:4:1: invalid YAML'],
  [
    'compose.yaml',
    'services:\n  web:\n    ports: ["80:80:80:80"]\n',
    'compose.yaml:3:13: expected a port such as "8080:80"',
  ],
  [
    'compose.yaml',
    'services:\n  web:\n    command: "gunicorn \'app:app"\n',
    'compose.yaml:3:14: expected a command with balanced quotes',
  ],
  ['compose.yaml', 'services: [web]\n', 'compose.yaml:1:11: expected "services" to be a mapping'],
  [
    'nginx.conf',
    'http {\n  server {\n    listen 80\n  }\n}\n',
    'nginx.conf:4:3: unexpected "}": directive "listen" is not terminated by ";"',
  ],
  [
    'nginx.conf',
    'http {\n  server { listen 80; "x"y; }\n}\n',
    'nginx.conf:2:26: unexpected "y" right after a closing quote',
  ],
  ['nginx.conf', 'events {\n', 'nginx.conf:2:1: unexpected end of file, expecting "}"'],
])(
  'GIVEN a broken %s WHEN imported THEN the error names file, line and column and nothing is written',
  async (name, text, message) => {
    // GIVEN
    const cwd = folder(`broken-${Math.random().toString(36).slice(2)}`, { [name]: text });
    // WHEN
    const result = await run(cwd, name);
    // THEN
    expect(result.code).toBe(1);
    expect(result.err.startsWith(message)).toBe(true);
    expect(result.err).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(cwd, 'infra.ts'))).toBe(false);
  },
);

test('GIVEN a file that does not exist WHEN imported THEN the error names it and nothing is written', async () => {
  const cwd = folder('missing', {});
  const result = await run(cwd, 'compose.yaml');
  expect(result).toEqual({ code: 1, out: '', err: 'compose.yaml:1:1: cannot read: no such file' });
  expect(fs.readdirSync(cwd)).toEqual([]);
});

test('GIVEN `dockyard --help` WHEN run THEN import is listed', async () => {
  const out: string[] = [];
  await dockyard(['--help'], { cwd: dir, out: (t) => out.push(t), err: () => undefined });
  expect(out.join('\n')).toMatch(
    /import\s+write a Dockyard program from an existing compose\.yaml and nginx\.conf/,
  );
});

test('GIVEN an nginx.conf that includes conf.d/*.conf WHEN imported THEN the included servers are part of the program, in file-name order', async () => {
  // GIVEN
  const cwd = folder('includes', {
    'nginx.conf': 'events {}\nhttp {\n  include /etc/nginx/mime.types;\n  include conf.d/*.conf;\n}\n',
    'conf.d/b.conf': 'server { listen 8081; location / { return 204; } }\n',
    'conf.d/a.conf': 'server { listen 8080; location / { return 200; } }\n',
  });
  // WHEN
  const result = await run(cwd, 'nginx.conf');
  // THEN
  expect(result.code).toBe(0);
  const program = fs.readFileSync(path.join(cwd, 'infra.ts'), 'utf8');
  const first = program.indexOf("new Server(nginxConf, 'server-8080'");
  const second = program.indexOf("new Server(nginxConf, 'server-8081'");
  expect(first).toBeGreaterThan(0);
  expect(second).toBeGreaterThan(first);
  expect(program).not.toContain("args: ['conf.d/*.conf']");
  expect(program).not.toContain('mimeTypes: false');
});
