import * as fs from 'node:fs';
import * as path from 'node:path';
import { flattenNginx, missing } from '../../packages/dockyard/src/import/diff';
import { parseNginx } from '../../packages/dockyard/src/model/nginx';
import { checkNginxConfig } from '../support/nginx/nginx-check';
import { importWritten, ROOT, scratchDir } from './support';

const dir = scratchDir('import-cache-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const SEED = fs.readFileSync(path.join(ROOT, 'packages/dockyard/test/fixtures/nginx/seed-003-default.conf'), 'utf8');
const WITHOUT_HEALTH = SEED.replace(/\n {2}location \/health-check \{[^}]*\}\n/, '\n');

const COMPOSE = [
  'services:',
  '  nginx-proxy:',
  '    image: nginx:1.28',
  '    restart: always',
  '    ports:',
  '      - 80:80',
  '    depends_on:',
  '      - flask-app',
  '    volumes:',
  '      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf',
  '  flask-app:',
  '    image: shop/flask:1',
  '    restart: always',
  '    command: gunicorn -w 3 -t 60 -b 0.0.0.0:8000 app:app',
  '',
].join('\n');

test('probe', async () => {
  const { result, files } = importWritten(path.join(dir, 'seed'), { 'compose.yaml': COMPOSE, 'nginx/default.conf': WITHOUT_HEALTH }, 'nginx/default.conf');
  console.log(result.text);
  const whole = [{ name: 'http', args: [], block: parseNginx(WITHOUT_HEALTH) }];
  const produced = parseNginx(files?.get('nginx.conf') ?? '');
  console.log(missing(flattenNginx(whole), flattenNginx(produced)).join('\n'));
  console.log('ADDED\n' + missing(flattenNginx(produced), flattenNginx(whole)).join('\n'));
  const check = await checkNginxConfig(files?.get('nginx.conf') ?? '');
  console.log(check.ok);
});
