import type { ModelProblem } from './problem';
import { type ComposeProjectSpec, projectSchema } from './project';

/** The outcome of {@link parseProject}: the typed model, or the schema's complaints as diagnostics. */
export type ParseProjectResult =
  | { readonly ok: true; readonly project: ComposeProjectSpec; readonly diagnostics: readonly [] }
  | { readonly ok: false; readonly diagnostics: ModelProblem[] };

/**
 * Validates untyped input against the project schema and reports every issue as an error diagnostic with its
 * model path (`services.web.ports[0].target: Invalid input: expected number, received string`). Value checks
 * the schema lets through are `checkModel`'s.
 */
export function parseProject(input: unknown): ParseProjectResult {
  const result = projectSchema.safeParse(input);
  if (result.success) return { ok: true, project: result.data, diagnostics: [] };
  return {
    ok: false,
    diagnostics: result.error.issues.map((issue) => ({
      level: 'error' as const,
      path: issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment))),
      message: issue.message,
    })),
  };
}
