import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repairPlainFolder } from '../../packages/dockyard/src/output/plain-folder';
import { bundleForNode } from './support/bundle-child';
import { printFigures } from './support/figures';
import { KILL_STACK, killProgram } from './support/kill-programs';
import { readStackFolder } from './support/output-tree';

// A real synth process (node, the library, app.synth()) writing program A and program B in turn into one
// outdir is killed with SIGKILL at a random moment, again and again. After every kill:
// - every artifact a reader sees is A's or B's complete text;
// - plain layout: the set is A's or B's, or the journal is there, and finishing the journal alone gives exactly
//   A's or B's output; linked layout: the set is A's or B's;
// - the user's file in the stack folder and the one beside it are untouched.
// Lanes run side by side, each a child on its own outdir: two for the plain layout (the default), one linked.

const KILLS = Number(process.env.DOCKYARD_KILLS ?? 100);
const LANES = ['plain', 'plain', 'linked'] as const;
type Layout = (typeof LANES)[number];
const MAX_DELAY_MS = 250;
const USER_NOTE = 'my notes, not synth output\n';
const README = 'outside any stack\n';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dockyard-sigkill-'));
const child = path.join(root, 'synth-loop.js');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let expected: Record<'A' | 'B', Record<string, string>>;

beforeAll(() => {
  bundleForNode(path.join(__dirname, 'support', 'synth-loop.ts'), child);
  const outputOf = (version: 'A' | 'B') => {
    const outdir = path.join(root, `expected-${version}`);
    killProgram(outdir, version).synth();
    return artifacts(readStackFolder(outdir, KILL_STACK));
  };
  expected = { A: outputOf('A'), B: outputOf('B') };
});

/** A stack folder's artifacts: synth's bookkeeping (dot files) and the user's NOTES.md left out. */
function artifacts(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(files).filter(([name]) => !name.startsWith('.') && name !== 'NOTES.md'),
  );
}

/** Which program's complete output `files` are, if either. */
function versionOf(files: Record<string, string>): 'A' | 'B' | undefined {
  const text = JSON.stringify(artifacts(files));
  return text === JSON.stringify(expected.A) ? 'A' : text === JSON.stringify(expected.B) ? 'B' : undefined;
}

/** Starts the child and resolves once it has loaded the library and is about to synthesize. */
function start(outdir: string, layout: Layout): Promise<{ proc: ChildProcess; rounds: () => number }> {
  const proc = spawn(process.execPath, [child, outdir, layout], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  return new Promise((resolve, reject) => {
    proc.stdout?.on('data', (chunk: Buffer) => {
      const first = out === '';
      out += chunk.toString('utf8');
      if (first && out.startsWith('ready\n')) {
        resolve({ proc, rounds: () => out.split('\n').length - 2 });
      }
    });
    proc.once('error', reject);
    proc.once('exit', (code, signal) => {
      if (!out.startsWith('ready\n'))
        reject(new Error(`child exited before it was ready (${code ?? signal})`));
    });
  });
}

function killed(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) resolve();
    else {
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    }
  });
}

interface LaneResult {
  readonly layout: Layout;
  readonly kills: number;
  readonly midWrite: number;
  readonly mixed: number;
  readonly survived: number;
  readonly rounds: number;
  readonly problems: string[];
}

/** Synth's traces of a write in progress: scratch beside the stack, a journal or staged files inside it. */
function traces(outdir: string): Set<string> {
  const stamp = (dir: string, entry: string) => `${entry}@${fs.lstatSync(path.join(dir, entry)).mtimeMs}`;
  const dir = path.join(outdir, KILL_STACK);
  return new Set([
    ...fs
      .readdirSync(outdir)
      .filter((entry) => /^\.shop\.(tmp|link|previous)-/.test(entry))
      .map((entry) => stamp(outdir, entry)),
    ...(fs.existsSync(dir) ? fs.readdirSync(dir) : [])
      .filter((entry) => entry === '.dockyard-synth.json' || entry.startsWith('.dockyard-new-'))
      .map((entry) => stamp(dir, entry)),
  ]);
}

