import type { Directive } from '../model/nginx/ast';

/** Leaves of a plain-data tree as `path = value` lines. */
export function flattenData(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => flattenData(item, `${prefix}[${i}]`));
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return [`${prefix} = {}`];
    return entries.flatMap(([key, item]) => flattenData(item, prefix === '' ? key : `${prefix}.${key}`));
  }
  return [`${prefix} = ${JSON.stringify(value)}`];
}

/** Each simple directive as `context > name args`, blocks as their path. */
export function flattenNginx(tree: readonly Directive[], context = ''): string[] {
  return tree.flatMap((directive) => {
    const self = `${context}${directive.name} ${directive.args.join(' ')}`.trim();
    if (directive.block === undefined) return [self];
    return [`${self} {}`, ...flattenNginx(directive.block, `${self} > `)];
  });
}

/** Lines of `a` missing from `b`, counting repeats (a multiset difference), in `a`'s order. */
export function missing(a: readonly string[], b: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const line of b) counts.set(line, (counts.get(line) ?? 0) + 1);
  const out: string[] = [];
  for (const line of a) {
    const left = counts.get(line) ?? 0;
    if (left > 0) counts.set(line, left - 1);
    else out.push(line);
  }
  return out;
}
