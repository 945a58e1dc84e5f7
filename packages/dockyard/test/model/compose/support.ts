import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { composeFixturePath } from '../../../../../test/support/compose';
import { formatPath, type ModelProblem } from '../../../src/model/compose';

/** A seed's hand-written fixture text. */
export function fixtureText(file: string): string {
  return readFileSync(composeFixturePath(file), 'utf8');
}

/** YAML text as a plain object (for targeted assertions on rendered files). */
export function yamlObject(text: string): Record<string, unknown> {
  return parse(text) as Record<string, unknown>;
}

/** The service `name` of a parsed compose/stack document. */
export function serviceOf(doc: Record<string, unknown>, name: string): Record<string, unknown> {
  const services = doc.services as Record<string, Record<string, unknown>>;
  const service = services[name];
  if (service === undefined) throw new Error(`no service ${name} in ${Object.keys(services).join(', ')}`);
  return service;
}

/** Problems with their structured paths printed (`services.web.ports[0]`), to compare with the text users see. */
export function printed<T extends { readonly diagnostics: readonly ModelProblem[] }>(
  result: T,
): Omit<T, 'diagnostics'> & { diagnostics: Array<Omit<ModelProblem, 'path'> & { path: string }> } {
  return { ...result, diagnostics: printedPaths(result.diagnostics) };
}

/** {@link printed} for a plain list of problems. */
export function printedPaths(
  problems: readonly ModelProblem[],
): Array<Omit<ModelProblem, 'path'> & { path: string }> {
  return problems.map((problem) => ({ ...problem, path: formatPath(problem.path) }));
}
