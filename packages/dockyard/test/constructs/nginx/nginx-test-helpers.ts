import { type Diagnostic, type Stack, ValidationError } from '../../../src';
import { type Directive, findAll, parseNginx } from '../../../src/model/nginx';
import { Testing } from '../../../src/testing';

/** Synthesizes a stack and returns its nginx.conf as text and as the parsed Directive tree. */
export function synthNginx(stack: Stack, fileName = 'nginx.conf') {
  const result = Testing.synth(stack);
  const file = result.files[fileName];
  if (!file) throw new Error(`no ${fileName} in ${Object.keys(result.files).join(', ')}`);
  return {
    text: file.text,
    tree: parseNginx(file.text),
    diagnostics: result.diagnostics,
    files: result.files,
  };
}

/** The diagnostics of a synthesis that must fail; fails the test when it succeeds. */
export function synthErrors(stack: Stack): Diagnostic[] {
  try {
    Testing.synth(stack);
  } catch (failure) {
    if (failure instanceof ValidationError) return failure.diagnostics.filter((d) => d.level === 'error');
    throw failure;
  }
  throw new Error('expected synthesis to fail, but it succeeded');
}

/** `[path] property: message` lines, for readable `toContainEqual`-style assertions. */
export const lines = (diagnostics: readonly Diagnostic[]) =>
  diagnostics.map((d) => `${d.level} [${d.path}] ${d.property ? `${d.property}: ` : ''}${d.message}`);

/** The one block called `name` with exactly `args` (anywhere in the tree); throws when there is none. */
export function blockOf(tree: readonly Directive[], name: string, args: readonly string[] = []): Directive[] {
  const found = findAll(tree, name).find(
    ({ directive }) =>
      directive.block !== undefined &&
      directive.args.length === args.length &&
      directive.args.every((arg, i) => arg === args[i]),
  );
  if (!found?.directive.block) throw new Error(`no block ${name} ${args.join(' ')}`);
  return found.directive.block;
}

/** The args of every direct child called `name`. */
export const argsOf = (body: readonly Directive[], name: string): string[][] =>
  body.filter((directive) => directive.name === name).map((directive) => directive.args);

/** The single direct child called `name`'s args; throws when there is not exactly one. */
export function only(body: readonly Directive[], name: string): string[] {
  const all = argsOf(body, name);
  if (all.length !== 1) throw new Error(`expected one ${name}, got ${all.length}`);
  return all[0] as string[];
}

/** `proxy_set_header` (or `add_header`) lines of a block as a name -> value map (names lower-cased). */
export function headerMap(
  body: readonly Directive[],
  name: 'proxy_set_header' | 'add_header',
): Record<string, string> {
  return Object.fromEntries(
    argsOf(body, name).map(([header = '', value = '']) => [header.toLowerCase(), value]),
  );
}
