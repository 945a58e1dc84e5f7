import * as z from 'zod';
import type { Directive } from '../model/nginx';
import { formatPath, indent } from './diff';
import { isRecord, Match, matchPattern } from './match';
import { Matcher, type MatchResult } from './matcher';
import { show } from './show';

/** How nginx picks a server of an upstream; `round-robin` is the default, when no method directive is there. */
export type BalancingMethod = 'round-robin' | 'least_conn' | 'ip_hash' | 'hash' | 'random';
const BalancingMethodSchema = z.enum(['round-robin', 'least_conn', 'ip_hash', 'hash', 'random'] satisfies [
  BalancingMethod,
  ...BalancingMethod[],
]);

/**
 * One `server` line of an upstream as data: `server web:5000 weight=2 backup;` is
 * `{ address: 'web:5000', weight: 2, backup: true }`. Numeric parameters are numbers, other `key=value`
 * parameters strings (`fail_timeout: '10s'`), flags `true`.
 */
export interface UpstreamServerInfo {
  /** The server's address, `host:port`. */
  readonly address: string;
  readonly [param: string]: string | number | true;
}

/** An upstream block as data. */
export interface UpstreamInfo {
  /** The upstream's name (`upstream NAME { ... }`). */
  readonly name: string;
  /** Its `server` lines, in file order. */
  readonly servers: readonly UpstreamServerInfo[];
  /** How it balances requests (`round-robin` when no method directive is there). */
  readonly method: BalancingMethod;
  /** The method directive's arguments, e.g. `['$request_uri', 'consistent']` for `hash`. */
  readonly methodArgs: readonly string[];
  /** The block's directives, as parsed. */
  readonly directives: readonly Directive[];
}

/**
 * An expected server: `'web:5000'` (address only, parameters not checked), or an object with the address
 * and the parameters to check (`{ address: 'spare:5000', backup: true }`); `false` means the flag must not
 * be set. Parameter values may be matchers.
 */
export type UpstreamServerExpectation =
  | string
  | ({ readonly address: string } & Readonly<Record<string, unknown>>);

/** What `hasUpstream` checks; each part only when given. */
export interface UpstreamExpectation {
  /** Every server of the upstream, in any order (or a matcher over {@link UpstreamInfo.servers}). */
  readonly servers?: readonly UpstreamServerExpectation[] | Matcher;
  /** The balancing method, when it matters to the test. */
  readonly method?: BalancingMethod;
}

const METHOD_DIRECTIVES: ReadonlySet<string> = new Set(['least_conn', 'ip_hash', 'hash', 'random']);

/** Reads `upstream name { ... }` into an {@link UpstreamInfo}. */
export function readUpstream(block: Directive): UpstreamInfo {
  const directives = block.block ?? [];
  const method = directives.find((directive) => METHOD_DIRECTIVES.has(directive.name));
  return {
    name: block.args.join(' '),
    servers: directives.filter((directive) => directive.name === 'server').map(readServer),
    method: method === undefined ? 'round-robin' : BalancingMethodSchema.parse(method.name),
    methodArgs: method?.args ?? [],
    directives,
  };
}

function readServer(directive: Directive): UpstreamServerInfo {
  const [address = '', ...params] = directive.args;
  const server: Record<string, string | number | true> = {};
  for (const param of params) {
    const equals = param.indexOf('=');
    if (equals === -1) server[param] = true;
    else {
      const value = param.slice(equals + 1);
      server[param.slice(0, equals)] = /^\d+$/.test(value) ? Number(value) : value;
    }
  }
  // Set last: the address is not a parameter, and no parameter may replace it.
  server.address = address;
  return server as UpstreamServerInfo;
}

/** `web:5000 weight=2 backup`, as the server line reads. */
export function describeServer(server: UpstreamServerInfo): string {
  const params = Object.entries(server)
    .filter(([key]) => key !== 'address')
    .map(([key, value]) => (value === true ? key : `${key}=${value}`));
  return [server.address, ...params].join(' ');
}

/** Every way `upstream` differs from `expected`, one line each (empty when it matches). */
export function upstreamDifferences(upstream: UpstreamInfo, expected: UpstreamExpectation): string[] {
  const lines: string[] = [];
  if (expected.method !== undefined) {
    const method = BalancingMethodSchema.safeParse(expected.method);
    if (!method.success) {
      throw new TypeError(
        `method must be one of ${BalancingMethodSchema.options.join(', ')}, got ${show(expected.method)}`,
      );
    }
    if (upstream.method !== method.data)
      lines.push(`method: expected ${show(method.data)}, got ${show(upstream.method)}`);
  }
  if (expected.servers !== undefined) lines.push(...serverDifferences(upstream.servers, expected.servers));
  if (lines.length > 0) lines.push(`(servers: ${upstream.servers.map(describeServer).join(', ') || 'none'})`);
  return lines;
}

function serverDifferences(
  servers: readonly UpstreamServerInfo[],
  expected: readonly UpstreamServerExpectation[] | Matcher,
): string[] {
  if (Matcher.isMatcher(expected)) {
    const result = expected.test(servers).deliverCaptures();
    return result.failures.map(
      (failure) => `${formatPath(['servers', ...failure.path])}: ${failure.message}`,
    );
  }
  const lines: string[] = [];
  const unused = new Set(servers.keys());
  const results: MatchResult[] = [];
  for (const item of expected) {
    const pattern = serverPattern(item);
    const sameAddress = [...unused].filter((index) => servers[index]?.address === pattern.address);
    if (sameAddress.length === 0) {
      lines.push(`servers: missing ${show(pattern.address)}`);
      continue;
    }
    // Several lines may share an address; prefer one that matches, else report the closest.
    const tried = sameAddress.map((index) => ({
      index,
      result: matchPattern(pattern, servers[index], true),
    }));
    const chosen =
      tried.find((attempt) => attempt.result.ok) ?? tried.sort((a, b) => a.result.cost - b.result.cost)[0];
    if (chosen === undefined) continue;
    unused.delete(chosen.index);
    results.push(chosen.result);
    if (!chosen.result.ok) {
      const details = chosen.result.failures.map(
        (failure) => `${formatPath(failure.path)}: ${failure.message}`,
      );
      lines.push(`server ${show(pattern.address)}:\n${indent(details)}`);
    }
  }
  for (const index of unused) lines.push(`servers: unexpected ${show(servers[index]?.address)}`);
  if (lines.length === 0) for (const result of results) result.deliverCaptures();
  return lines;
}

function serverPattern(item: UpstreamServerExpectation): Record<string, unknown> & { address: string } {
  if (typeof item === 'string') return { address: item };
  if (!isRecord(item) || typeof item.address !== 'string') {
    throw new TypeError(`expected a server as "host:port" or { address, ...params }, got ${show(item)}`);
  }
  const pattern: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) pattern[key] = value === false ? Match.absent() : value;
  return { ...pattern, address: item.address };
}
