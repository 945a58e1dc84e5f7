import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { composeFixturePath } from '../../../../../test/support/compose';

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
