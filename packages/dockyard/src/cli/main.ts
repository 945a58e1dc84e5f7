import * as path from 'node:path';
import { Option } from 'commander';
import { driftOfStack } from '../output/drift';
import type { Manifest } from '../output/manifest';
import { groupByStack } from '../output/write-app';
import type { OutputLayout } from '../output/write-stack';
import { registeredApps, type SynthDirective, setSynthDirective } from '../pipeline/runtime';
import { newCommand, parseArguments } from './command';
import { resolveEntry } from './entry';
import { EXIT } from './exit-codes';
import { reportFailure } from './failure';
import { type CliIo, defaultIo } from './io';
import { loadProgram } from './load-program';
import { diagnosticLines, driftReport, filesTable, summaryLine } from './report';
import { packageVersion } from './version';

export { EXIT } from './exit-codes';
export type { CliIo } from './io';

/** bin/launch.cjs calls it before it runs a command. */
export { interpretSchemas } from './schema-mode';

interface Options {
  readonly out?: string;
  readonly check?: boolean;
  readonly layout?: OutputLayout;
  readonly quiet?: boolean;
  readonly verbose?: boolean;
}

/** Runs `synth` with the given arguments (without `node` and the script) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const program = newCommand('synth', io)
    .description('Synthesize compose.yaml, stack.yaml and nginx.conf from a Dockyard program.')
    .argument(
      '[file]',
      'the TypeScript program (default: package.json#dockyard.app, else infra.ts, else main.ts)',
    )
    .option('-o, --out <dir>', "write stack folders here instead of the App's outdir")
    .option(
      '--check',
      'write nothing; exit 1 with a unified diff if the files on disk differ from the program',
    )
    .addOption(
      new Option('--layout <layout>', "lay stack folders out this way instead of the App's layout").choices([
        'plain',
        'linked',
      ]),
    )
    .option('-q, --quiet', 'print only warnings and errors')
    .option('--verbose', 'also print notes (info): how each target was adapted')
    .version(packageVersion(), '-v, --version', 'print the version');

  const answered = parseArguments(program, argv);
  if (answered !== undefined) return answered;
  const options = program.opts<Options>();
  const started = performance.now();
  try {
    return await run(program.args[0], options, io, started);
  } catch (error) {
    return reportFailure(error, io);
  } finally {
    setSynthDirective(undefined);
  }
}

async function run(file: string | undefined, options: Options, io: CliIo, started: number): Promise<number> {
  const entry = resolveEntry(io.cwd, file);
  const directive: SynthDirective = {
    mode: options.check ? 'check' : 'write',
    baseDir: path.dirname(entry),
    ...(options.out ? { outdir: path.resolve(io.cwd, options.out) } : {}),
    ...(options.layout ? { layout: options.layout } : {}),
    outcomes: [],
  };
  setSynthDirective(directive);
  await loadProgram(entry);

  const apps = registeredApps();
  if (apps.length === 0) {
    io.err(`${path.relative(io.cwd, entry) || entry} created no App: nothing to synthesize`);
    return EXIT.userError;
  }
  // Apps the program synthesized itself were already handled; never synthesize one twice.
  const manifests = apps.map((app) => app.synth() as Manifest);
  const said = manifests.flatMap((manifest) => manifest.diagnostics);
  for (const line of diagnosticLines(said.filter((d) => options.verbose || d.level !== 'info'))) io.err(line);

  if (directive.mode === 'check') {
    const drifts = directive.outcomes.flatMap((outcome) =>
      [...groupByStack(outcome.files)].flatMap(([stack, files]) =>
        driftOfStack(outcome.outdir, stack, files, outcome.layout),
      ),
    );
    const fileCount = directive.outcomes.reduce((sum, outcome) => sum + outcome.files.length, 0);
    io.out(driftReport(drifts, fileCount));
    return drifts.length === 0 ? EXIT.ok : EXIT.userError;
  }
  if (!options.quiet) {
    io.out(filesTable(manifests));
    io.out(summaryLine(manifests, performance.now() - started));
  }
  return EXIT.ok;
}
