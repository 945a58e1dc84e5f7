import * as path from 'node:path';
import type { Diagnostic } from '../../core/problems';
import { defaultGraphDir, graphFilesOf } from '../../graph/draw';
import { type GraphFile, writeGraphFiles } from '../../graph/write-graphs';
import { App } from '../../pipeline/app';
import { registeredApps, setSynthDirective } from '../../pipeline/runtime';
import { stacksBelow } from '../../pipeline/synthesis';
import { newCommand, parseArguments } from '../command';
import { resolveEntry } from '../entry';
import { EXIT } from '../exit-codes';
import { reportFailure } from '../failure';
import type { CliIo } from '../io';
import { loadProgram } from '../load-program';
import { diagnosticLines, graphSummaryLine, writtenTable } from '../report';

interface Options {
  readonly out?: string;
  readonly quiet?: boolean;
}

/**
 * Runs `dockyard graph [file]`: loads the program exactly as `synth` does, validates it as `synth` would (the same
 * problem lines, exit 1, nothing written), and draws each stack as `<stack>.mmd` (Mermaid) and `<stack>.svg`
 * (graphviz) in `graph/` beside the program, or in `--out`. It never writes the artifacts themselves.
 */
export async function graph(argv: readonly string[], io: CliIo): Promise<number> {
  const program = newCommand('dockyard graph', io)
    .description(
      'Draw each stack of a Dockyard program (published ports, the proxy, routes, upstreams, services with their ' +
        'replicas, backup servers dashed, volumes and networks) as <stack>.mmd (Mermaid) and <stack>.svg.',
    )
    .argument(
      '[file]',
      'the TypeScript program (default: package.json#dockyard.app, else infra.ts, else main.ts)',
    )
    .option('-o, --out <dir>', 'write the pictures here (default: graph/ beside the program)')
    .option('-q, --quiet', 'print only warnings and errors');
  const answered = parseArguments(program, argv);
  if (answered !== undefined) return answered;
  const started = performance.now();
  try {
    return await run(program.args[0], program.opts<Options>(), io, started);
  } catch (error) {
    return reportFailure(error, io);
  } finally {
    setSynthDirective(undefined);
  }
}

async function run(file: string | undefined, options: Options, io: CliIo, started: number): Promise<number> {
  const entry = resolveEntry(io.cwd, file);
  // `check` renders and validates every artifact but writes none, also when the program calls app.synth().
  setSynthDirective({ mode: 'check', baseDir: path.dirname(entry), outcomes: [] });
  await loadProgram(entry);
  const apps = registeredApps().filter(App.isApp);
  if (apps.length === 0) {
    io.err(`${path.relative(io.cwd, entry) || entry} created no App: nothing to draw`);
    return EXIT.userError;
  }
  // Throws synth's own ValidationError for a program with errors, before anything is drawn.
  const said: Diagnostic[] = apps.flatMap((app) => app.synth().diagnostics);
  for (const line of diagnosticLines(said.filter((d) => d.level === 'warning'))) io.err(line);

  const files: GraphFile[] = [];
  for (const app of apps) {
    files.push(
      ...(await graphFilesOf(app, options.out ? path.resolve(io.cwd, options.out) : defaultGraphDir(app))),
    );
  }
  const written = writeGraphFiles(files);
  if (!options.quiet) {
    io.out(writtenTable(written));
    const stacks = apps.reduce((sum, app) => sum + stacksBelow(app).length, 0);
    io.out(graphSummaryLine(stacks, written, performance.now() - started));
  }
  return EXIT.ok;
}
