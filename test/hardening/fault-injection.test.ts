import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as Dockyard from '../../packages/dockyard/src';
import { printFigures } from './support/figures';
import { type FaultyCall, FsFaults } from './support/fs-faults';
import { readStackFolder, snapshotTree } from './support/output-tree';

// A failure at any point of rendering or writing never leaves a half-written stack folder: a reader sees the
// complete old output or the complete new one, and the user's own files in the folder are never lost. Every fs
// call synth makes fails in turn (the 1st call of renameSync, the 2nd, ... for each function), from two starting
// points: folders written by Dockyard (links to generations) and plain folders (an older writer, or by hand).

const CALLS: FaultyCall[] = [
  'renameSync',
  'writeSync',
  'symlinkSync',
  'mkdtempSync',
  'openSync',
  'fsyncSync',
  'closeSync',
  'linkSync',
  'mkdirSync',
  'chmodSync',
  'rmSync',
  'lstatSync',
  'readdirSync',
  'readlinkSync',
];
const faults = FsFaults.install(CALLS);
// Loaded after the spies, so the library's copy of node:fs holds them (see FsFaults).
let dockyard: typeof Dockyard;
const STACKS = ['shop', 'blog'] as const;
const USER_FILES = { 'NOTES.md': 'my notes\n', 'extra/todo.txt': 'my folder\n' };

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dockyard-faults-'));
afterAll(() => {
  faults.restore();
  fs.rmSync(root, { recursive: true, force: true });
});

/** Two stacks, so a failure in the second one's write shows what the first one's folder looks like. */
function program(outdir: string, version: 'A' | 'B') {
  const { App, LoadBalancedStack } = dockyard;
  const app = new App({ outdir });
  for (const [i, name] of STACKS.entries()) {
    new LoadBalancedStack(app, name, {
      flask: { image: `${name}:${version}`, replicas: version === 'A' ? 1 + i : 3 + i },
      proxy: { publish: 8080 + i },
      ...(version === 'B' ? { cache: { paths: ['/cached'] } } : {}),
    });
  }
  return app;
}

let expected: Record<'A' | 'B', Record<string, Record<string, string>>>;
const templates: Record<'links' | 'plain folders', string> = { links: '', 'plain folders': '' };

function writeUserFiles(dir: string): void {
  for (const [name, text] of Object.entries(USER_FILES)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
}

beforeAll(() => {
  dockyard = require('../../packages/dockyard/src') as typeof Dockyard;
  const outputOf = (version: 'A' | 'B') => {
    const outdir = path.join(root, `expected-${version}`);
    program(outdir, version).synth();
    return Object.fromEntries(STACKS.map((stack) => [stack, readStackFolder(outdir, stack)]));
  };
  expected = { A: outputOf('A'), B: outputOf('B') };
  // Written by Dockyard: each stack folder a link to a generation, the user's files inside.
  templates.links = path.join(root, 'template-links');
  program(templates.links, 'A').synth();
  for (const stack of STACKS) writeUserFiles(path.join(templates.links, stack));
  fs.writeFileSync(path.join(templates.links, 'README.txt'), 'outside any stack\n');
  // Plain folders with the same files, as an older writer (or a person) would leave them.
  templates['plain folders'] = path.join(root, 'template-plain');
  for (const stack of STACKS) {
    const dir = path.join(templates['plain folders'], stack);
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(expected.A[stack] ?? {}))
      fs.writeFileSync(path.join(dir, name), text);
    writeUserFiles(dir);
  }
  fs.writeFileSync(path.join(templates['plain folders'], 'README.txt'), 'outside any stack\n');
});

function sameAs(outdir: string, stack: string, version: 'A' | 'B'): boolean {
  const { 'NOTES.md': _notes, ...written } = readStackFolder(outdir, stack);
  return JSON.stringify(written) === JSON.stringify(expected[version][stack]);
}

/** What a reader sees now in each stack folder, and whether it is exactly A's or B's output plus the user's files. */
function verdicts(outdir: string): string[] {
  const problems: string[] = [];
  for (const stack of STACKS) {
    let seen: Record<string, string>;
    try {
      seen = readStackFolder(outdir, stack);
    } catch (error) {
      problems.push(`${stack}: unreadable (${(error as Error).message})`);
      continue;
    }
    const { 'NOTES.md': notes, ...written } = seen;
    const same = (version: 'A' | 'B') => JSON.stringify(written) === JSON.stringify(expected[version][stack]);
    if (!same('A') && !same('B'))
      problems.push(`${stack}: neither A's nor B's output: ${Object.keys(written)}`);
    if (notes !== USER_FILES['NOTES.md'])
      problems.push(`${stack}: the user's NOTES.md is ${JSON.stringify(notes)}`);
    const todo = path.join(outdir, stack, 'extra', 'todo.txt');
    if (!fs.existsSync(todo) || fs.readFileSync(todo, 'utf8') !== USER_FILES['extra/todo.txt']) {
      problems.push(`${stack}: the user's extra/todo.txt is gone or changed`);
    }
  }
  if (fs.readFileSync(path.join(outdir, 'README.txt'), 'utf8') !== 'outside any stack\n')
    problems.push('README.txt changed');
  return problems;
}

