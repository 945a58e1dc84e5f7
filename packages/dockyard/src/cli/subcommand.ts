import type { CliIo } from './io';

/**
 * One `dockyard` subcommand. Its module is loaded only when the command runs, so `dockyard synth` pays nothing for
 * the others.
 */
export interface Subcommand {
  /** One line for `dockyard --help`. */
  readonly summary: string;
  /** Loads the command's module and runs it with the arguments after its name; resolves to the exit code. */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}
