import { parseDocument } from 'yaml';
import type { SchemaError } from './schema-error';

/** The YAML text as data, or the parser's errors (a duplicate key is an error, as it is for Docker). */
export function parseYamlText(
  text: string,
): { ok: true; data: unknown } | { ok: false; errors: SchemaError[] } {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((error) => ({ path: '', message: `YAML: ${error.message}` })),
    };
  }
  return { ok: true, data: doc.toJS({ maxAliasCount: 100 }) };
}
