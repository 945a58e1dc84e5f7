import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../support/compose/repo-root';
import { outsideReferences, scannedFiles } from '../support/repo/outside-references';

// A plain clone has nothing beside it, so the repository must read nothing outside itself: the tests once
// loaded the Compose schemas from a sibling folder and 54 of them failed in a clone. Two guards: a scan of
// every path the code, tests, scripts and config spell relative to themselves, and a run of the suites that
// read the repository's reference files in a copy of the repository that has nothing beside it.

const root = repoRoot();

describe('the repository is self-contained', () => {
  test('the scan finds a path that leaves the repository, and only those', () => {
    // GIVEN the lines that broke a plain clone, and their fixed forms, as if in test/support/compose/
    const file = path.join('test', 'support', 'compose', 'repo-root.ts');
    const broken = [
      "const dir = join(__dirname, '..', '..', '..', '..', 'shared', 'schemas');",
      // Spelled in pieces so that a grep of the repository for reads of the sibling folder finds only real ones.
      `import schema from '${'../'.repeat(4)}shared/schemas/compose-spec.json';`,
      "const up = path.resolve(REPO_ROOT, '..', 'shared');",
    ].join('\n');
    const fine = [
      "const dir = join(__dirname, '..', '..', 'fixtures', 'schemas');",
      "import { parse } from '../../../packages/dockyard/src/model/nginx';",
      "const schemas = path.join(REPO_ROOT, 'test', 'fixtures', 'schemas');",
    ].join('\n');
    // WHEN
    const found = outsideReferences(root, file, broken);
    // THEN
    expect(found.map((reference) => [reference.line, reference.target])).toEqual([
      [2, path.join('..', 'shared', 'schemas', 'compose-spec.json')],
      [1, path.join('..', 'shared', 'schemas')],
      [3, path.join('..', 'shared')],
    ]);
    expect(outsideReferences(root, file, fine)).toEqual([]);
    // AND the same for a script and a config file
    expect(outsideReferences(root, 'scripts/x.sh', 'cd "$(dirname "$0")/../.."')).toHaveLength(1);
    expect(outsideReferences(root, 'scripts/x.sh', 'cd "$(dirname "$0")/.."')).toEqual([]);
    expect(outsideReferences(root, 'tsconfig.json', '{ "extends": "../tsconfig.base.json" }')).toHaveLength(
      1,
    );
  });

  test('no code, test, script or config file names a path outside the repository', () => {
    // GIVEN
    // (this file is left out: its first test spells out what the scan must find)
    const files = scannedFiles(root).filter((file) => file !== path.relative(root, __filename));
    // WHEN
    const found = files.flatMap((file) =>
      outsideReferences(root, file, fs.readFileSync(path.join(root, file), 'utf8')),
    );
    // THEN
    expect(files).toEqual(
      expect.arrayContaining([path.join('.ci', 'run'), 'jest.config.js', path.join('scripts', 'test.sh')]),
    );
    expect(files.length).toBeGreaterThan(200);
    expect(
      found.map(
        (reference) => `${reference.file}:${reference.line}: ${reference.text} -> ${reference.target}`,
      ),
    ).toEqual([]);
  });

  test("the suites that read the repository's reference files pass in a copy with nothing beside it", () => {
    // GIVEN the repository's files copied into an otherwise empty folder, its installed packages linked in
    const outer = fs.mkdtempSync(path.join(os.tmpdir(), 'dockyard-alone-'));
    try {
      const copy = path.join(outer, 'dockyard');
      fs.cpSync(root, copy, {
        recursive: true,
        filter: (source) => !['node_modules', '.git', '.tmp', '.work'].includes(path.basename(source)),
      });
      linkInstalledPackages(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
      const library = path.join('packages', 'dockyard', 'node_modules');
      fs.symlinkSync(path.join(root, library), path.join(copy, library));
      expect(fs.readdirSync(outer)).toEqual(['dockyard']);
      // WHEN
      const suites = [
        'test/support/compose/validators.test.ts',
        'packages/dockyard/test/model/compose/render-compose.test.ts',
        'packages/dockyard/test/model/compose/render-swarm.test.ts',
      ];
      const run = () =>
        execFileSync(
          process.execPath,
          [
            require.resolve('jest/bin/jest'),
            '--ci',
            '--selectProjects',
            'unit',
            '--runTestsByPath',
            ...suites,
          ],
          { cwd: copy, encoding: 'utf8', stdio: 'pipe', timeout: 240_000 },
        );
      // THEN
      expect(run).not.toThrow();
    } finally {
      fs.rmSync(outer, { recursive: true, force: true });
    }
  }, 300_000);
});

/**
 * Links each installed package of `from` into `to`, except the workspace's own `dockyard`, which pnpm links
 * relatively to packages/dockyard: in the copy it must lead to the copy's package, not the repository's.
 */
function linkInstalledPackages(from: string, to: string): void {
  fs.mkdirSync(to);
  for (const entry of fs.readdirSync(from)) {
    if (entry === 'dockyard') fs.symlinkSync(path.join('..', 'packages', 'dockyard'), path.join(to, entry));
    else fs.symlinkSync(path.join(from, entry), path.join(to, entry));
  }
}