/** Our own leftovers once a later synth has succeeded: none (old generations, scratch folders, moved-aside folders). */
function leftovers(outdir: string): string[] {
  const live = new Set(STACKS.map((stack) => fs.readlinkSync(path.join(outdir, stack))));
  return fs.readdirSync(outdir).filter((entry) => entry.startsWith('.') && !live.has(entry));
}

let failuresInjected = 0;
let synthsRun = 0;
let statesChecked = 0;
let halfWritten = 0;

describe.each(Object.keys(templates) as Array<keyof typeof templates>)('starting from %s', (start) => {
  test.each(CALLS)(
    'a failure at every call of fs.%s leaves each stack folder old or new, user files kept',
    (call) => {
      // GIVEN: how often a clean synth of B calls it from this starting point
      const dry = path.join(root, `dry-${start}-${call}`);
      fs.cpSync(templates[start], dry, { recursive: true, verbatimSymlinks: true });
      faults.arm();
      program(dry, 'B').synth();
      const calls = faults.count(call);
      faults.disarm();
      expect(verdicts(dry)).toEqual([]);
      const problems: string[] = [];

      for (let at = 1; at <= calls; at++) {
        const outdir = path.join(root, `run-${start}-${call}-${at}`);
        fs.cpSync(templates[start], outdir, { recursive: true, verbatimSymlinks: true });
        // WHEN: the at-th call fails
        let thrown: unknown;
        faults.arm({ call, at });
        try {
          program(outdir, 'B').synth();
        } catch (error) {
          thrown = error;
        } finally {
          faults.disarm();
        }
        synthsRun += 1;
        failuresInjected += 1;
        // THEN: the failure surfaced (or was worked around: a hard link that fails becomes a copy), and every
        // folder is A's or B's, with the user's files
        const workedAround = thrown === undefined && STACKS.every((stack) => sameAs(outdir, stack, 'B'));
        if (!workedAround && !(thrown instanceof Error && thrown.message.includes('injected'))) {
          problems.push(`#${at}: expected the injected error, got ${String(thrown)}`);
        }
        problems.push(...verdicts(outdir).map((p) => `#${at}: ${p}`));
        statesChecked += 1;
        // ...and the next synth repairs everything: B's output, nothing of ours left over
        program(outdir, 'B').synth();
        synthsRun += 1;
        const after = readStackFolder(outdir, 'shop');
        if (after['stack.yaml'] !== expected.B.shop?.['stack.yaml'])
          problems.push(`#${at}: the next synth did not write B`);
        problems.push(...verdicts(outdir).map((p) => `#${at}, after the next synth: ${p}`));
        problems.push(...leftovers(outdir).map((entry) => `#${at}: leftover ${entry} after the next synth`));
        fs.rmSync(outdir, { recursive: true, force: true });
      }
      if (['renameSync', 'writeSync', 'symlinkSync', 'mkdtempSync'].includes(call))
        expect(calls).toBeGreaterThan(0);
      halfWritten += problems.length;
      expect(problems).toEqual([]);
    },
  );
});

test('a renderer that throws stops synth before anything is written', () => {
  // GIVEN
  const outdir = path.join(root, 'renderer');
  fs.cpSync(templates.links, outdir, { recursive: true, verbatimSymlinks: true });
  const before = snapshotTree(outdir);
  const app = program(outdir, 'B');
  const blog = app.node.findChild('blog') as Dockyard.Stack;
  blog.addArtifact({
    fileName: 'late.txt',
    kind: 'text',
    owner: blog,
    render: () => {
      throw new Error('renderer bug');
    },
  });
  // WHEN
  const synth = () => app.synth();
  // THEN: the first stack was rendered fine, but nothing of it was written either
  expect(synth).toThrow('renderer bug');
  expect(snapshotTree(outdir)).toEqual(before);
  statesChecked += 1;
});

afterAll(() => {
  printFigures('fault injection', {
    'fs functions failed in turn': CALLS.length,
    'failures injected': failuresInjected,
    'synths run': synthsRun,
    'states checked': statesChecked,
    'problems found': halfWritten,
  });
});
