import type { IConstruct } from 'constructs';
import { describeValue } from '../../core/problems';

/**
 * Symbol brands of the nginx constructs (checked with `in`, not `instanceof`, so two copies of the library in
 * one program still recognise each other's constructs). Kept apart from the classes so that files can test
 * for each other's kind without importing each other.
 */
export const NGINX_CONFIG = Symbol.for('dockyard.NginxConfig');
export const NGINX_SERVER = Symbol.for('dockyard.NginxServer');
export const NGINX_LOCATION = Symbol.for('dockyard.NginxLocation');
export const NGINX_UPSTREAM = Symbol.for('dockyard.NginxUpstream');
export const NGINX_CACHE_ZONE = Symbol.for('dockyard.NginxCacheZone');
export const NGINX_LIMIT_ZONE = Symbol.for('dockyard.NginxLimitZone');
export const NGINX_MAP = Symbol.for('dockyard.NginxMap');

/** True when `x` carries `brand`. */
export function hasBrand(x: unknown, brand: symbol): boolean {
  return typeof x === 'object' && x !== null && brand in x;
}

/** Marks a construct with its brand (non-enumerable, so it never shows in output or snapshots). */
export function brand(construct: IConstruct, symbol: symbol): void {
  Object.defineProperty(construct, symbol, { value: true });
}

/** The construct's parent when the parent carries `symbol` (nginx blocks nest exactly, one level per block). */
export function parentWith(construct: IConstruct, symbol: symbol): IConstruct | undefined {
  const scope = construct.node.scope;
  return scope !== undefined && hasBrand(scope, symbol) ? scope : undefined;
}

/** `expected a Location directly inside a Server, got one inside Stack "shop"`: where a block was placed instead. */
export function misplaced(construct: IConstruct, expected: string): string {
  return `expected ${expected}, got one inside ${describeValue(construct.node.scope)}`;
}
