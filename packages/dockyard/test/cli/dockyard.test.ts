import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { tempDir } from '../helpers/tmp';
import { PROGRAMS, runCli } from './run-cli';

const DOCKYARD = path.resolve(__dirname, '..', '..', 'bin', 'dockyard.cjs');

function runDockyard(args: readonly string[]) {
  const result = spawnSync(process.execPath, [DOCKYARD, ...args], {
    cwd: PROGRAMS,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('dockyard CLI', () => {
  test('`dockyard synth` is the synth bin: same files, same lines, same exit code', () => {
    // GIVEN
    const viaSynth = tempDir();
    const viaDockyard = tempDir();
    // WHEN
    const synth = runCli([path.join(PROGRAMS, 'valid.ts'), '--out', viaSynth]);
    const dockyard = runDockyard(['synth', path.join(PROGRAMS, 'valid.ts'), '--out', viaDockyard]);
    // THEN
    expect(dockyard.code).toBe(0);
    expect(dockyard.code).toBe(synth.code);
    const table = (stdout: string, out: string) =>
      stdout
        .split('\n')
        .slice(0, 3)
        .map((line) => line.replace(path.relative(PROGRAMS, out), 'OUT'));
    expect(table(dockyard.stdout, viaDockyard)).toEqual(table(synth.stdout, viaSynth));
  });

  test('--help lists every subcommand; an unknown one is bad usage (exit 2) with the list', () => {
    // WHEN
    const help = runDockyard(['--help']);
    const unknown = runDockyard(['deploy']);
    // THEN
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: dockyard <command> \[options\]$/m);
    expect(help.stdout).toMatch(/^ {2}synth +synthesize/m);
    expect(help.stdout).toMatch(/^ {2}init +start a project here/m);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^dockyard: unknown command "deploy"$/m);
    expect(unknown.stderr).toMatch(/^ {2}synth +/m);
  });
});
