/**
 * A failed assertion of the testing toolkit. Its message is the whole explanation (what was expected, what
 * was found, the closest candidate), so a test runner that prints `error.message` says everything.
 */
export class AssertionError extends Error {
  /** The error's name, which the jest matchers recognise. */
  override readonly name = 'AssertionError';
}
