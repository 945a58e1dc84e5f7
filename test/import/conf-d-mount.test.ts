import * as fs from 'node:fs';
import * as path from 'node:path';
import { importWritten, scratchDir } from './support';

// A conf.d fragment (a server block without `http {}`) bind-mounted at /etc/nginx/conf.d/default.conf, the
// official image's place for it, is the imported nginx config: the program mounts the whole nginx.conf it
// writes instead, which is a deliberate change, not a loss, so the proxy pattern applies.

const dir = scratchDir('import-conf-d-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const FRAGMENT = [
  'upstream app {',
  '    server web:8000;',
  '}',
  'server {',
  '    listen 80;',
  '    location / {',
  '        proxy_pass http://app;',
  '    }',
  '}',
  '',
].join('\n');

const compose = (mounts: readonly string[]) =>
  [
    'services:',
    '  web:',
    '    image: shop:1.0',
    '    command: gunicorn -w 2 -b 0.0.0.0:8000 app:app',
    '  nginx:',
    '    image: nginx:1.28',
    '    ports: ["80:80"]',
    '    volumes:',
    ...mounts.map((mount) => `      - ${mount}`),
    '',
  ].join('\n');

function importFolder(name: string, mounts: readonly string[]) {
  const files = { 'compose.yaml': compose(mounts), 'conf.d/default.conf': FRAGMENT };
  return importWritten(path.join(dir, name), files, 'conf.d/default.conf');
}

test('GIVEN a fragment bind-mounted at /etc/nginx/conf.d/default.conf WHEN imported THEN an NginxProxy, the mount listed as a change, nothing lost', () => {
  // GIVEN / WHEN
  const { result, files } = importFolder('file', ['./conf.d/default.conf:/etc/nginx/conf.d/default.conf:ro']);
  // THEN
  expect(files).toBeDefined();
  expect(result.notes.filter((note) => note.level !== 'changed')).toEqual([]);
  expect(result.text).toContain(
    [
      "const nginxProxy = new NginxProxy(fileStack, 'nginx', {",
      "  image: 'nginx:1.28',",
      '  publish: 80,',
      '  publishTls: false,',
      '});',
      "const appPool = nginxProxy.addUpstream('app', { servers: [web] });",
    ].join('\n'),
  );
  expect(result.text).toContain("nginxProxy.addRoute('/', appPool);");
  const mountNote = result.notes.find((note) => note.message.startsWith('the bind mount of'));
  expect(mountNote).toEqual({
    level: 'changed',
    at: expect.objectContaining({ line: 9 }),
    message:
      'the bind mount of ./conf.d/default.conf at /etc/nginx/conf.d/default.conf becomes a config of the generated nginx.conf at /etc/nginx/nginx.conf (Dockyard writes the whole nginx.conf)',
  });
});

test("GIVEN the fragment's conf.d folder bind-mounted WHEN imported THEN an NginxProxy too", () => {
  // GIVEN / WHEN
  const { result } = importFolder('folder', ['./conf.d:/etc/nginx/conf.d']);
  // THEN
  expect(result.notes.filter((note) => note.level !== 'changed')).toEqual([]);
  expect(result.text).toContain('new NginxProxy(');
});

test('GIVEN the fragment mounted beside a mount NginxProxy has no prop for WHEN imported THEN L1 constructs keep that mount and nothing is lost', () => {
  // GIVEN / WHEN
  const { result, files } = importFolder('html', [
    './conf.d/default.conf:/etc/nginx/conf.d/default.conf',
    './html:/usr/share/nginx/html:ro',
  ]);
  // THEN
  expect(result.notes.filter((note) => note.level === 'lost')).toEqual([]);
  expect(result.text).not.toContain('new NginxProxy(');
  expect(result.text).toContain(
    "// not an NginxProxy: nginx mounts /usr/share/nginx/html, not a FlaskService's static files\n",
  );
  expect(result.text).toContain("{ bind: 'html', target: '/usr/share/nginx/html', readOnly: true }");
  expect(result.text).toContain("target: '/etc/nginx/nginx.conf'");
  expect(files?.get('compose.yaml')).not.toContain('/etc/nginx/conf.d/default.conf');
});
