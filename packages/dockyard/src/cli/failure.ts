import { isUserError } from '../core/errors';
import { EXIT } from './exit-codes';
import type { CliIo } from './io';

/**
 * What every command does with an error that ended it: the user's mistake is printed as its message (exit 1);
 * anything else is a bug of ours, printed with its stack (exit 70).
 */
export function reportFailure(error: unknown, io: CliIo): number {
  if (isUserError(error)) {
    io.err(error.message);
    return EXIT.userError;
  }
  io.err(error instanceof Error ? (error.stack ?? error.message) : String(error));
  io.err('This is a bug in Dockyard, not in your program. Please report it with the output above.');
  return EXIT.bug;
}
