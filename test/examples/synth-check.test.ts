import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  committedStacks,
  EXAMPLES_ROOT,
  EXPECTED_EXAMPLES,
  exampleNames,
  runNode,
  SYNTH_BIN,
} from './support/examples';
import { loadExample } from './support/load-example';

// The committed dist/ of every example is what its program synthesizes today: the real CLI's --check
// compares every file, and the folder holds nothing else (no stack the program dropped, no link or hidden
// folder of the linked layout, no journal of an interrupted synth): what a forge or a checkout shows is the output.

describe('examples: committed output is current', () => {
  test('examples/ holds exactly the examples the issue asks for, each with infra.ts', () => {
    expect(exampleNames()).toEqual([...EXPECTED_EXAMPLES]);
  });

  test.concurrent.each(EXPECTED_EXAMPLES)(
    '%s: `synth --check` (the real CLI, run in the example folder) finds no drift',
    async (name) => {
      // WHEN
      const run = await runNode(SYNTH_BIN, ['--check'], path.join(EXAMPLES_ROOT, name));
      // THEN
      expect(run.stdout).toMatch(/^No drift: all \d+ files on disk match the program\.$/m);
      expect(run.stderr).not.toMatch(/^error:/m);
      expect(run.code).toBe(0);
    },
    60_000,
  );

  test.each(EXPECTED_EXAMPLES)(
    '%s: dist/ holds one plain folder per stack of the program, nothing else, and only files in them',
    (name) => {
      // GIVEN
      const dir = path.join(EXAMPLES_ROOT, name);
      const programStacks = loadExample(dir)
        .apps.flatMap((app) => app.node.children)
        .map((child) => child.node.id)
        .sort();
      // WHEN
      const stacks = committedStacks(name);
      const entries = fs.readdirSync(path.join(dir, 'dist')).sort();
      // THEN
      expect(stacks.map((stack) => stack.name)).toEqual(programStacks);
      expect(entries).toEqual(stacks.map((stack) => stack.name));
      for (const stack of stacks) {
        expect(fs.lstatSync(path.join(dir, 'dist', stack.name)).isDirectory()).toBe(true);
        const inside = fs.readdirSync(path.join(dir, 'dist', stack.name), { withFileTypes: true });
        expect(inside.filter((entry) => !entry.isFile()).map((entry) => entry.name)).toEqual([]);
        expect(inside.map((entry) => entry.name).sort()).toEqual(
          [...Object.keys(stack.files), '.dockyard-files.json'].sort(),
        );
        expect(Object.keys(stack.files).length).toBeGreaterThan(0);
      }
    },
  );
});
