import { Matcher } from './matcher';

const LIMIT = 100;
const MAX_DEPTH = 6;

/**
 * A value (or a pattern) as failure messages print it: JSON-like, matchers by their description,
 * `nothing` for undefined, abridged past about a hundred characters so one line stays one line.
 */
export function show(value: unknown): string {
  const text = render(value, 0);
  return text.length > LIMIT ? `${text.slice(0, LIMIT - 3)}...` : text;
}

function render(value: unknown, depth: number): string {
  if (value === undefined) return 'nothing';
  if (Matcher.isMatcher(value)) return value.describe();
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? String(value);
  // Deep or cyclic data is cut rather than followed: a message never needs the whole tree.
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? '[...]' : '{...}';
  if (Array.isArray(value)) return `[${value.map((item) => render(item, depth + 1)).join(', ')}]`;
  const entries = Object.entries(value).map(
    ([key, item]) => `${JSON.stringify(key)}: ${render(item, depth + 1)}`,
  );
  return `{${entries.join(', ')}}`;
}
