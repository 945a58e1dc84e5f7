// The child process of the SIGKILL test: synthesizes program B, then A, then B... into one outdir, forever,
// through the library's own `app.synth()`, in the layout given. The test kills it at a random moment.
import * as fs from 'node:fs';
import { killProgram } from './kill-programs';

const outdir = process.argv[2];
const layout = process.argv[3];
if (outdir === undefined || (layout !== 'plain' && layout !== 'linked'))
  throw new Error('usage: synth-loop <outdir> plain|linked');
// A first synthesis (JIT, lazy requires) takes many times longer than the next ones; done elsewhere before
// "ready", it lets the test's random delays land in the writes themselves rather than in the warm-up.
const warmup = `${outdir}-warmup`;
killProgram(warmup, 'A', layout).synth();
fs.rmSync(warmup, { recursive: true, force: true });
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  killProgram(outdir, i % 2 === 0 ? 'B' : 'A', layout).synth();
  process.stdout.write(`${i}\n`);
}
