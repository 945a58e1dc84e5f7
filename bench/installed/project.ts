import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DOCKYARD_DIR, REPO_ROOT, WORK_DIR } from '../lib/paths';
import { CDK8S_TESTS_FILES, DOCKYARD_TESTS_FILES } from './user-tests';

/** Scratch folders of the installed-package benches (git-ignored). */
export const INSTALLED_DIR = path.join(WORK_DIR, 'installed');
const PACK_DIR = path.join(INSTALLED_DIR, 'pack');
const CLI_DIR = path.join(INSTALLED_DIR, 'cli');
/** The project `dockyard init` made, with the packed library installed: what a user has. */
export const USER_DIR = path.join(INSTALLED_DIR, 'user');
/** The same tests against cdk8s's `Testing`, in an equivalent jest project. */
export const CDK8S_TESTS_DIR = path.join(INSTALLED_DIR, 'cdk8s-tests');
/** The flagship program, copied into the user's project. */
export const INSTALLED_FLAGSHIP = 'flagship.ts';

/** cdk8s's side of the jest comparison; jest and @swc/jest are the versions the user's project got. */
const CDK8S_TEST_PACKAGES = { cdk8s: '2.70.106', constructs: '10.8.1' } as const;

function run(command: string, args: readonly string[], cwd: string, what: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 600_000 });
  if (result.status !== 0) {
    throw new Error(
      `${what} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

const npmInstall = (cwd: string, ...specs: string[]) =>
  run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', ...specs],
    cwd,
    `npm install in ${cwd}`,
  );

/**
 * Packs the library as it is now (`npm pack` runs its prepack build), installs the tarball into a scratch CLI
 * folder, runs that `dockyard init` in an empty folder and installs the project with the same tarball, as a
 * user would (`npm install` of the init'ed package.json pulls jest and TypeScript the first time). Then copies
 * the flagship program and writes the 20-test file into it, and the cdk8s twin of those tests beside it.
 */
export function prepareInstalledProjects(log: (line: string) => void): void {
  fs.rmSync(PACK_DIR, { recursive: true, force: true });
  fs.mkdirSync(PACK_DIR, { recursive: true });
  log('installed: npm pack of the library');
  const tarballName = run(
    'npm',
    ['pack', '--silent', '--pack-destination', PACK_DIR],
    DOCKYARD_DIR,
    'npm pack',
  )
    .trim()
    .split('\n')
    .pop() as string;
  const tarball = path.join(PACK_DIR, tarballName);

  fs.mkdirSync(CLI_DIR, { recursive: true });
  fs.writeFileSync(path.join(CLI_DIR, 'package.json'), '{ "name": "cli", "private": true }\n');
  log('installed: the packed CLI');
  npmInstall(CLI_DIR, tarball);

  if (!fs.existsSync(path.join(USER_DIR, 'package.json'))) {
    fs.mkdirSync(USER_DIR, { recursive: true });
    log('installed: dockyard init');
    run(
      process.execPath,
      [path.join(CLI_DIR, 'node_modules', '.bin', 'dockyard'), 'init', '--name', 'bench-user'],
      USER_DIR,
      'dockyard init',
    );
  }
  log('installed: npm install of the init project, with the packed library');
  // init wrote `dockyard: ^<version>`; the tarball stands in for the registry.
  npmInstall(USER_DIR, tarball);
  // init's own infra.test.ts is not part of the comparison, and this repository's jest (which matches
  // `*.test.ts` under bench/) would run it.
  fs.rmSync(path.join(USER_DIR, 'infra.test.ts'), { force: true });
  fs.copyFileSync(
    path.join(REPO_ROOT, 'examples', 'flagship', 'infra.ts'),
    path.join(USER_DIR, INSTALLED_FLAGSHIP),
  );
  for (const [name, text] of Object.entries(DOCKYARD_TESTS_FILES))
    fs.writeFileSync(path.join(USER_DIR, name), text);

  fs.mkdirSync(CDK8S_TESTS_DIR, { recursive: true });
  const user = JSON.parse(fs.readFileSync(path.join(USER_DIR, 'package.json'), 'utf8')) as {
    jest: Record<string, unknown>;
  };
  // The same jest settings (environment, @swc/jest transform), minus Dockyard's matchers.
  const { setupFilesAfterEnv: _matchers, ...jest } = user.jest;
  fs.writeFileSync(
    path.join(CDK8S_TESTS_DIR, 'package.json'),
    `${JSON.stringify({ name: 'bench-cdk8s-tests', private: true, jest }, null, 2)}\n`,
  );
  for (const [name, text] of Object.entries(CDK8S_TESTS_FILES)) {
    fs.writeFileSync(path.join(CDK8S_TESTS_DIR, name), text);
  }
  const same = ['jest', '@swc/core', '@swc/jest'].map(
    (name) => `${name}@${installedVersion(USER_DIR, name)}`,
  );
  const cdk8s = Object.entries(CDK8S_TEST_PACKAGES).map(([name, version]) => `${name}@${version}`);
  log(`installed: ${[...cdk8s, ...same].join(' ')} for the cdk8s tests`);
  npmInstall(CDK8S_TESTS_DIR, '--save-exact', ...cdk8s, ...same);
}

/** The version of a package installed in a project folder. */
export function installedVersion(dir: string, name: string): string {
  const manifest = fs.readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8');
  return (JSON.parse(manifest) as { version: string }).version;
}
