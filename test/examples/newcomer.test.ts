import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { committedStacks, EXAMPLES_ROOT, REPO_ROOT, runCommand, runNode } from './support/examples';
import { readFileTree } from './support/file-tree';

// A newcomer copies an example folder out of the repository, installs the published `dockyard` package and
// runs `npx synth`: they must get exactly the committed dist/. The package is built and packed the way it is
// published (pnpm applies publishConfig: the compiled dist/, no TypeScript sources), then installed from the
// tarball with npm, far from this workspace, so nothing can resolve to the repository's sources.

const EXAMPLE = 'nginx-wsgi-flask';
const PACKAGE_DIR = path.join(REPO_ROOT, 'packages', 'dockyard');

/** The folders outside the example that its artifacts name (build contexts), relative to examples/. */
function referencedFolders(example: string): string[] {
  const folders = new Set<string>();
  for (const stack of committedStacks(example)) {
    const compose = parseYaml(stack.files['compose.yaml']?.text ?? '') as {
      services: Record<string, { build?: { context: string } }>;
    };
    const stackDir = path.join(EXAMPLES_ROOT, example, 'dist', stack.name);
    for (const service of Object.values(compose.services)) {
      if (!service.build) continue;
      const relative = path.relative(EXAMPLES_ROOT, path.resolve(stackDir, service.build.context));
      if (relative.startsWith('..') || path.isAbsolute(relative)) {
        throw new Error(`${example}: build context ${service.build.context} lies outside examples/`);
      }
      if (relative.split(path.sep)[0] !== example) folders.add(relative);
    }
  }
  return [...folders].sort();
}

describe('examples: a newcomer copies one out and synthesizes it with the published package', () => {
  let stage = '';
  beforeAll(() => {
    stage = fs.mkdtempSync(path.join(os.tmpdir(), 'dockyard-newcomer-'));
  });
  afterAll(() => {
    if (stage) fs.rmSync(stage, { recursive: true, force: true });
  });

  test(`${EXAMPLE}: npm install <packed dockyard> && npx synth writes the committed dist/ byte for byte`, async () => {
    // GIVEN the package compiled with its build config and packed by pnpm from a copy of what it ships
    const manifest = JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
      files: string[];
    };
    const pkg = path.join(stage, 'package');
    fs.mkdirSync(pkg);
    fs.copyFileSync(path.join(PACKAGE_DIR, 'package.json'), path.join(pkg, 'package.json'));
    for (const entry of manifest.files.filter((file) => file !== 'dist')) {
      fs.cpSync(path.join(PACKAGE_DIR, entry), path.join(pkg, entry), { recursive: true });
    }
    const tsc = require.resolve('typescript/bin/tsc');
    const build = await runNode(
      tsc,
      ['-p', path.join(PACKAGE_DIR, 'tsconfig.build.json'), '--outDir', path.join(pkg, 'dist')],
      REPO_ROOT,
      120_000,
    );
    expect(build.stdout + build.stderr).toBe('');
    expect(build.code).toBe(0);
    // The build ran above; the prepack script would run it again from a path that only exists in the repo.
    const pack = await runCommand(
      'npx',
      ['--yes', 'pnpm@10.34.8', 'pack', '--config.ignore-scripts=true', '--pack-destination', stage],
      pkg,
      120_000,
    );
    expect(pack.code).toBe(0);
    const tarball = path.join(stage, `${manifest.name}-${manifest.version}.tgz`);
    expect(fs.existsSync(tarball)).toBe(true);

    // AND the example folder (without dist/ and its test) beside the folders its artifacts reference
    const work = path.join(stage, 'work');
    const exampleDir = path.join(work, EXAMPLE);
    fs.cpSync(path.join(EXAMPLES_ROOT, EXAMPLE), exampleDir, {
      recursive: true,
      filter: (source) => {
        const name = path.relative(path.join(EXAMPLES_ROOT, EXAMPLE), source);
        return name.split(path.sep)[0] !== 'dist' && !name.endsWith('.test.ts');
      },
    });
    const referenced = referencedFolders(EXAMPLE);
    expect(referenced).toEqual(['flask-app']);
    for (const folder of referenced) {
      fs.cpSync(path.join(EXAMPLES_ROOT, folder), path.join(work, folder), { recursive: true });
    }

    // WHEN
    const install = await runCommand(
      'npm',
      ['install', '--no-audit', '--no-fund', tarball],
      exampleDir,
      180_000,
    );
    expect(install.code).toBe(0);
    const synth = await runCommand('npx', ['synth'], exampleDir, 60_000);

    // THEN it ran the published build, not TypeScript sources
    const installed = path.join(exampleDir, 'node_modules', 'dockyard');
    const published = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as {
      main: string;
    };
    expect(published.main).toBe('./dist/index.js');
    expect(fs.existsSync(path.join(installed, 'src'))).toBe(false);
    expect(fs.existsSync(path.join(installed, 'dist', 'cli', 'main.js'))).toBe(true);
    // AND wrote exactly the committed files, plain folders and the synth record included
    expect(synth.stderr).not.toMatch(/^error:/m);
    expect(synth.code).toBe(0);
    expect(synth.stdout).toContain(`dist/${EXAMPLE}/nginx.conf`);
    expect(readFileTree(path.join(exampleDir, 'dist'))).toEqual(
      readFileTree(path.join(EXAMPLES_ROOT, EXAMPLE, 'dist')),
    );
  }, 300_000);
});
