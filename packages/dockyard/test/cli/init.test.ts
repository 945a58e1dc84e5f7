import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Installer, init, packageManager } from '../../src/cli/commands/init';
import { PROJECT_DEV_DEPENDENCIES } from '../../src/cli/init/project-files';
import type { CliIo } from '../../src/cli/io';
import { tempDir } from '../helpers/tmp';
import { runCli } from './run-cli';

const PACKAGE = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  version: string;
};
const WORKSPACE = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8'),
) as { devDependencies: Record<string, string> };
const FILES = ['.gitignore', 'README.md', 'infra.test.ts', 'infra.ts', 'package.json', 'tsconfig.json'];

interface ProjectJson {
  name: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  jest: { setupFilesAfterEnv: string[]; transform: Record<string, [string, unknown]> };
}

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

/** An empty folder called `name`, inside a temporary folder removed after this file. */
function emptyFolder(name: string): string {
  const root = tempDir('dockyard-init-');
  roots.push(root);
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  return dir;
}

/** Runs `dockyard init` in-process in `cwd`, recording what it prints and every install it asks for. */
async function runInit(cwd: string, argv: readonly string[] = [], installExit = 0) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { cwd, out: (text) => out.push(text), err: (text) => err.push(text) };
  const installs: { manager: string; cwd: string }[] = [];
  const install: Installer = async (manager, where) => {
    installs.push({ manager: manager.name, cwd: where });
    return installExit;
  };
  const code = await init(argv, io, { install, userAgent: 'npm/11.19.1 node/v20.20.2 linux x64' });
  return { code, stdout: out.join('\n'), stderr: err.join('\n'), installs };
}

function project(dir: string): ProjectJson {
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as ProjectJson;
}

