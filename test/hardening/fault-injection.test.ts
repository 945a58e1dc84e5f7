import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as Dockyard from '../../packages/dockyard/src';
import { printFigures } from './support/figures';
import { type FaultyCall, FsFaults } from './support/fs-faults';
import { readStackFolder, snapshotTree } from './support/output-tree';

// A failure at any point of rendering or writing never leaves a torn file or loses a user's file. Every fs call
// synth makes fails in turn (the 1st call of renameSync, the 2nd, ... for each function), for both layouts, from
// two starting points: the linked layout of an older Dockyard (links to generations) and plain folders.
// - plain layout: every artifact is its complete old (A) or new (B) text; the set is A's or B's, or the journal
//   is there (and finishing it alone gives exactly B);
// - linked layout: the set is A's or B's, always.
// Either way the error surfaces and the next synth repairs everything.

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
  'readFileSync',
  'copyFileSync',
];
const LAYOUTS = ['plain', 'linked'] as const;
type Layout = (typeof LAYOUTS)[number];
const faults = FsFaults.install(CALLS);
// Loaded after the spies, so the library's copy of node:fs holds them (see FsFaults).
let dockyard: typeof Dockyard;
let repairPlainFolder: (dir: string) => boolean;
const STACKS = ['shop', 'blog'] as const;
const USER_FILES = { 'NOTES.md': 'my notes\n', 'extra/todo.txt': 'my folder\n' };

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dockyard-faults-'));
afterAll(() => {
  faults.restore();
  fs.rmSync(root, { recursive: true, force: true });
});

/** Two stacks, so a failure in the second one's write shows what the first one's folder looks like. */
function program(outdir: string, version: 'A' | 'B', layout: Layout = 'plain') {
  const { App, LoadBalancedStack } = dockyard;
  const app = new App({ outdir, layout });
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
  ({ repairPlainFolder } = require('../../packages/dockyard/src/output/plain-folder') as {
    repairPlainFolder: typeof repairPlainFolder;
  });
  const outputOf = (version: 'A' | 'B') => {
    const outdir = path.join(root, `expected-${version}`);
    program(outdir, version).synth();
    return Object.fromEntries(STACKS.map((stack) => [stack, readStackFolder(outdir, stack)]));
  };
  expected = { A: outputOf('A'), B: outputOf('B') };
  // Written by an older Dockyard: each stack folder a link to a generation, the user's files inside, and a
  // record of names only (that writer's format).
  templates.links = path.join(root, 'template-links');
  program(templates.links, 'A', 'linked').synth();
  for (const stack of STACKS) {
    writeUserFiles(path.join(templates.links, stack));
    const names = Object.keys(expected.A[stack] ?? {}).filter((name) => !name.startsWith('.'));
    fs.writeFileSync(
      path.join(templates.links, stack, '.dockyard-files.json'),
      `${JSON.stringify({ writtenBy: 'dockyard', files: names }, null, 2)}\n`,
    );
  }
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

/** The artifacts of a stack folder as a reader sees them: synth's bookkeeping (dot files) and the user's left out. */
function artifacts(files: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(files ?? {}).filter(([name]) => !name.startsWith('.') && name !== 'NOTES.md'),
  );
}

function sameAs(outdir: string, stack: string, version: 'A' | 'B'): boolean {
  return (
    JSON.stringify(readStackFolder(outdir, stack)) === JSON.stringify(withNotes(expected[version][stack]))
  );
}

