/**
 * Calls `visit` with every string (keys included) in a JSON-like tree and its model path segments, depth first
 * in key order. Used to scan rendered trees, e.g. for a Swarm template that must not reach compose.yaml.
 *
 * `path` is one array the walk reuses, valid only during the call: copy it (`[...path]`) to keep it. A
 * generator that yielded a fresh path per string allocated about half of all a synthesis did at 5000 services
 * (nested `yield*` and a copied path at every level), for checks that almost never find anything.
 */
export function forEachString(
  value: unknown,
  visit: (text: string, path: ReadonlyArray<string | number>) => void,
): void {
  const path: Array<string | number> = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') {
      visit(node, path);
    } else if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        path.push(i);
        walk(node[i]);
        path.pop();
      }
    } else if (node !== null && typeof node === 'object') {
      for (const key of Object.keys(node)) {
        path.push(key);
        visit(key, path);
        walk((node as Record<string, unknown>)[key]);
        path.pop();
      }
    }
  };
  walk(value);
}