/** Finishing the journal on a copy of the outdir, and nothing else, must give exactly one program's output. */
function rolledForward(outdir: string): 'A' | 'B' | undefined {
  const copy = `${outdir}-roll-forward`;
  fs.cpSync(outdir, copy, { recursive: true, verbatimSymlinks: true });
  try {
    repairPlainFolder(path.join(copy, KILL_STACK));
    return versionOf(readStackFolder(copy, KILL_STACK));
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

async function lane(index: number, layout: Layout, kills: number): Promise<LaneResult> {
  const outdir = path.join(root, `lane-${index}`);
  killProgram(outdir, 'A', layout).synth();
  fs.writeFileSync(path.join(outdir, KILL_STACK, 'NOTES.md'), USER_NOTE);
  fs.writeFileSync(path.join(outdir, 'README.txt'), README);
  const problems: string[] = [];
  let midWrite = 0;
  let mixed = 0;
  let survived = 0;
  let rounds = 0;
  for (let kill = 1; kill <= kills; kill++) {
    const before = traces(outdir);
    const { proc, rounds: done } = await start(outdir, layout);
    await new Promise((resolve) => setTimeout(resolve, Math.random() * MAX_DELAY_MS));
    await killed(proc);
    rounds += Math.max(0, done());
    // A new trace of a write left behind means the kill landed in the middle of a write.
    if ([...traces(outdir)].some((entry) => !before.has(entry))) midWrite += 1;
    const problemsBefore = problems.length;
    const seen = readStackFolder(outdir, KILL_STACK);
    const note = seen['NOTES.md'];
    for (const [name, text] of Object.entries(artifacts(seen))) {
      if (text !== expected.A[name] && text !== expected.B[name])
        problems.push(`kill ${kill}: ${name} is neither A's nor B's text`);
    }
    const journal = fs.existsSync(path.join(outdir, KILL_STACK, '.dockyard-synth.json'));
    if (versionOf(seen) === undefined) {
      if (layout === 'linked' || !journal)
        problems.push(
          `kill ${kill}: neither A nor B, and no journal says so: ${Object.keys(seen).join(', ')}`,
        );
      else mixed += 1;
    }
    if (layout === 'plain' && journal && rolledForward(outdir) === undefined)
      problems.push(`kill ${kill}: finishing the journal gave neither A's nor B's output`);
    if (note !== USER_NOTE) problems.push(`kill ${kill}: the user's NOTES.md is ${JSON.stringify(note)}`);
    if (fs.readFileSync(path.join(outdir, 'README.txt'), 'utf8') !== README)
      problems.push(`kill ${kill}: README.txt changed`);
    if (problems.length === problemsBefore) survived += 1;
  }
  return { layout, kills, midWrite, mixed, survived, rounds, problems };
}

test(`${KILLS} SIGKILLs of a synth process mid-write leave A's or B's complete output and the user's files`, async () => {
  // GIVEN lanes, each an outdir with A's output and the user's files; KILLS for the plain layout, half as many
  // for the linked one
  const perLane = Math.ceil(KILLS / 2);
  // WHEN each lane's child is killed again and again
  const results = await Promise.all(LANES.map((layout, i) => lane(i, layout, perLane)));
  // THEN
  const problems = results.flatMap((result) => result.problems);
  const total = (layout: Layout, key: 'kills' | 'midWrite' | 'mixed' | 'survived' | 'rounds') =>
    results.filter((result) => result.layout === layout).reduce((sum, result) => sum + result[key], 0);
  for (const layout of ['plain', 'linked'] as const) {
    printFigures(`SIGKILL (${layout} layout)`, {
      kills: total(layout, 'kills'),
      'kills survived': total(layout, 'survived'),
      'kills in the middle of a write': total(layout, 'midWrite'),
      ...(layout === 'plain' ? { 'mixed sets flagged by the journal': total(layout, 'mixed') } : {}),
      'synths completed between kills': total(layout, 'rounds'),
    });
  }
  expect(problems).toEqual([]);
  expect(total('plain', 'kills')).toBeGreaterThanOrEqual(KILLS);
  // The random delays must actually hit writes in progress, or the test proves nothing.
  expect(total('plain', 'midWrite')).toBeGreaterThan(0);
}, 300_000);
