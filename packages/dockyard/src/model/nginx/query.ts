import type { Directive } from './ast';

/** A directive found in a tree, with the block directives that enclose it (outermost first). */
export interface FoundDirective {
  readonly directive: Directive;
  readonly parents: readonly Directive[];
}

/**
 * Every directive called `name`, depth-first in file order, each with its enclosing blocks.
 * @example findAll(config, 'proxy_pass').map((f) => f.parents.map((p) => p.name)) // [['http', 'server', 'location']]
 */
export function findAll(config: readonly Directive[], name: string): FoundDirective[] {
  const found: FoundDirective[] = [];
  const visit = (directives: readonly Directive[], parents: readonly Directive[]): void => {
    for (const directive of directives) {
      if (directive.name === name) found.push({ directive, parents });
      if (directive.block !== undefined) visit(directive.block, [...parents, directive]);
    }
  };
  visit(config, []);
  return found;
}

/**
 * The first block directive called `name` (depth-first), optionally with exactly these `args`.
 * @example findBlock(config, 'location', ['/static'])
 */
export function findBlock(
  config: readonly Directive[],
  name: string,
  args?: readonly string[],
): Directive | undefined {
  return findAll(config, name)
    .map((found) => found.directive)
    .find(
      (directive) =>
        directive.block !== undefined &&
        (args === undefined ||
          (directive.args.length === args.length && directive.args.every((arg, i) => arg === args[i]))),
    );
}

/** One `server` line of an upstream: `server app:8000 max_fails=3 backup;`. */
export interface UpstreamServer {
  /** `app:8000` */
  readonly address: string;
  /** `{ max_fails: '3', backup: true }`: `key=value` parameters as strings, bare flags as `true`. */
  readonly params: Readonly<Record<string, string | true>>;
}

/**
 * The servers of `upstream upstreamName { ... }`, wherever it sits in the tree.
 * @throws Error when there is no such upstream block, listing the upstreams that exist
 */
export function upstreamServers(config: readonly Directive[], upstreamName: string): UpstreamServer[] {
  const upstream = findBlock(config, 'upstream', [upstreamName]);
  if (upstream === undefined) {
    const known = findAll(config, 'upstream').map((found) => JSON.stringify(found.directive.args.join(' ')));
    throw new Error(
      `no upstream ${JSON.stringify(upstreamName)} in the nginx config (upstreams: ${known.join(', ') || 'none'})`,
    );
  }
  return (upstream.block ?? [])
    .filter((directive) => directive.name === 'server')
    .map(({ args: [address = '', ...params] }) => ({
      address,
      // fromEntries defines own properties, so a parameter named like `__proto__` stays plain data.
      params: Object.fromEntries(
        params.map((param): [string, string | true] => {
          const equals = param.indexOf('=');
          return equals === -1 ? [param, true] : [param.slice(0, equals), param.slice(equals + 1)];
        }),
      ),
    }));
}