describe('dockyard init', () => {
  test('writes the six project files, named after the folder, depending on the running dockyard', async () => {
    // GIVEN
    const dir = emptyFolder('My Shop');
    // WHEN
    const run = await runInit(dir);
    // THEN
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(fs.readdirSync(dir).sort()).toEqual(FILES);
    const manifest = project(dir);
    expect(manifest.name).toBe('my-shop');
    expect(manifest.dependencies).toEqual({ dockyard: `^${PACKAGE.version}` });
    expect(manifest.scripts.test).toBe('tsc --noEmit && jest');
    expect(manifest.jest.setupFilesAfterEnv).toEqual(['dockyard/jest']);
    expect(Object.values(manifest.jest.transform).map(([transformer]) => transformer)).toEqual(['@swc/jest']);
    expect(Object.keys(manifest.devDependencies).sort()).toEqual([
      '@swc/core',
      '@swc/jest',
      '@types/jest',
      '@types/node',
      'jest',
      'typescript',
    ]);
    expect(fs.readFileSync(path.join(dir, 'infra.ts'), 'utf8')).toContain(
      "new LoadBalancedStack(app, 'my-shop', {",
    );
    expect(fs.readFileSync(path.join(dir, 'infra.test.ts'), 'utf8')).toContain("from './infra'");
    // AND it says what it wrote and what to do next
    expect(run.stdout).toMatch(/^Created the Dockyard project "my-shop" in .*My Shop:$/m);
    for (const file of FILES)
      expect(run.stdout).toMatch(new RegExp(`^ {2}${file.replace('.', '\\.')} +\\S`, 'm'));
    expect(run.stdout).toMatch(
      /^Next steps:\n {2}npm install +# .*\n {2}npx synth +# write dist\/my-shop\//m,
    );
  });

  test('installs nothing unless --install asks, then runs the install in the project folder', async () => {
    // GIVEN
    const plain = emptyFolder('plain');
    const installing = emptyFolder('installing');
    // WHEN
    const without = await runInit(plain);
    const withInstall = await runInit(installing, ['--install']);
    // THEN
    expect(without.installs).toEqual([]);
    expect(fs.existsSync(path.join(plain, 'node_modules'))).toBe(false);
    expect(withInstall.code).toBe(0);
    expect(withInstall.installs).toEqual([{ manager: 'npm', cwd: installing }]);
    // AND the next steps no longer tell the user to install
    expect(withInstall.stdout).not.toMatch(/^ {2}npm install/m);
  });

  test('a failed --install is exit 1, and the files stay', async () => {
    // GIVEN
    const dir = emptyFolder('offline');
    // WHEN
    const run = await runInit(dir, ['--install'], 1);
    // THEN
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('npm install failed (exit 1); the project files are in place.');
    expect(fs.readdirSync(dir).sort()).toEqual(FILES);
  });

  test('refuses when any file it would write exists: lists them all, writes nothing, exit 1', async () => {
    // GIVEN a folder with two of the files, one of them the user's own README
    const dir = emptyFolder('busy');
    fs.writeFileSync(path.join(dir, 'README.md'), 'mine\n');
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), '{}\n');
    // WHEN
    const run = await runInit(dir, ['--install']);
    // THEN
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      [
        'dockyard init: refusing to overwrite files that exist; nothing was written:',
        '  tsconfig.json',
        '  README.md',
        'Run it in an empty folder, or move these files away.',
      ].join('\n'),
    );
    expect(fs.readdirSync(dir).sort()).toEqual(['README.md', 'tsconfig.json']);
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe('mine\n');
    expect(run.installs).toEqual([]);
    expect(run.stdout).toBe('');
  });

  test('a folder it cannot write to is exit 1 with the reason, not a crash', async () => {
    // GIVEN a working directory that does not exist
    const dir = path.join(emptyFolder('parent'), 'missing');
    // WHEN
    const run = await runInit(dir, ['--name', 'shop']);
    // THEN
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `dockyard init: cannot write ${path.join(dir, 'package.json')} (ENOENT); nothing was written.`,
    );
    expect(fs.existsSync(dir)).toBe(false);
  });

  test('--name names the package; a scoped name keeps its scope out of the stack name', async () => {
    // GIVEN
    const dir = emptyFolder('folder');
    // WHEN
    const run = await runInit(dir, ['--name', '@acme/shop']);
    // THEN
    expect(run.code).toBe(0);
    expect(project(dir).name).toBe('@acme/shop');
    expect(fs.readFileSync(path.join(dir, 'infra.ts'), 'utf8')).toContain(
      "new LoadBalancedStack(app, 'shop', {",
    );
  });

  test('a --name npm would reject is bad usage (exit 2), and nothing is written', async () => {
    // GIVEN
    const dir = emptyFolder('folder');
    // WHEN
    const run = await runInit(dir, ['--name', 'My Shop']);
    // THEN
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--name expects an npm package name');
    expect(run.stderr).toContain('got "My Shop"');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('--help describes the command and its options, exit 0, nothing written', async () => {
    // GIVEN
    const dir = emptyFolder('help');
    // WHEN
    const run = await runInit(dir, ['--help']);
    // THEN
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: dockyard init \[options\]$/m);
    expect(run.stdout).toMatch(/^ {2}--name <name> /m);
    expect(run.stdout).toMatch(/^ {2}--install /m);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('the next steps name the package manager that ran init', () => {
    expect(packageManager('pnpm/10.34.8 npm/? node/v20.20.2 linux x64')).toEqual({
      name: 'pnpm',
      exec: 'pnpm exec',
    });
    expect(packageManager('npm/11.19.1 node/v20.20.2 linux x64 workspaces/false').name).toBe('npm');
    expect(packageManager(undefined).name).toBe('npm');
  });

  test("the project's test tools have the ranges this repository tests with", () => {
    for (const [name, range] of Object.entries(PROJECT_DEV_DEPENDENCIES)) {
      expect(`${name}@${WORKSPACE.devDependencies[name]}`).toBe(`${name}@${range}`);
    }
  });

  test('the project synthesizes: `synth` in the new folder writes its stack with no warnings', async () => {
    // GIVEN
    const dir = emptyFolder('shop');
    await runInit(dir);
    // WHEN
    const synth = runCli([], { cwd: dir });
    // THEN
    expect(synth.stderr).toBe('');
    expect(synth.code).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'dist', 'shop')).sort()).toEqual(
      expect.arrayContaining(['compose.yaml', 'nginx.conf', 'stack.yaml']),
    );
  });
});
