// The child process of the SIGKILL test: synthesizes program B, then A, then B... into one outdir, forever,
// through the library's own `app.synth()`. The test kills it at a random moment.
import { killProgram } from './kill-programs';

const outdir = process.argv[2];
if (outdir === undefined) throw new Error('usage: synth-loop <outdir>');
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  killProgram(outdir, i % 2 === 0 ? 'B' : 'A').synth();
  process.stdout.write(`${i}\n`);
}
