import * as fs from 'node:fs';
import * as path from 'node:path';
import { importProject } from '../../import/import-project';
import { formatNote, formatPosition, ImportError } from '../../import/problems';
import { newCommand, parseArguments } from '../command';
import { EXIT } from '../exit-codes';
import type { CliIo } from '../io';

interface Options {
  readonly out: string;
  readonly force?: boolean;
}

/** The file names Compose itself looks for, in its order, and the nginx config users keep beside them. */
const COMPOSE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

/**
 * `dockyard import [compose.yaml] [stack.yaml] [nginx.conf ...] [-o infra.ts] [--force]`: writes a Dockyard
 * program that synthesizes the same deployment, and prints what it could not carry over.
 */
export async function importCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const program = newCommand('dockyard import', io)
    .description(
      'Write a Dockyard program from an existing compose.yaml (and optionally the stack.yaml beside it) and nginx.conf.',
    )
    .argument(
      '[files...]',
      'YAML files are compose/stack files, other files nginx configs (default: ./compose.yaml and ./nginx.conf)',
    )
    .option('-o, --out <file>', 'the program to write', 'infra.ts')
    .option('--force', 'overwrite the program if it exists');
  const answered = parseArguments(program, argv);
  if (answered !== undefined) return answered;
  const options = program.opts<Options>();
  const given = program.args.map((file) => path.resolve(io.cwd, file));
  const files = given.length > 0 ? given : defaults(io.cwd);
  if (files.length === 0) {
    io.err(`dockyard import: no compose file (${COMPOSE_NAMES.join(', ')}) or nginx.conf in ${io.cwd}`);
    return EXIT.usage;
  }
  const out = path.resolve(io.cwd, options.out);
  if (fs.existsSync(out) && !options.force) {
    io.err(`${path.relative(io.cwd, out) || out}: already exists; pass --force to overwrite it`);
    return EXIT.userError;
  }
  const relative = (file: string): string => path.relative(io.cwd, file) || file;
  try {
    const result = importProject({
      yamlFiles: files.filter((file) => /\.ya?ml$/i.test(file)),
      nginxFiles: files.filter((file) => !/\.ya?ml$/i.test(file)),
      programFile: out,
    });
    fs.writeFileSync(out, result.text);
    for (const note of result.notes)
      io.err(formatNote({ ...note, at: { ...note.at, file: relative(note.at.file) } }));
    const lost = result.notes.filter((note) => note.level === 'lost').length;
    const warnings = result.notes.filter((note) => note.level === 'warning').length;
    const changed = result.notes.filter((note) => note.level === 'changed').length;
    io.out(
      `Wrote ${relative(out)} (stack "${result.stackName}"): ${lost} not carried over, ${warnings} warnings, ${changed} deliberate changes.`,
    );
    return EXIT.ok;
  } catch (error) {
    if (error instanceof ImportError) {
      io.err(`${formatPosition({ ...error.at, file: relative(error.at.file) })}: ${error.detail}`);
      return EXIT.userError;
    }
    io.err(error instanceof Error ? (error.stack ?? error.message) : String(error));
    io.err('This is a bug in Dockyard, not in your files. Please report it with the output above.');
    return EXIT.bug;
  }
}

function defaults(cwd: string): string[] {
  const compose = COMPOSE_NAMES.map((name) => path.join(cwd, name)).find((file) => fs.existsSync(file));
  const nginx = path.join(cwd, 'nginx.conf');
  return [...(compose ? [compose] : []), ...(fs.existsSync(nginx) ? [nginx] : [])];
}
