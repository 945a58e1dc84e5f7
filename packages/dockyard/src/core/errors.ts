import { type Diagnostic, formatDiagnostic } from './problems';

const USER_ERROR = Symbol.for('dockyard.UserError');

/**
 * A mistake in the user's program (not a bug in Dockyard). Branded with a global symbol so that the CLI
 * recognises it even when the program loaded its own copy of the library.
 */
export class DockyardUserError extends Error {
  /** @internal The brand `isUserError` checks, shared by every copy of the library. */
  readonly [USER_ERROR] = true;
  /** The error's name, as runners print it. */
  override readonly name: string = 'DockyardUserError';
}

/** Synthesis found errors; nothing was written. Carries every problem of the program at once. */
export class ValidationError extends DockyardUserError {
  /** The error's name, as runners print it. */
  override readonly name = 'ValidationError';
  /** @param diagnostics - every problem of the program, errors and warnings alike; the message lists the errors */
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    const errors = diagnostics.filter((diagnostic) => diagnostic.level === 'error');
    super(
      `Validation failed with ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was written:\n` +
        errors.map((diagnostic) => `  ${formatDiagnostic(diagnostic)}`).join('\n'),
    );
  }
}

/** True for any error that describes the user's mistake, from any copy of the library. */
export function isUserError(error: unknown): error is Error & { diagnostics?: readonly Diagnostic[] } {
  return (
    typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[USER_ERROR] === true
  );
}
