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
// compares every file, and the folder holds nothing else (no stack the program dropped, no orphaned generation).

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
    '%s: dist/ holds one link per stack of the program and the generation each link points to, nothing else',
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
      expect(entries).toEqual([...stacks.flatMap((stack) => [stack.name, stack.target])].sort());
      for (const stack of stacks) {
        expect(stack.target).toMatch(new RegExp(`^\\.${stack.name}\\.[0-9a-f]{12}$`));
        expect(Object.keys(stack.files).length).toBeGreaterThan(0);
      }
    },
  );
});
