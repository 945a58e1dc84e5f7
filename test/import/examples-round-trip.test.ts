import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, roundTrip, scratchDir, typeCheck } from './support';

// Every example's committed dist/ (compose.yaml, stack.yaml, nginx.conf) imported as a program beside it:
// synthesized in memory it gives the committed bytes; the emitted TypeScript is formatted as biome formats it,
// type-checks, and `synth --check` run on it finds no drift against the committed files.

const EXAMPLES = path.join(ROOT, 'examples');
const stacks = fs
  .readdirSync(EXAMPLES)
  .filter((name) => fs.existsSync(path.join(EXAMPLES, name, 'dist')))
  .flatMap((example) =>
    fs
      .readdirSync(path.join(EXAMPLES, example, 'dist'))
      .filter((name) => !name.startsWith('.'))
      .map((stack) => ({ example, stack })),
  );
const scratch = scratchDir('import-examples-');
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
// A copy of examples/ (dist folders with their links, the Flask app the build contexts name) for the programs.
fs.cpSync(EXAMPLES, path.join(scratch, 'examples'), { recursive: true, verbatimSymlinks: true });
const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);
const programs = new Map<string, string>();

test('GIVEN the examples WHEN listed THEN there are stacks to import', () => {
  expect(stacks.length).toBeGreaterThanOrEqual(7);
});

describe.each(stacks)('examples/$example/dist/$stack', ({ example, stack }) => {
  const programDir = path.join(scratch, 'examples', example);
  const file = path.join(programDir, `imported-${stack}.ts`);

  test('WHEN imported and synthesized THEN every file has the committed bytes, with nothing to report', () => {
    // GIVEN / WHEN
    const { result, before, after } = roundTrip(path.join(EXAMPLES, example), stack);
    // THEN
    expect(before.size).toBe(3);
    for (const [name, text] of before) expect({ name, text: after.get(name) }).toEqual({ name, text });
    expect(result.notes).toEqual([]);
    fs.writeFileSync(file, result.text);
    programs.set(`${example}/${stack}`, file);
  });

  test('WHEN the emitted program runs under `synth --check` THEN there is no drift', () => {
    // GIVEN: the program written beside the copy of the committed dist/
    expect(fs.existsSync(file)).toBe(true);
    // WHEN
    const run = spawnSync(
      process.execPath,
      [path.join(ROOT, 'packages/dockyard/bin/synth.cjs'), '--check', file],
      {
        cwd: programDir,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    // THEN
    // (warnings are the example's own, e.g. swarm-replicas' per-replica values that Compose cannot have)
    expect({
      code: run.status,
      errors: run.stderr.split('\n').filter((line) => line.startsWith('error')),
    }).toEqual({
      code: 0,
      errors: [],
    });
    expect(run.stdout).toMatch(/No drift: all 3 files on disk match the program\./);
  });
});

test('GIVEN services with the shape FlaskService writes WHEN imported THEN they are FlaskServices again', () => {
  // GIVEN: backup-server's three Flask services, which its infra.ts writes as FlaskServices
  const { result } = roundTrip(path.join(EXAMPLES, 'backup-server'), 'backup-server');
  // THEN
  for (const [name, port] of [
    ['flaskservice', 8001],
    ['gotyourback', 8002],
    ['redudantservice', 8003],
  ] as const) {
    expect(result.text).toContain(
      `new FlaskService(backupServerStack, '${name}', {\n  image: 'backup-server/flask:1',\n  build: { context: '../flask-app' },\n  port: ${port},\n  restart: 'always',\n});`,
    );
  }
  expect(result.text).toContain("new Service(backupServerStack, 'nginx', {");
  // the backup server of the upstream is a BackupUpstream of the FlaskService, as in the example's infra.ts
  expect(result.text).toContain(
    "new BackupUpstream(backupServerStack, 'flaskappproxy-backup', {\n  upstream: flaskappproxyUpstream,\n  service: gotyourback,\n});",
  );
  expect(result.text).toContain(
    "  servers: [\n    { host: 'flaskservice', port: 8001 },\n    { host: 'redudantservice', port: 8003 },\n  ],",
  );
});

test('GIVEN the emitted programs WHEN biome formats and checks them THEN nothing changes', () => {
  expect(programs.size).toBe(stacks.length);
  for (const [name, file] of programs) {
    const text = fs.readFileSync(file, 'utf8');
    // biome ignores .tmp, so the text goes through stdin under a path the repository's biome.json covers.
    // (`check` on stdin exits 1 unless it may write; with `--write` it prints the fixed text, which must be ours.)
    for (const command of [['format'], ['check', '--write']]) {
      const run = spawnSync(bin('biome'), [...command, `--stdin-file-path=examples/${path.basename(file)}`], {
        input: text,
        encoding: 'utf8',
        cwd: ROOT,
      });
      expect({ name, command, code: run.status, out: run.stdout }).toEqual({
        name,
        command,
        code: 0,
        out: text,
      });
    }
  }
});

test('GIVEN the emitted programs WHEN tsc checks them THEN they type-check against the dockyard package', () => {
  // GIVEN / WHEN
  const verdict = typeCheck(scratch, [...programs.values()]);
  // THEN
  expect(verdict).toEqual({ code: 0, out: '' });
});
