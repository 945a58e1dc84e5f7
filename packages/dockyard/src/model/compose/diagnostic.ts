import { z } from 'zod';

/** How serious a {@link Diagnostic} is: `error` means the artifact must not be written. */
export const diagnosticLevelSchema = z.enum(['error', 'warning', 'info']);

/** How serious a {@link Diagnostic} is. */
export type DiagnosticLevel = z.infer<typeof diagnosticLevelSchema>;

/**
 * A problem or a decision a renderer or a check reports instead of silently changing the output.
 *
 * `path` names the place in the project model (and, because the model uses the Compose key names, in the
 * rendered file), e.g. `services.web.ports[0].published`.
 */
export const diagnosticSchema = z.strictObject({
  level: diagnosticLevelSchema,
  path: z.string(),
  message: z.string(),
});

/** A problem or a decision, see {@link diagnosticSchema}. */
export type Diagnostic = z.infer<typeof diagnosticSchema>;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Joins path segments the way diagnostics print them: `services.web.ports[0].published`.
 * Keys that are not plain identifiers are bracketed and quoted (`services["my.app"]`) so a path stays
 * unambiguous when a name contains a dot.
 */
export function modelPath(...segments: ReadonlyArray<string | number>): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** `[error] services.web.build: message` — one line per diagnostic, for logs and error messages. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  return `[${diagnostic.level}] ${diagnostic.path}: ${diagnostic.message}`;
}

/** True when any diagnostic is an error, i.e. the rendered text must not be written. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.level === 'error');
}
