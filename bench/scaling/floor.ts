import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { Directive } from '../../packages/dockyard/src/model/nginx/ast';
import { parseNginx } from '../../packages/dockyard/src/model/nginx/parser';

/** Rendered artifacts by kind, as any synthesizer must finally produce them. */
export interface FloorInput {
  readonly yamlDocuments: readonly unknown[];
  readonly nginx: readonly Directive[];
}

/** Reads Dockyard's final artifacts back into plain data: what the floor serializes again. */
export function floorInput(files: ReadonlyArray<{ kind: string; text: string }>): FloorInput {
  const yamlDocuments = files
    .filter((f) => f.kind === 'compose' || f.kind === 'swarm')
    .map((f) => parseYaml(f.text));
  const nginx = files.filter((f) => f.kind === 'nginx').flatMap((f) => parseNginx(f.text));
  return { yamlDocuments, nginx };
}

/**
 * The least work that yields the same bytes: `yaml` stringifying the final documents and a printer that joins
 * directives with no checks. Returns the total length so the work cannot be optimized away.
 */
export function runFloor(input: FloorInput): number {
  let length = 0;
  for (const document of input.yamlDocuments) length += stringifyYaml(document).length;
  length += printPlain(input.nginx, '').length;
  return length;
}

function printPlain(directives: readonly Directive[], indent: string): string {
  let out = '';
  for (const directive of directives) {
    const head = [directive.name, ...directive.args.map(plainArg)].join(' ');
    if (directive.block === undefined) {
      out += `${indent}${head};\n`;
    } else {
      out += `${indent}${head} {\n${printPlain(directive.block, `${indent}    `)}${indent}}\n`;
    }
  }
  return out;
}

function plainArg(arg: string): string {
  return arg === '' || /[\s;{}"'#]/.test(arg) ? JSON.stringify(arg) : arg;
}
