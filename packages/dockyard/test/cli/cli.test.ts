import * as fs from 'node:fs';
import * as path from 'node:path';
import { readTree, tempDir } from '../helpers/tmp';
import { PROGRAMS, runCli } from './run-cli';

const program = (name: string) => path.join(PROGRAMS, name);

describe('synth CLI', () => {
  test('synthesizes an App the program never synthesized, printing a table and one summary line', () => {
    // GIVEN
    const out = tempDir();
    // WHEN
    const run = runCli([program('valid.ts'), '--out', out]);
    // THEN
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^FILE\s+BYTES\s+STATUS$/);
    expect(lines.slice(1, 3).map((line) => line.split(/\s+/))).toEqual([
      [path.relative(PROGRAMS, path.join(out, 'notes', 'farewell.txt')), '8', 'created'],
      [path.relative(PROGRAMS, path.join(out, 'notes', 'greeting.txt')), '6', 'created'],
    ]);
    expect(lines[3]).toMatch(/^Synthesized 1 app, 1 stack, 2 files \(14 B\) in \d+ ms: 2 created\.$/);
    expect(readTree(out)).toMatchObject({
      'notes/greeting.txt': 'hello\n',
      'notes/farewell.txt': 'bye\nbye\n',
    });
  });

  test('a program that calls app.synth() itself is rendered and written once', () => {
    // GIVEN
    const out = tempDir();
    // WHEN
    const run = runCli([program('calls-synth.ts'), '--out', out], {
      env: { DOCKYARD_TEST_LOG_RENDERS: '1' },
    });
    // THEN
    expect(run.code).toBe(0);
    expect(run.stdout.match(/^RENDER greeting$/gm)).toHaveLength(1);
    expect(run.stdout).toMatch(/greeting\.txt\s+6\s+created/);
  });

  test('three invalid props print three errors with path and property, exit 1 and write nothing', () => {
    // GIVEN
    const out = tempDir();
    // WHEN
    const run = runCli([program('three-errors.ts'), '--out', out]);
    // THEN
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      'Validation failed with 3 errors; nothing was written:',
      '  [notes/empty] text: expected text of length >= 1, got ""',
      '  [notes/words] copies: expected a number, got "three"',
      '  [notes/zero] copies: expected a number >= 1, got 0',
    ]);
    expect(fs.readdirSync(out)).toEqual([]);
  });

  test('--check exits 0 right after a synth and 1 with a unified diff after a hand edit', () => {
    // GIVEN
    const out = tempDir();
    expect(runCli([program('valid.ts'), '--out', out]).code).toBe(0);
    // WHEN
    const clean = runCli([program('valid.ts'), '--out', out, '--check']);
    fs.appendFileSync(path.join(out, 'notes', 'greeting.txt'), 'edited by hand\n');
    const drifted = runCli([program('valid.ts'), '--out', out, '--check']);
    // THEN
    expect(clean.code).toBe(0);
    expect(clean.stdout.trim()).toBe('No drift: all 2 files on disk match the program.');
    expect(drifted.code).toBe(1);
    expect(drifted.stdout).toContain('-edited by hand');
    expect(drifted.stdout).toMatch(/^--- a\/.*greeting\.txt\ton disk$/m);
    expect(drifted.stdout).toMatch(/differs\s+.*greeting\.txt/);
    expect(fs.readFileSync(path.join(out, 'notes', 'greeting.txt'), 'utf8')).toBe('hello\nedited by hand\n');
  });

  test('--check reports an interrupted switch (the journal) even when every file matches', () => {
    // GIVEN a synth that died after its journal: the files happen to be complete already
    const out = tempDir();
    expect(runCli([program('valid.ts'), '--out', out]).code).toBe(0);
    const dir = path.join(out, 'notes');
    fs.copyFileSync(path.join(dir, '.dockyard-files.json'), path.join(dir, '.dockyard-synth.json'));
    // WHEN
    const check = runCli([program('valid.ts'), '--out', out, '--check']);
    const synth = runCli([program('valid.ts'), '--out', out]);
    const again = runCli([program('valid.ts'), '--out', out, '--check']);
    // THEN --check flags it, the next synth finishes it
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/interrupted\s+.*notes\/\.dockyard-synth\.json/);
    expect(synth.code).toBe(0);
    expect(fs.existsSync(path.join(dir, '.dockyard-synth.json'))).toBe(false);
    expect(again.code).toBe(0);
  });

  test('--layout linked writes a link to a generation; --check without it reports the layout', () => {
    // GIVEN
    const out = tempDir();
    // WHEN
    const run = runCli([program('valid.ts'), '--out', out, '--layout', 'linked']);
    const linkedCheck = runCli([program('valid.ts'), '--out', out, '--layout', 'linked', '--check']);
    const plainCheck = runCli([program('valid.ts'), '--out', out, '--check']);
    const wrong = runCli([program('valid.ts'), '--out', out, '--layout', 'zip']);
    // THEN
    expect(run.code).toBe(0);
    expect(fs.readlinkSync(path.join(out, 'notes'))).toMatch(/^\.notes\.[0-9a-f]{12}$/);
    expect(linkedCheck.code).toBe(0);
    expect(plainCheck.code).toBe(1);
    expect(plainCheck.stdout).toMatch(/layout\s+.*notes$/m);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('plain, linked');
  });

  test('--check reports a file the program no longer produces and one never written', () => {
    // GIVEN
    const out = tempDir();
    runCli([program('valid.ts'), '--out', out]);
    // WHEN
    const run = runCli([program('calls-synth.ts'), '--out', path.join(out)], {});
    const check = runCli([program('valid.ts'), '--out', tempDir(), '--check']);
    // THEN
    expect(run.code).toBe(0);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/missing\s+.*greeting\.txt/);
  });

  test('a syntax error is a concise user error: file, line, column, exit 1, no stack trace', () => {
    // GIVEN
    const dir = tempDir();
    fs.copyFileSync(program('syntax-error.ts.txt'), path.join(dir, 'infra.ts'));
    // WHEN
    const run = runCli([], { cwd: dir });
    // THEN
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(/^syntax error: infra\.ts:2:\d+: ERROR: /);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  test("an exception thrown by the program names the user's line, without our stack", () => {
    // WHEN
    const run = runCli([program('throws.ts'), '--out', tempDir()]);
    // THEN
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      "TypeError: Cannot read properties of undefined (reading 'value')",
      '    at throws.ts:5:27',
    ]);
  });

  test('no entry: a concise message naming every way to give one, exit 1', () => {
    // WHEN
    const run = runCli([], { cwd: tempDir() });
    // THEN
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^no program to synthesize: pass a file .*package\.json.*infra\.ts or main\.ts here/,
    );
  });

  test('the entry can come from package.json#dockyard.app', () => {
    // GIVEN
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ dockyard: { app: 'does-not-exist.ts' } }),
    );
    // WHEN
    const run = runCli([], { cwd: dir });
    // THEN
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      'package.json names dockyard.app "does-not-exist.ts", which does not exist',
    );
  });

  test('bad usage exits 2; --version and --help exit 0', () => {
    const bad = runCli(['--bogus']);
    const version = runCli(['--version']);
    const help = runCli(['--help']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown option '--bogus'");
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--check');
  });

  test('--quiet prints nothing on success', () => {
    const run = runCli([program('valid.ts'), '--out', tempDir(), '--quiet']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
  });
});
