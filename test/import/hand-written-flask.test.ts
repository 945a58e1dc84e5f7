import * as fs from 'node:fs';
import * as path from 'node:path';
import { readGunicornCommand } from '../../packages/dockyard/src/import/gunicorn-command';
import { importProject, synthesize } from '../../packages/dockyard/src/import/import-project';
import { splitShellWords } from '../../packages/dockyard/src/import/read-compose';
import { scratchDir } from './support';

// Hand-written gunicorn commands, as the seeds and their readers write them, read into FlaskService's props;
// and services FlaskService cannot say stay Services, with the reason beside them in the program.

const dir = scratchDir('import-gunicorn-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test.each([
  [
    'gunicorn -w 4 -b 0.0.0.0:5000 app:app',
    { port: 5000, workers: 4, timeout: 30, extraArgs: [], wsgi: 'app:app' },
  ],
  [
    'gunicorn --bind :8000 wsgi:app',
    { port: 8000, workers: 1, timeout: 30, extraArgs: [], wsgi: 'wsgi:app' },
  ],
  [
    'gunicorn -c gunicorn.conf.py -w 1 app:app -b 0.0.0.0:5000',
    { port: 5000, workers: 1, timeout: 30, config: 'gunicorn.conf.py', extraArgs: [], wsgi: 'app:app' },
  ],
  [
    'gunicorn --workers=3 -t60 -k gevent --threads 4 --reload --max-requests 100 --bind=[::]:80 "shop.web:create_app()"',
    {
      port: 80,
      workers: 3,
      threads: 4,
      workerClass: 'gevent',
      timeout: 60,
      extraArgs: ['--reload', '--max-requests', '100'],
      wsgi: 'shop.web:create_app()',
    },
  ],
  [
    '/usr/local/bin/gunicorn -k uvicorn.workers.UvicornWorker -b 0.0.0.0:8000 --access-logfile - main:app',
    {
      port: 8000,
      workers: 1,
      timeout: 30,
      extraArgs: ['--worker-class', 'uvicorn.workers.UvicornWorker'],
      wsgi: 'main:app',
    },
  ],
])('GIVEN `%s` WHEN read THEN FlaskService gets %j', (command, expected) => {
  expect(readGunicornCommand(splitShellWords(command) ?? [])).toEqual(expected);
});

test.each([
  ['python app.py', 'not a gunicorn command'],
  ['gunicorn -b 127.0.0.1:5000 app:app', 'binds "127.0.0.1:5000": FlaskService listens on every interface'],
  ['gunicorn -b 0.0.0.0:5000', 'expected one WSGI target (module:callable), got 0'],
  ['gunicorn -w 0 -b :5000 app:app', '--workers 0 is not 1 to 64'],
  ['gunicorn -b :5000 -b :5001 app:app', '--bind is given twice'],
  ['gunicorn -b', '-b has no value'],
])('GIVEN `%s` WHEN read THEN it is not a FlaskService: %s', (command, reason) => {
  expect(readGunicornCommand(splitShellWords(command) ?? [])).toEqual(expect.stringContaining(reason));
});

/** Imports one compose file written into the scratch folder; returns the program text and files. */
function importCompose(name: string, text: string) {
  const folder = path.join(dir, name);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'compose.yaml'), text);
  const result = importProject({
    yamlFiles: [path.join(folder, 'compose.yaml')],
    nginxFiles: [],
    programFile: path.join(folder, 'infra.ts'),
  });
  return { result, files: synthesize(result.plan, folder) };
}

test('GIVEN an entrypoint gunicorn with its options in command WHEN imported THEN a FlaskService with replicas, restart and every change listed', () => {
  // GIVEN / WHEN
  const { result, files } = importCompose(
    'entrypoint',
    [
      'services:',
      '  web:',
      '    image: shop:1.4',
      '    entrypoint: ["gunicorn"]',
      '    command: --workers 4 --bind 0.0.0.0:5000 shop:app',
      '    restart: always',
      '    environment:',
      '      LOG_LEVEL: info',
      '    deploy:',
      '      replicas: 3',
      '',
    ].join('\n'),
  );
  // THEN
  expect(result.text).toContain(
    [
      '// its hand-written gunicorn command, as a FlaskService',
      "new FlaskService(entrypointStack, 'web', {",
      "  image: 'shop:1.4',",
      "  wsgi: 'shop:app',",
      '  port: 5000,',
      '  workers: 4,',
      "  environment: { LOG_LEVEL: 'info' },",
      '  replicas: 3,',
      "  restart: 'always',",
      '});',
    ].join('\n'),
  );
  expect(files?.get('compose.yaml')).toContain('--workers\n      - "4"');
  expect(result.notes.filter((note) => note.level !== 'changed')).toEqual([]);
  const changed = result.notes.map((note) => note.message);
  expect(changed).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^compose\.yaml drops services\.web\.entrypoint \(FlaskService writes/),
      expect.stringMatching(/^compose\.yaml changes services\.web\.command \(/),
      expect.stringMatching(
        /^compose\.yaml adds services\.web\.healthcheck \(FlaskService adds a health check/,
      ),
      expect.stringMatching(/^compose\.yaml adds services\.web\.expose \(/),
    ]),
  );
});

test('GIVEN a gunicorn service that publishes a port and has its own health check WHEN imported THEN it stays a Service with the reason beside it', () => {
  // GIVEN / WHEN
  const { result, files } = importCompose(
    'ports',
    [
      'services:',
      '  api:',
      '    image: api:2',
      '    ports: ["8000"]',
      '    command: gunicorn -w 3 -t 60 -b 0.0.0.0:8000 app:app',
      '',
    ].join('\n'),
  );
  // THEN
  expect(files).toBeDefined();
  expect(result.text).toContain('// runs gunicorn, but stays a Service: FlaskService has no ports\n');
  expect(result.text).toContain("new Service(portsStack, 'api', {");
  expect(result.notes).toEqual([]);
});
