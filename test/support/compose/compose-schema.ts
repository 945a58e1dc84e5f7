import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020';
import { parseYamlText } from './parse-yaml';
import { schemaPath } from './repo-root';
import { type SchemaError, toSchemaErrors } from './schema-error';

let validator: ValidateFunction | undefined;

// Compiling the schema takes ~0.3 s, so it is done once per test process.
function composeValidator(): ValidateFunction {
  if (validator === undefined) {
    const schema = JSON.parse(readFileSync(schemaPath('compose-spec.json'), 'utf8')) as object;
    validator = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
  }
  return validator;
}

/**
 * Validates compose.yaml text against the Compose Specification's JSON schema (the copy Docker Compose loads).
 * Returns the errors; `[]` means valid. The schema checks keys and types, not values: bad ports, durations and
 * undefined references pass it (see `checkComposeText`).
 */
export function validateComposeSchema(text: string): SchemaError[] {
  const parsed = parseYamlText(text);
  if (!parsed.ok) return parsed.errors;
  const validate = composeValidator();
  return validate(parsed.data) ? [] : toSchemaErrors(validate.errors);
}
