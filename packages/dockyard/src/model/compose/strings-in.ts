/**
 * Every string (keys included) in a JSON-like tree with its model path segments, depth first in key order.
 * Used to scan rendered trees, e.g. for a Swarm template that must not reach compose.yaml.
 */
export function* stringsIn(
  value: unknown,
  path: ReadonlyArray<string | number> = [],
): Generator<{ path: ReadonlyArray<string | number>; text: string }> {
  if (typeof value === 'string') {
    yield { path, text: value };
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* stringsIn(item, [...path, i]);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      yield { path: [...path, key], text: key };
      yield* stringsIn(item, [...path, key]);
    }
  }
}
