import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkNginxConfig } from '../support/nginx/nginx-check';
import { importWritten, scratchDir, typeCheck } from './support';

// Seed 004's shape with a gunicorn command: the app writes its static files to a volume nginx also mounts,
// and a location aliases that folder. The app becomes a FlaskService with `staticFiles`, the location
// `proxy.addStatic`, and `proxy_pass http://webapp:8000/` a route through an upstream of that one service.

const dir = scratchDir('import-static-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const compose = (proxyMount: string) =>
  [
    'services:',
    '  webapp:',
    '    image: shop:1.0',
    '    command: gunicorn -w 2 -b 0.0.0.0:8000 app:app',
    '    volumes:',
    '      - web_static:/app/static',
    '  webproxy:',
    '    image: nginx:1.28',
    '    ports: ["8080:80"]',
    '    volumes:',
    `      - ${proxyMount}`,
    '      - ./conf.d:/etc/nginx/conf.d',
    'volumes:',
    '  web_static:',
    '    name: web_static',
    '',
  ].join('\n');

const FRAGMENT = [
  'server {',
  '    listen 80;',
  '    location / {',
  '        proxy_pass http://webapp:8000/;',
  '    }',
  '    location /static {',
  '        alias /var/www-data;',
  '        expires 1h;',
  '    }',
  '}',
  '',
].join('\n');

function importFolder(name: string, proxyMount: string) {
  const files = { 'compose.yaml': compose(proxyMount), 'conf.d/app.conf': FRAGMENT };
  return importWritten(path.join(dir, name), files, 'conf.d/app.conf');
}

test('GIVEN a location aliasing a volume the gunicorn service writes WHEN imported THEN staticFiles and addStatic, the changes listed, and nginx -t accepts it', async () => {
  // GIVEN / WHEN
  const { result, files } = importFolder('shared', 'web_static:/var/www-data');
  // THEN
  expect(result.notes.filter((note) => note.level !== 'changed')).toEqual([]);
  expect(result.text).toContain("staticFiles: { appDir: '/app/static', volume: webStaticVolume },");
  expect(result.text).toMatch(
    /const webappPool = (\w+)\.addUpstream\('webapp', \{ servers: \[webapp\] \}\);/,
  );
  expect(result.text).toMatch(
    /\.addRoute\('\/', webappPool\);\n\w+\.addStatic\('\/static', webapp, \{ expires: '1h' \}\);/,
  );
  const messages = result.notes.map((note) => note.message);
  expect(messages).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        /^nginx: http > server > location \/static > alias \/var\/www-data \(proxy\.addStatic/,
      ),
      expect.stringMatching(
        /^nginx: http > server > location \/ > proxy_pass http:\/\/webapp:8000\/ \(the FlaskService is proxied through an upstream of its own/,
      ),
      expect.stringMatching(
        /^compose\.yaml changes services\.webproxy\.volumes \(NginxProxy mounts each FlaskService's static files/,
      ),
    ]),
  );
  const conf = files?.get('nginx.conf') ?? '';
  expect(conf).toMatch(/location \^~ \/static\/ \{\n\s+alias \/srv\/static\/webapp\/;\n\s+expires 1h;/);
  expect(files?.get('compose.yaml')).toMatch(/source: web_static\n\s+target: \/srv\/static\/webapp/);
  const check = await checkNginxConfig(conf);
  expect({ ok: check.ok, output: check.ok ? '' : check.output }).toEqual({ ok: true, output: '' });
  const program = path.join(dir, 'shared', 'infra.ts');
  fs.writeFileSync(program, result.text);
  expect(typeCheck(dir, [program])).toEqual({ code: 0, out: '' });
});

test("GIVEN nginx mounting a folder that is not the app's static files WHEN imported THEN L1 constructs, nothing lost", () => {
  // GIVEN / WHEN
  const { result, files } = importFolder('other', './html:/var/www-data:ro');
  // THEN
  expect(files).toBeDefined();
  expect(result.text).not.toContain('new NginxProxy(');
  expect(result.text).not.toContain('addStatic');
  expect(result.notes.filter((note) => note.level === 'lost')).toEqual([]);
});
