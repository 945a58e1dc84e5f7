import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { synthesizeInMemory } from '../../packages/dockyard/src/pipeline/synthesis';
import { buildProgram, type Variant } from '../hardening/support/build-program';
import { programArbitrary } from '../hardening/support/program-spec';
import { roundTrip, scratchDir } from './support';

// Random programs of the hardening generator (both stack kinds, every upstream method, weights, backups,
// routes, static files, caches, networks, every DNS strategy): synth, import the files, synth the imported
// program again: the same bytes, file by file. More: DOCKYARD_IMPORT_RUNS=1000 (DOCKYARD_IMPORT_SEED replays).

const RUNS = Number(process.env.DOCKYARD_IMPORT_RUNS ?? 200);
const SEED = Number(process.env.DOCKYARD_IMPORT_SEED ?? 20261201);
const dir = scratchDir('import-random-');
afterAll(() => {
  if (!process.env.DOCKYARD_KEEP_TMP) fs.rmSync(dir, { recursive: true, force: true });
});

test(`GIVEN ${RUNS} random programs WHEN their artifacts are imported and synthesized again THEN every file has the same bytes`, () => {
  const specs = fc.sample(programArbitrary, { numRuns: RUNS, seed: SEED });
  const failures: string[] = [];
  let files = 0;
  let notes = 0;
  let flask = 0;
  let backups = 0;
  const started = performance.now();
  specs.forEach((spec, index) => {
    // GIVEN: the program's artifacts on disk, where `synth` would write them beside a program in `programDir`
    const variant: Variant = index % 2 === 0 ? 'old' : 'default';
    const programDir = path.join(dir, String(index));
    const outdir = path.join(programDir, 'dist');
    const { app, stack } = buildProgram(spec, variant, outdir);
    const synthesized = synthesizeInMemory(app, [stack]).files;
    fs.mkdirSync(path.join(outdir, stack.stackName), { recursive: true });
    for (const file of synthesized)
      fs.writeFileSync(path.join(outdir, stack.stackName, file.fileName), file.text);
    // WHEN
    const { result, before, after } = roundTrip(programDir, stack.stackName);
    // THEN
    notes += result.notes.length;
    flask += (result.text.match(/new FlaskService\(/g) ?? []).length;
    backups += (result.text.match(/new BackupUpstream\(/g) ?? []).length;
    for (const [name, text] of before) {
      files++;
      if (after.get(name) !== text) failures.push(`program ${index} (${variant}): ${name} differs`);
    }
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `import round trip: ${RUNS} programs (seed ${SEED}), ${files} files, ${failures.length} differ, ${notes} notes, ${flask} FlaskServices and ${backups} BackupUpstreams recognised, ${seconds} s\n`,
  );
  expect(failures).toEqual([]);
  expect(notes).toBe(0);
  expect(files).toBeGreaterThanOrEqual(RUNS * 3);
});
