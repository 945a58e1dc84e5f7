import * as fs from 'node:fs';
import * as path from 'node:path';
import { importProject, synthesize } from '../../packages/dockyard/src/import/import-project';
import { checkNginxConfig } from '../support/nginx/nginx-check';
import { scratchDir } from './support';

// A hand-written nginx config in front of hand-written gunicorn services (seed 001's backup server, with
// weights, max_fails and a balancing method) becomes an NginxProxy; one it cannot say stays L1 constructs.

const dir = scratchDir('import-proxy-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const COMPOSE = [
  'services:',
  ...['flaskservice:8001', 'redudantservice:8003', 'gotyourback:8002'].flatMap((entry) => {
    const [name, port] = entry.split(':');
    return [
      `  ${name}:`,
      '    image: shop/flask:1',
      `    command: gunicorn --bind 0.0.0.0:${port} -w 2 app:app`,
    ];
  }),
  '  nginx:',
  '    image: nginx:1.27.3-alpine',
  '    ports: ["80:80"]',
  '    depends_on: [flaskservice]',
  '',
].join('\n');

const nginxConf = (location: string) =>
  [
    'upstream flaskappproxy {',
    '    least_conn;',
    '    server flaskservice:8001 weight=3 max_fails=2;',
    '    server redudantservice:8003;',
    '    server gotyourback:8002 backup;',
    '}',
    'server {',
    '    listen 80;',
    '    server_name localhost;',
    '    location / {',
    '        proxy_pass http://flaskappproxy;',
    '        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    '        proxy_set_header Host $host;',
    '        proxy_redirect off;',
    location,
    '    }',
    '}',
    '',
  ].join('\n');

function importBoth(name: string, conf: string) {
  const folder = path.join(dir, name);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'compose.yaml'), COMPOSE);
  fs.writeFileSync(path.join(folder, 'nginx.conf'), conf);
  const result = importProject({
    yamlFiles: [path.join(folder, 'compose.yaml')],
    nginxFiles: [path.join(folder, 'nginx.conf')],
    programFile: path.join(folder, 'infra.ts'),
  });
  return { result, files: synthesize(result.plan, folder) };
}

test('GIVEN an upstream of gunicorn services with weights, max_fails, least_conn and a backup WHEN imported THEN an NginxProxy with addUpstream, a BackupUpstream and addRoute, nothing lost, and nginx -t accepts it', async () => {
  // GIVEN / WHEN
  const { result, files } = importBoth('proxy', nginxConf(''));
  // THEN
  expect(result.text).toContain(
    [
      "const nginxProxy = new NginxProxy(proxyStack, 'nginx', {",
      "  image: 'nginx:1.27.3-alpine',",
      "  serverName: ['localhost'],",
      '  publish: 80,',
      '  publishTls: false,',
      '});',
      "const flaskappproxyPool = nginxProxy.addUpstream('flaskappproxy', {",
      '  servers: [{ service: flaskservice, weight: 3, maxFails: 2 }, redudantservice],',
      "  method: 'least_conn',",
      '});',
      '',
      '// backup servers, used only while every other server is down',
    ].join('\n'),
  );
  expect(result.text).toMatch(
    /new BackupUpstream\(proxyStack, 'flaskappproxy-backup', \{\s+upstream: flaskappproxyPool,\s+service: gotyourback,?\s+\}\);\nnginxProxy\.addRoute\('\/', flaskappproxyPool\);/,
  );
  expect(result.notes.filter((note) => note.level !== 'changed')).toEqual([]);
  const messages = result.notes.map((note) => note.message);
  expect(messages).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/X-Forwarded-For \$proxy_add_x_forwarded_for \(an edge proxy overwrites/),
      expect.stringMatching(/^nginx adds \(NginxProxy's defaults\) in http > server > location \/: /),
    ]),
  );
  const conf = files?.get('nginx.conf') ?? '';
  expect(conf).toMatch(/server gotyourback:8002 [^;]*backup;/);
  expect(conf).toContain('least_conn;');
  const check = await checkNginxConfig(conf);
  expect({ ok: check.ok, output: check.ok ? '' : check.output }).toEqual({ ok: true, output: '' });
});

test('GIVEN a location with a directive NginxProxy has no route option for WHEN imported THEN the config stays L1 constructs and nothing is lost', () => {
  // GIVEN / WHEN
  const { result, files } = importBoth('raw', nginxConf('        proxy_buffering off;'));
  // THEN
  expect(files).toBeDefined();
  expect(result.text).not.toContain('new NginxProxy(');
  expect(result.text).toContain('// not an NginxProxy: location / sets proxy_buffering\n');
  expect(result.text).toContain("new Upstream(nginxConf, 'flaskappproxy'");
  expect(result.text).toContain('new FlaskService(');
  expect(result.notes.filter((note) => note.level === 'lost')).toEqual([]);
});
