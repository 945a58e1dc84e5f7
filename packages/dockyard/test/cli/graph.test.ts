import * as fs from 'node:fs';
import * as path from 'node:path';
import { readTree, tempDir } from '../helpers/tmp';
import { PROGRAMS, runCli, runDockyard } from './run-cli';

const SOURCE = path.resolve(__dirname, '..', '..', 'src');

/** A project of its own: package.json names the program, which calls app.synth() itself. */
function project(replicas: number): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ dockyard: { app: 'site.ts' } }));
  fs.writeFileSync(
    path.join(dir, 'site.ts'),
    [
      `import { App, LoadBalancedStack } from ${JSON.stringify(SOURCE)};`,
      'const app = new App();',
      "new LoadBalancedStack(app, 'site', {",
      `  flask: { image: 'site:1', port: 5000, replicas: ${replicas} },`,
      '  proxy: { publish: 8080 },',
      "  backup: { image: 'site:1' },",
      '});',
      'app.synth();',
      '',
    ].join('\n'),
  );
  return dir;
}

describe('dockyard graph CLI', () => {
  test('finds the program like synth, draws graph/<stack>.{mmd,svg} beside it, writes no artifact', () => {
    // GIVEN
    const dir = project(3);
    // WHEN
    const run = runDockyard(['graph'], { cwd: dir });
    // THEN
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^FILE\s+BYTES\s+STATUS$/);
    expect(lines.slice(1, 3).map((line) => line.split(/\s+/)[0])).toEqual([
      'graph/site.mmd',
      'graph/site.svg',
    ]);
    expect(lines.slice(1, 3).map((line) => line.split(/\s+/)[2])).toEqual(['created', 'created']);
    expect(lines[3]).toMatch(/^Drew 1 stack, 2 files \([\d.]+ kB\) in \d+ ms: 2 created\.$/);
    // The program's own app.synth() wrote nothing: graph never writes compose.yaml, stack.yaml or nginx.conf.
    expect(fs.readdirSync(dir).sort()).toEqual(['graph', 'package.json', 'site.ts']);
    const files = readTree(path.join(dir, 'graph'));
    expect(Object.keys(files)).toEqual(['site.mmd', 'site.svg']);
    expect(files['site.mmd']).toContain('service_web["web<br/>3 replicas"]:::service');
    expect(files['site.svg']).toContain('<title>upstream:nginx web&#45;&gt;service:web&#45;backup</title>');
  });

  test('a second run leaves identical bytes unchanged; a changed program updates only its files', () => {
    // GIVEN
    const dir = project(3);
    expect(runDockyard(['graph'], { cwd: dir }).code).toBe(0);
    const first = readTree(path.join(dir, 'graph'));
    // WHEN
    const again = runDockyard(['graph'], { cwd: dir });
    const second = readTree(path.join(dir, 'graph'));
    fs.writeFileSync(
      path.join(dir, 'site.ts'),
      fs.readFileSync(path.join(dir, 'site.ts'), 'utf8').replace('replicas: 3', 'replicas: 5'),
    );
    const changed = runDockyard(['graph', '--quiet'], { cwd: dir });
    // THEN
    expect(again.stdout).toMatch(/^graph\/site\.mmd\s+\d+\s+unchanged$/m);
    expect(again.stdout).toMatch(/: 2 unchanged\.$/m);
    expect(second).toEqual(first);
    expect(changed.code).toBe(0);
    expect(changed.stdout).toBe('');
    const third = readTree(path.join(dir, 'graph'));
    expect(third['site.mmd']).toContain('web<br/>5 replicas');
    expect(fs.readdirSync(path.join(dir, 'graph')).sort()).toEqual(['site.mmd', 'site.svg']);
  });

  test('a program with validation errors prints the same problem lines as synth, exits 1, draws nothing', () => {
    // GIVEN
    const out = tempDir();
    const program = path.join(PROGRAMS, 'three-errors.ts');
    // WHEN
    const graph = runDockyard(['graph', program, '--out', out]);
    const synth = runCli([program, '--out', tempDir()]);
    // THEN
    expect(graph.code).toBe(1);
    expect(graph.stdout).toBe('');
    expect(graph.stderr).toBe(synth.stderr);
    expect(graph.stderr).toMatch(/^ {2}\[notes\/zero\] copies: expected a number >= 1, got 0$/m);
    expect(fs.readdirSync(out)).toEqual([]);
  });

  test('--out with a file graph did not write there: refused, that file untouched, nothing written', () => {
    // GIVEN
    const out = tempDir();
    fs.writeFileSync(path.join(out, 'notes.svg'), '<svg>mine</svg>\n');
    // WHEN
    const run = runDockyard(['graph', path.join(PROGRAMS, 'valid.ts'), '--out', out]);
    // THEN
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      `${path.relative(PROGRAMS, path.join(out, 'notes.svg'))} exists and was not written by dockyard graph: move it away or pass --out <dir>; nothing was written`,
    );
    expect(readTree(out)).toEqual({ 'notes.svg': '<svg>mine</svg>\n' });
  });

  test('--help describes the command and its options; dockyard --help lists it; bad usage exits 2', () => {
    // WHEN
    const help = runDockyard(['graph', '--help']);
    const list = runDockyard(['--help']);
    const bad = runDockyard(['graph', '--colour']);
    // THEN
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: dockyard graph \[options\] \[file\]$/m);
    expect(help.stdout).toMatch(
      /^ {2}-o, --out <dir> +write the pictures here \(default: graph\/ beside the program\)$/m,
    );
    expect(list.stdout).toMatch(/^ {2}graph +draw each stack/m);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown option '--colour'/);
  });
});
