import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleForNode } from './support/bundle-child';
import { printFigures } from './support/figures';
import { KILL_STACK, killProgram } from './support/kill-programs';
import { readStackFolder } from './support/output-tree';

// A real synth process (node, the library, app.synth()) writing program A and program B in turn into one
// outdir is killed with SIGKILL at a random moment, again and again. After every kill, the stack folder as a
// reader sees it (through its link) is exactly A's or B's complete output, the user's file in it survived, and
// the user's file beside the stacks is untouched. Two children run side by side, each on its own outdir.

const KILLS = Number(process.env.DOCKYARD_KILLS ?? 100);
const LANES = 2;
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
    return readStackFolder(outdir, KILL_STACK);
  };
  expected = { A: outputOf('A'), B: outputOf('B') };
});

/** Starts the child and resolves once it has loaded the library and is about to synthesize. */
function start(outdir: string): Promise<{ proc: ChildProcess; rounds: () => number }> {
  const proc = spawn(process.execPath, [child, outdir], { stdio: ['ignore', 'pipe', 'ignore'] });
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
  readonly kills: number;
  readonly midWrite: number;
  readonly survived: number;
  readonly rounds: number;
  readonly problems: string[];
}

async function lane(index: number, kills: number): Promise<LaneResult> {
  const outdir = path.join(root, `lane-${index}`);
  killProgram(outdir, 'A').synth();
  fs.writeFileSync(path.join(outdir, KILL_STACK, 'NOTES.md'), USER_NOTE);
  fs.writeFileSync(path.join(outdir, 'README.txt'), README);
  const problems: string[] = [];
  let midWrite = 0;
  let survived = 0;
  let rounds = 0;
  const scratch = () => new Set(fs.readdirSync(outdir).filter((entry) => /^\.shop\.(tmp|link)-/.test(entry)));
  for (let kill = 1; kill <= kills; kill++) {
    const before = scratch();
    const { proc, rounds: done } = await start(outdir);
    await new Promise((resolve) => setTimeout(resolve, Math.random() * MAX_DELAY_MS));
    await killed(proc);
    rounds += Math.max(0, done());
    // A new scratch generation or link left behind means the kill landed in the middle of a write.
    if ([...scratch()].some((entry) => !before.has(entry))) midWrite += 1;
    const problemsBefore = problems.length;
    const { 'NOTES.md': note, ...written } = readStackFolder(outdir, KILL_STACK);
    const same = (version: 'A' | 'B') => JSON.stringify(written) === JSON.stringify(expected[version]);
    if (!same('A') && !same('B'))
      problems.push(`kill ${kill}: neither A nor B: ${Object.keys(written).join(', ')}`);
    if (note !== USER_NOTE) problems.push(`kill ${kill}: the user's NOTES.md is ${JSON.stringify(note)}`);
    if (fs.readFileSync(path.join(outdir, 'README.txt'), 'utf8') !== README)
      problems.push(`kill ${kill}: README.txt changed`);
    if (problems.length === problemsBefore) survived += 1;
  }
  return { kills, midWrite, survived, rounds, problems };
}

test(`${KILLS} SIGKILLs of a synth process mid-write leave A's or B's complete output and the user's files`, async () => {
  // GIVEN two lanes, each an outdir with A's output and the user's files
  const perLane = Math.ceil(KILLS / LANES);
  // WHEN each lane's child is killed again and again
  const results = await Promise.all(Array.from({ length: LANES }, (_, i) => lane(i, perLane)));
  // THEN
  const problems = results.flatMap((result) => result.problems);
  const total = (key: 'kills' | 'midWrite' | 'survived' | 'rounds') =>
    results.reduce((sum, result) => sum + result[key], 0);
  printFigures('SIGKILL', {
    kills: total('kills'),
    'kills survived': total('survived'),
    'kills in the middle of a write': total('midWrite'),
    'synths completed between kills': total('rounds'),
    failures: problems.length,
  });
  expect(problems).toEqual([]);
  expect(total('kills')).toBeGreaterThanOrEqual(KILLS);
  // The random delays must actually hit writes in progress, or the test proves nothing.
  expect(total('midWrite')).toBeGreaterThan(0);
}, 180_000);
