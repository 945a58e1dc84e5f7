import type { Directive } from './ast';

/** A directive, or a parameter of one, that open-source nginx only understands from version `since` on. */
export interface NginxFeature {
  readonly directive: string;
  /** The enclosing block it must sit in to count (e.g. `upstream`); anywhere when absent. */
  readonly context?: string;
  /** An argument that triggers the requirement: an exact word (`resolve`) or `key=` for any `key=value`. */
  readonly param?: string;
  /** The first open-source nginx version that accepts it. */
  readonly since: string;
  /** Where the number comes from, when it is not simply "appeared in" on nginx.org. */
  readonly note?: string;
}

/**
 * The directives and parameters Dockyard emits or cares about, with the first open-source nginx version
 * that accepts them. Checked against the nginx.org module documentation and CHANGES (2025).
 */
export const NGINX_FEATURES: readonly NginxFeature[] = [
  { directive: 'proxy_http_version', since: '1.1.4' },
  { directive: 'keepalive', context: 'upstream', since: '1.1.4' },
  { directive: 'resolver', param: 'valid=', since: '1.1.9' },
  {
    directive: 'least_conn',
    context: 'upstream',
    since: '1.3.1',
    note: 'also in the 1.2.x branch from 1.2.2; the 1.3 mainline is the conservative answer',
  },
  {
    directive: 'resolver',
    param: 'ipv6=',
    since: '1.5.8',
    note: 'resolving to IPv6 addresses appeared in 1.5.8',
  },
  { directive: 'hash', context: 'upstream', since: '1.7.2' },
  { directive: 'zone', context: 'upstream', since: '1.9.0' },
  {
    directive: 'server',
    context: 'upstream',
    param: 'max_conns=',
    since: '1.11.5',
    note: 'NGINX Plus only from 1.5.9 until 1.11.5',
  },
  { directive: 'proxy_cache_background_update', since: '1.11.10' },
  { directive: 'server_tokens', param: 'build', since: '1.11.10' },
  { directive: 'random', context: 'upstream', since: '1.15.1' },
  { directive: 'random', context: 'upstream', param: 'two', since: '1.15.1' },
  { directive: 'keepalive_requests', context: 'upstream', since: '1.15.3' },
  { directive: 'keepalive_timeout', context: 'upstream', since: '1.15.3' },
  { directive: 'ssl_reject_handshake', since: '1.19.4' },
  { directive: 'keepalive_time', since: '1.19.10', note: 'in http/server/location and in upstream alike' },
  { directive: 'resolver', param: 'ipv4=', since: '1.23.1' },
  {
    directive: 'http2',
    since: '1.25.1',
    note: 'older nginx takes the http2 parameter of listen, deprecated since',
  },
  {
    directive: 'server',
    context: 'upstream',
    param: 'resolve',
    since: '1.27.3',
    note: 'NGINX Plus only before 1.27.3',
  },
  {
    directive: 'server',
    context: 'upstream',
    param: 'service=',
    since: '1.27.3',
    note: 'NGINX Plus only before 1.27.3',
  },
  { directive: 'resolver', context: 'upstream', since: '1.27.3' },
  { directive: 'resolver_timeout', context: 'upstream', since: '1.27.3' },
];

/** The answer when nothing in the config is in {@link NGINX_FEATURES}: any nginx will do. */
export const ANY_NGINX_VERSION = '0.0.0';

const VERSION = /^\d+(\.\d+)*$/;

function parts(version: string): number[] {
  if (!VERSION.test(version)) throw new Error(`not an nginx version: ${JSON.stringify(version)}`);
  return version.split('.').map(Number);
}

/**
 * Orders dotted versions numerically (`1.9.0` < `1.11.5`); missing parts count as 0 (`1.22` = `1.22.0`).
 * @returns -1, 0 or 1, ready for `Array.prototype.sort`
 * @throws Error for a string that is not a dotted version
 */
export function compareVersions(a: string, b: string): -1 | 0 | 1 {
  const difference = compareParts(parts(a), parts(b));
  return difference === 0 ? 0 : difference < 0 ? -1 : 1;
}

/** {@link compareVersions} of versions already split into numbers: negative, 0 or positive. */
function compareParts(left: readonly number[], right: readonly number[]): number {
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

function matches(feature: NginxFeature, directive: Directive, parent: string | undefined): boolean {
  if (feature.directive !== directive.name) return false;
  if (feature.context !== undefined && feature.context !== parent) return false;
  const { param } = feature;
  if (param === undefined) return true;
  return param.endsWith('=')
    ? directive.args.some((arg) => arg.startsWith(param))
    : directive.args.some((arg) => arg === param);
}

function describe(feature: NginxFeature): string {
  const what =
    feature.param === undefined ? `"${feature.directive}"` : `"${feature.param}" of "${feature.directive}"`;
  const where = feature.context === undefined ? '' : ` in "${feature.context}"`;
  const note = feature.note === undefined ? '' : `; ${feature.note}`;
  return `${what}${where} needs nginx >= ${feature.since}${note}`;
}

/** A feature with what every directive it is matched against needs of it, worked out once. */
interface IndexedFeature {
  readonly feature: NginxFeature;
  readonly since: readonly number[];
  readonly reason: string;
}

// Features by directive name: a config of thousands of upstream servers asks about each `server` line, and
// comparing and describing versions anew for every match was most of what the walk allocated.
let featuresByName: ReadonlyMap<string, readonly IndexedFeature[]> | undefined;

function featuresNamed(name: string): readonly IndexedFeature[] | undefined {
  if (featuresByName === undefined) {
    const index = new Map<string, IndexedFeature[]>();
    for (const feature of NGINX_FEATURES) {
      const named = index.get(feature.directive) ?? [];
      named.push({ feature, since: parts(feature.since), reason: describe(feature) });
      index.set(feature.directive, named);
    }
    featuresByName = index;
  }
  return featuresByName.get(name);
}

/**
 * The oldest open-source nginx that accepts every feature of {@link NGINX_FEATURES} used in `config`, and
 * why: `because` lists (once each, in file order) the features that require exactly that version.
 * @example minimumNginxVersion(parseNginx('upstream u { server a resolve; }')).version // '1.27.3'
 */
export function minimumNginxVersion(config: readonly Directive[]): { version: string; because: string[] } {
  let version = ANY_NGINX_VERSION;
  let versionParts: readonly number[] = parts(ANY_NGINX_VERSION);
  let because: string[] = [];
  const visit = (directives: readonly Directive[], parent: string | undefined): void => {
    for (const directive of directives) {
      for (const { feature, since, reason } of featuresNamed(directive.name) ?? []) {
        if (!matches(feature, directive, parent)) continue;
        const order = compareParts(since, versionParts);
        if (order > 0) {
          version = feature.since;
          versionParts = since;
          because = [reason];
        } else if (order === 0 && version !== ANY_NGINX_VERSION && !because.includes(reason)) {
          because.push(reason);
        }
      }
      if (directive.block !== undefined) visit(directive.block, directive.name);
    }
  };
  visit(config, undefined);
  return { version, because };
}
