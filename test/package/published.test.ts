import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type CliRun, runCommand } from '../examples/support/examples';
import {
  type PackageManifest,
  packageManifest,
  packDockyard,
  tarballEntries,
  tarballFile,
} from '../support/package/pack';

// The package as users get it, whichever tool publishes it: packed by npm and by pnpm (prepack builds dist/),
// installed with npm far from this workspace, then `npx dockyard init` in an empty folder, and the new project's
// `npx synth` and `npm test` (tsc, then jest with dockyard/jest). These tests use the npm registry as npm is
// configured, so they are few and share one stage: two tarballs, one project.
//
// The project depends on `dockyard@^<version>`, which the registry would answer with whatever it publishes
// under that name. `npm install <tarball>` in the project installs its devDependencies and points that
// dependency at the tarball (`file:`), as a user testing a release candidate would.

const INSTALL = ['install', '--no-audit', '--no-fund'];

/** Every file the manifest points a consumer at (main, types, each export but the workspace-only source). */
function entryPoints(manifest: PackageManifest): string[] {
  const targets = [manifest.main, manifest.types];
  for (const target of Object.values(manifest.exports)) {
    if (typeof target === 'string') targets.push(target);
    else
      for (const [condition, file] of Object.entries(target))
        if (condition !== 'dockyard-source') targets.push(file);
  }
  return [...new Set(targets.map((target) => target.replace(/^\.\//, '')))].sort();
}

function expectSuccess(run: CliRun): void {
  if (run.code !== 0) throw new Error(`exit ${run.code}\n${run.stdout}\n${run.stderr}`);
}

describe('the published package, packed by npm or pnpm', () => {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'dockyard-published-'));
  const tarballs: Record<'npm' | 'pnpm', string> = { npm: '', pnpm: '' };
  /** Where the npm tarball is installed, so that `npx dockyard` in the folder below finds its bin. */
  const tools = path.join(stage, 'tools');
  const project = path.join(tools, 'shop');

  beforeAll(async () => {
    tarballs.npm = await packDockyard('npm', stage, path.join(stage, 'npm'));
    tarballs.pnpm = await packDockyard('pnpm', stage, path.join(stage, 'pnpm'));
  }, 600_000);
  afterAll(() => {
    fs.rmSync(stage, { recursive: true, force: true });
  });

  test('both tarballs ship the same files: the built JS and types every entry point names, no source', () => {
    // GIVEN
    const manifest = packageManifest();
    // WHEN
    const npmFiles = tarballEntries(tarballs.npm);
    const pnpmFiles = tarballEntries(tarballs.pnpm);
    // THEN
    expect(pnpmFiles).toEqual(npmFiles);
    expect(npmFiles).toEqual(expect.arrayContaining(entryPoints(manifest)));
    expect(entryPoints(manifest)).toEqual(
      expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', 'dist/testing/jest-setup.js']),
    );
    expect(
      npmFiles.filter((file) => file.startsWith('src/') || (file.endsWith('.ts') && !file.endsWith('.d.ts'))),
    ).toEqual([]);
    expect(npmFiles).toEqual(
      expect.arrayContaining([
        'bin/dockyard.cjs',
        'bin/synth.cjs',
        'dist/cli/main.js',
        'dist/cli/dockyard.js',
      ]),
    );
    // AND the JavaScript is bundled (a run loads a few files, not one per module), without its build scripts
    expect(npmFiles.filter((file) => file.endsWith('.js')).length).toBeLessThan(20);
    expect(npmFiles.filter((file) => file.startsWith('scripts/'))).toEqual([]);
    // AND the manifest is the same for both tools (pnpm drops the lifecycle scripts that already ran): nothing
    // depends on pnpm's publishConfig rewrite
    const published = (tool: 'npm' | 'pnpm') => {
      const { scripts: _scripts, ...rest } = JSON.parse(tarballFile(tarballs[tool], 'package.json'));
      return rest;
    };
    expect(published('pnpm')).toEqual(published('npm'));
    expect(manifest.publishConfig).toBeUndefined();
  });

  test('npm tarball: `npx dockyard init` in an empty folder, then `npx synth` and `npm test` pass there', async () => {
    // GIVEN the npm tarball installed, and an empty folder below it
    fs.mkdirSync(project, { recursive: true });
    expectSuccess(await runCommand('npm', [...INSTALL, tarballs.npm], tools, 300_000));
    // WHEN (--no: fail rather than fetch some other `dockyard` when the installed bin is not found)
    const init = await runCommand('npx', ['--no', 'dockyard', 'init'], project);
    // THEN it wrote the project, depending on this version
    expectSuccess(init);
    expect(init.stdout).toMatch(/^Created the Dockyard project "shop" in /m);
    expect(init.stdout).toMatch(/^ {2}npm install +# /m);
    const written = JSON.parse(fs.readFileSync(path.join(project, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(written.dependencies).toEqual({ dockyard: `^${packageManifest().version}` });
    expect(fs.existsSync(path.join(project, 'node_modules'))).toBe(false);

    // WHEN its devDependencies are installed, with dockyard from the tarball
    expectSuccess(await runCommand('npm', [...INSTALL, tarballs.npm], project, 300_000));
    const installed = JSON.parse(fs.readFileSync(path.join(project, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    expect(installed.devDependencies).toEqual(written.devDependencies);
    const synth = await runCommand('npx', ['synth'], project);
    const test = await runCommand('npm', ['test'], project, 120_000);

    // THEN
    expectSuccess(synth);
    expect(synth.stdout).toMatch(/^Synthesized 1 app, 1 stack, 3 files .*: 3 created\.$/m);
    expect(fs.readdirSync(path.join(project, 'dist', 'shop')).sort()).toEqual(
      expect.arrayContaining(['compose.yaml', 'nginx.conf', 'stack.yaml']),
    );
    expectSuccess(test);
    expect(test.stderr).toMatch(/^Tests: +3 passed, 3 total$/m);
    expect(fs.existsSync(path.join(project, 'node_modules', 'dockyard', 'src'))).toBe(false);
  }, 600_000);

  test('pnpm tarball: installed over it in the same project, synth finds no drift and `npm test` passes', async () => {
    // GIVEN the project of the previous test, with the pnpm tarball installed instead
    expect(fs.existsSync(path.join(project, 'dist', 'shop'))).toBe(true);
    expectSuccess(await runCommand('npm', [...INSTALL, tarballs.pnpm], project, 300_000));
    // WHEN
    const check = await runCommand('npx', ['synth', '--check'], project);
    const test = await runCommand('npm', ['test'], project, 120_000);
    // THEN
    const dependency = JSON.parse(fs.readFileSync(path.join(project, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const lock = JSON.parse(fs.readFileSync(path.join(project, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { resolved?: string }>;
    };
    const pnpmSpec = `file:${path.relative(project, tarballs.pnpm)}`;
    expect(dependency.dependencies.dockyard).toBe(pnpmSpec);
    expect(lock.packages['node_modules/dockyard']?.resolved).toBe(pnpmSpec);
    expectSuccess(check);
    expect(check.stdout).toMatch(/^No drift: all 3 files on disk match the program\.$/m);
    expectSuccess(test);
    expect(test.stderr).toMatch(/^Tests: +3 passed, 3 total$/m);
  }, 600_000);
});
