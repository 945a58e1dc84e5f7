import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const FIXTURES = path.resolve(__dirname, '../../../../packages/dockyard/test/fixtures/nginx');

/**
 * Seed 002's first config (`seed-002-server.conf`, the tutorial's server block, resolved once at start) as a
 * whole nginx.conf: wrapped in `events {} http { }`, with the tutorial's own `....` elision line dropped,
 * which nginx would read as an unknown directive. Nothing else is changed.
 */
export function seed002StaticConfig(): string {
  const text = readFileSync(path.join(FIXTURES, 'seed-002-server.conf'), 'utf8');
  const lines = text.split('\n');
  const kept = lines.filter((line) => line.trim() !== '....');
  if (lines.length - kept.length !== 1) throw new Error('expected exactly one "...." line in seed 002');
  return `events {}\nhttp {\n${kept.join('\n')}}\n`;
}
