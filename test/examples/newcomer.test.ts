import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { packDockyard } from '../support/package/pack';
import { committedStacks, EXAMPLES_ROOT, runCommand } from './support/examples';
import { readFileTree } from './support/file-tree';

// A newcomer copies an example folder out of the repository, installs the published `dockyard` package and
// runs `npx synth`: they must get exactly the committed dist/. The package is packed the way it is published
// (npm pack runs the build; the tarball holds the compiled dist/, no TypeScript sources), then installed from
// the tarball with npm, far from this workspace, so nothing can resolve to the repository's sources.
// test/package/published.test.ts checks the tarballs of both npm and pnpm.

const EXAMPLE = 'nginx-wsgi-flask';

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
    // GIVEN the package packed by npm, its prepack script building dist/
    const tarball = await packDockyard('npm', stage, stage);

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
