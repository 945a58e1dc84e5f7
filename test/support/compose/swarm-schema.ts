import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import { Ajv } from 'ajv';
import { parseYamlText } from './parse-yaml';
import { schemaPath } from './repo-root';
import { type SchemaError, toSchemaErrors } from './schema-error';

// Go's time.ParseDuration, which docker's `duration` format uses.
const GO_DURATION = /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/;
const PORT_RANGE = /^(\d+)(?:-(\d+))?$/;
const PORT_SPEC =
  /^(?:(?:(\[[0-9a-fA-F:.]+\]|\d{1,3}(?:\.\d{1,3}){3}):)?(\d*(?:-\d+)?):)?(\d+(?:-\d+)?)(?:\/(tcp|udp|sctp))?$/;

function isPortRange(text: string, allowZero: boolean): boolean {
  const match = PORT_RANGE.exec(text);
  if (match === null) return false;
  const low = Number(match[1]);
  const high = match[2] === undefined ? low : Number(match[2]);
  return low >= (allowZero ? 0 : 1) && high <= 65535 && low <= high;
}

/** docker's `ports` format (nat.ParsePortSpec): `[ip:][host[-range]:]container[-range][/proto]`. */
export function isDockerPortSpec(value: unknown): boolean {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string') return false;
  const match = PORT_SPEC.exec(text);
  if (match === null) return false;
  const host = match[2];
  return (host === undefined || host === '' || isPortRange(host, true)) && isPortRange(match[3] ?? '', false);
}

// The schema is draft-04, whose `id` keywords ajv 8 refuses; they only label definitions (every $ref is a JSON
// pointer), so dropping them keeps the meaning and spares a dependency on ajv-draft-04.
function withoutIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutIds);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string') && key !== '$schema')
      .map(([key, value]) => [key, withoutIds(value)]),
  );
}

let validator: ValidateFunction | undefined;

function swarmValidator(): ValidateFunction {
  if (validator === undefined) {
    const schema = withoutIds(JSON.parse(readFileSync(schemaPath('swarm-stack-v3.13.json'), 'utf8')));
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addFormat('duration', GO_DURATION);
    ajv.addFormat('ports', { type: 'string', validate: isDockerPortSpec });
    ajv.addFormat('expose', /^\d+(-\d+)?(\/[a-z]+)?$/);
    validator = ajv.compile(schema as object);
  }
  return validator;
}

/**
 * Validates stack.yaml text against the v3.13 stack schema docker CLI enforces, with its `duration` and `ports`
 * formats. A quick check without the docker binary; `dockerStackConfig` is the authority.
 */
export function validateSwarmSchema(text: string): SchemaError[] {
  const parsed = parseYamlText(text);
  if (!parsed.ok) return parsed.errors;
  const validate = swarmValidator();
  return validate(parsed.data) ? [] : toSchemaErrors(validate.errors);
}
