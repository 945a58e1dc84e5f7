import { Command, CommanderError } from 'commander';
import { EXIT } from './exit-codes';
import type { CliIo } from './io';

/**
 * A commander `Command` set up the way every Dockyard command behaves: `-h, --help`, output through `io` (so
 * tests read it), and no `process.exit` of commander's own: {@link parseArguments} turns its answers into exit
 * codes.
 */
export function newCommand(name: string, io: CliIo): Command {
  return new Command(name)
    .helpOption('-h, --help', 'print this help')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text.trimEnd()),
      writeErr: (text) => io.err(text.trimEnd()),
    });
}

/**
 * Parses `argv` (the arguments after the command's name). Resolves to `undefined` when the command should run,
 * or to the exit code when commander already answered: 0 after `--help` or `--version`, 2 for bad usage.
 */
export function parseArguments(program: Command, argv: readonly string[]): number | undefined {
  try {
    program.parse([...argv], { from: 'user' });
    return undefined;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw error;
  }
}
