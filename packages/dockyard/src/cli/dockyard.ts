import { SUBCOMMANDS } from './commands';
import { EXIT } from './exit-codes';
import { type CliIo, defaultIo } from './io';
import { packageVersion } from './version';

/** bin/launch.cjs calls it before it runs a command. */
export { interpretSchemas } from './schema-mode';

/**
 * Runs `dockyard <command> [args]` (arguments without `node` and the script) and resolves to the exit code.
 * `dockyard synth ...` is exactly `synth ...`.
 */
export async function dockyard(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    io.out(usage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '-v' || name === '--version') {
    io.out(packageVersion());
    return EXIT.ok;
  }
  const command = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (!command) {
    io.err(`dockyard: unknown command "${name}"\n\n${usage()}`);
    return EXIT.usage;
  }
  return command.run(rest, io);
}

function usage(): string {
  const names = Object.keys(SUBCOMMANDS);
  const width = Math.max(...names.map((n) => n.length));
  const lines = names.map((n) => `  ${n.padEnd(width)}  ${SUBCOMMANDS[n]?.summary ?? ''}`);
  return [
    'Usage: dockyard <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `dockyard <command> --help` for the options of one command.',
  ].join('\n');
}
