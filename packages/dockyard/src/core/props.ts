import type { IConstruct } from 'constructs';
import { z } from 'zod';
import { addProblems } from './checks';
import { issuesToProblems } from './zod-issues';

/**
 * Validates a construct's props with its zod schema without throwing: every problem is recorded on the
 * construct and reported at synth together with all the others in the program.
 *
 * When the props are invalid the construct still needs something to build with, so each top-level field
 * falls back to its own parse, else its default, else the raw value. Synthesis never renders a program with
 * errors, so these stand-ins are only ever seen by construction code, never by a file.
 */
export function parseProps<Schema extends z.ZodType>(
  scope: IConstruct,
  schema: Schema,
  raw: unknown,
  prefix?: string,
): z.output<Schema> {
  const result = schema.safeParse(raw, { reportInput: true });
  if (result.success) return result.data;
  addProblems(scope, issuesToProblems(result.error.issues, prefix));
  return lenient(schema, raw) as z.output<Schema>;
}

function lenient(schema: z.ZodType, raw: unknown): unknown {
  const shape = objectShape(schema);
  if (!shape || typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    const fallback = schema.safeParse(undefined);
    return fallback.success ? fallback.data : raw;
  }
  const input = raw as Record<string, unknown>;
  const output: Record<string, unknown> = { ...input };
  for (const [key, field] of Object.entries(shape)) {
    const own = field.safeParse(input[key]);
    if (own.success) output[key] = own.data;
    else if (objectShape(field) && typeof input[key] === 'object' && input[key] !== null) {
      // A nested object (a pattern's `flask: {...}`) keeps its valid fields and defaults, field by field.
      output[key] = lenient(field, input[key]);
    } else {
      const fallback = field.safeParse(undefined);
      output[key] = fallback.success ? fallback.data : input[key];
    }
  }
  return output;
}

function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  let current: z.ZodType = schema;
  // Unwrap optional/default/pipe layers to reach the object whose fields we can parse one by one.
  for (let depth = 0; depth < 8; depth++) {
    if (current instanceof z.ZodObject) return current.shape as Record<string, z.ZodType>;
    const inner = (current as { def?: { innerType?: z.ZodType; in?: z.ZodType } }).def;
    const next = inner?.innerType ?? inner?.in;
    if (!next) return undefined;
    current = next;
  }
  return undefined;
}