function withNotes(files: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries({ ...files, 'NOTES.md': USER_FILES['NOTES.md'] }).sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

/** Whether a stack folder holds a journal: a synthesis died while switching it. */
function journaled(outdir: string, stack: string): boolean {
  return fs.existsSync(path.join(outdir, stack, '.dockyard-synth.json'));
}

let mixedSets = 0;
let rolledForward = 0;

/**
 * What a reader sees now in each stack folder: every artifact A's or B's text, the set A's or B's unless the
 * plain layout's journal says it is mid-switch (then finishing the journal alone must give B), the user's files.
 */
function verdicts(outdir: string, layout: Layout): string[] {
  const problems: string[] = [];
  for (const stack of STACKS) {
    let seen: Record<string, string>;
    try {
      seen = readStackFolder(outdir, stack);
    } catch (error) {
      problems.push(`${stack}: unreadable (${(error as Error).message})`);
      continue;
    }
    const { 'NOTES.md': notes } = seen;
    const written = artifacts(seen);
    const same = (version: 'A' | 'B') =>
      JSON.stringify(written) === JSON.stringify(artifacts(expected[version][stack]));
    for (const [name, text] of Object.entries(written)) {
      if (text !== expected.A[stack]?.[name] && text !== expected.B[stack]?.[name])
        problems.push(`${stack}/${name}: neither A's nor B's text (a torn or foreign file)`);
    }
    if (!same('A') && !same('B')) {
      if (layout === 'linked' || !journaled(outdir, stack))
        problems.push(`${stack}: neither A's nor B's output and no journal says so: ${Object.keys(written)}`);
      else {
        mixedSets += 1;
        problems.push(...rollForward(outdir, stack));
      }
    }
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

/** Finishing a journal on a copy of the folder, and nothing else, must give exactly B's output. */
function rollForward(outdir: string, stack: string): string[] {
  const copy = `${outdir}-roll-forward`;
  fs.cpSync(outdir, copy, { recursive: true, verbatimSymlinks: true });
  try {
    repairPlainFolder(path.join(copy, stack));
    rolledForward += 1;
    return sameAs(copy, stack, 'B') ? [] : [`${stack}: finishing the journal did not give B's output`];
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

/**
 * Our own leftovers once a later synth has succeeded: none. Plain layout: no hidden entry beside the stacks (old
 * generations, scratch, moved-aside folders), no journal or staged file inside. Linked: only the live
 * generations.
 */
function leftovers(outdir: string, layout: Layout): string[] {
  const live = new Set(
    layout === 'linked' ? STACKS.map((stack) => fs.readlinkSync(path.join(outdir, stack))) : [],
  );
  const inside = STACKS.flatMap((stack) =>
    fs
      .readdirSync(path.join(outdir, stack))
      .filter((entry) => entry.startsWith('.') && entry !== '.dockyard-files.json')
      .map((entry) => `${stack}/${entry}`),
  );
  const folders = STACKS.filter(
    (stack) => fs.lstatSync(path.join(outdir, stack)).isSymbolicLink() !== (layout === 'linked'),
  );
  return [
    ...fs.readdirSync(outdir).filter((entry) => entry.startsWith('.') && !live.has(entry)),
    ...inside,
    ...folders.map((stack) => `${stack} (not the ${layout} layout)`),
  ];
}

let failuresInjected = 0;
let synthsRun = 0;
let statesChecked = 0;
let halfWritten = 0;

const cases = (Object.keys(templates) as Array<keyof typeof templates>).flatMap((start) =>
  LAYOUTS.map((layout) => [start, layout] as const),
);

describe.each(cases)('starting from %s, writing the %s layout', (start, layout) => {
  test.each(CALLS)(
    'a failure at every call of fs.%s leaves every file old or new, user files kept',
    (call) => {
      // GIVEN: how often a clean synth of B calls it from this starting point
      const dry = path.join(root, `dry-${start}-${layout}-${call}`);
      fs.cpSync(templates[start], dry, { recursive: true, verbatimSymlinks: true });
      faults.arm();
      program(dry, 'B', layout).synth();
      const calls = faults.count(call);
      faults.disarm();
      expect(verdicts(dry, layout)).toEqual([]);
      expect(STACKS.every((stack) => sameAs(dry, stack, 'B'))).toBe(true);
      const problems: string[] = [];
      const mixedBefore = mixedSets;

      for (let at = 1; at <= calls; at++) {
        const outdir = path.join(root, `run-${start}-${layout}-${call}-${at}`);
        fs.cpSync(templates[start], outdir, { recursive: true, verbatimSymlinks: true });
        // WHEN: the at-th call fails
        let thrown: unknown;
        faults.arm({ call, at });
        try {
          program(outdir, 'B', layout).synth();
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
        problems.push(...verdicts(outdir, layout).map((p) => `#${at}: ${p}`));
        statesChecked += 1;
        // ...and the next synth repairs everything: exactly B's output and record, nothing of ours left over
        program(outdir, 'B', layout).synth();
        synthsRun += 1;
        for (const stack of STACKS)
          if (!sameAs(outdir, stack, 'B'))
            problems.push(`#${at}: the next synth did not write B in ${stack}`);
        problems.push(...verdicts(outdir, layout).map((p) => `#${at}, after the next synth: ${p}`));
        problems.push(
          ...leftovers(outdir, layout).map((entry) => `#${at}: leftover ${entry} after the next synth`),
        );
        fs.rmSync(outdir, { recursive: true, force: true });
      }
      // Calls each layout cannot do without: a count of 0 would mean the loop tested nothing.
      const essential = [
        'renameSync',
        'writeSync',
        ...(layout === 'linked' ? ['symlinkSync', 'mkdtempSync'] : []),
      ];
      if (essential.includes(call)) expect(calls).toBeGreaterThan(0);
      // A failing rename between the journal and the record must hit a mixed set, or the journal goes untested.
      if (layout === 'plain' && call === 'renameSync') expect(mixedSets).toBeGreaterThan(mixedBefore);
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
    'mixed sets flagged by a journal': mixedSets,
    'journals finished alone': rolledForward,
    'problems found': halfWritten,
  });
});
