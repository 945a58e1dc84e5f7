// Reading the flagship's YAML artifacts back, as the testing toolkit does, with the yaml library's `parse` and
// with the reader of the printer's own output (packages/dockyard/src/model/compose/yaml-reader.ts), each in
// fresh node processes taking turns. Not part of `pnpm bench`: the measurement behind one change, kept so it
// can be repeated.
// Usage: packages/dockyard/node_modules/.bin/tsx bench/profile/yaml-read.ts [rounds=15]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DOCKYARD_DIR, WORK_DIR } from '../lib/paths';
import { summarize } from '../lib/stats';
import { resultLine, runTypeScript } from '../lib/typescript-child';

const VARIANTS = ['library', 'reader'] as const;
type Variant = (typeof VARIANTS)[number];

/** What one child measured, in milliseconds. */
interface ChildTimes {
  /** Loading the module that reads (the yaml library, or the reader's bundle). */
  readonly loadMs: number;
  /** The first read of all four texts in the process: cold code, as a test file's first test has it. */
  readonly firstReadMs: number;
  /** A read of all four texts once warm (median of the child's rounds). */
  readonly warmReadMs: number;
  /** structuredClone of the four parsed trees (what the toolkit's parse cache hands out), warm. */
  readonly warmCloneMs: number;
}

/** The reader as the packed library has it: one bundled module, not tsx-compiled TypeScript. */
function bundleReader(): string {
  const out = path.join(WORK_DIR, 'yaml-read', 'reader.cjs');
  // esbuild is the library's build dependency, not the workspace root's: resolved from the package.
  const esbuild = require(require.resolve('esbuild', { paths: [DOCKYARD_DIR] })) as {
    buildSync(options: Record<string, unknown>): unknown;
  };
  esbuild.buildSync({
    entryPoints: [path.join(DOCKYARD_DIR, 'src', 'model', 'compose', 'yaml-reader.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['yaml'],
    outfile: out,
    logLevel: 'error',
  });
  return out;
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 15);
  const bundle = bundleReader();
  const times: Record<Variant, ChildTimes[]> = { library: [], reader: [] };
  for (let round = 0; round < rounds; round++) {
    // Alternate which goes first, so neither always runs right after the other.
    const order = round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
    for (const variant of order) {
      const result = await runTypeScript(path.join(__dirname, 'yaml-read-child.ts'), [variant, bundle]);
      times[variant].push(resultLine(result, `yaml-read child (${variant})`) as ChildTimes);
    }
  }
  const fields = ['loadMs', 'firstReadMs', 'warmReadMs', 'warmCloneMs'] as const;
  const med = (variant: Variant, field: (typeof fields)[number]) =>
    summarize(times[variant].map((t) => t[field])).median;
  process.stdout.write(`${rounds} fresh processes per variant, in turns; medians (ms)\n`);
  process.stdout.write(
    `${'field'.padEnd(12)} ${'library'.padStart(9)} ${'reader'.padStart(9)}  reader/library\n`,
  );
  for (const field of fields) {
    const [library, reader] = [med('library', field), med('reader', field)];
    process.stdout.write(
      `${field.padEnd(12)} ${library.toFixed(3).padStart(9)} ${reader.toFixed(3).padStart(9)}  ${(reader / library).toFixed(3)}x\n`,
    );
  }
  fs.writeFileSync(path.join(WORK_DIR, 'yaml-read', 'times.json'), `${JSON.stringify(times, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
