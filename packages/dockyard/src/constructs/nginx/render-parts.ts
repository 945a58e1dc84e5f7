import type { z } from 'zod';
import { type Directive, d } from '../../model/nginx/ast';
import { type AddHeaderSchema, type ProxyHeaderSchema, type ProxyTuningSchema, renderValue } from './values';

type AddHeaderSpec = z.output<typeof AddHeaderSchema>;
type ProxyHeaderSpec = z.output<typeof ProxyHeaderSchema>;

/**
 * A block's headers on top of the ones it would inherit. nginx drops every inherited `add_header` (and every
 * inherited `proxy_set_header`) as soon as a block declares one of its own, so a block with its own headers
 * must repeat the inherited ones; its own win over inherited ones of the same name.
 */
export function mergeHeaders<T extends { readonly name: string }>(
  inherited: readonly T[],
  own: readonly T[],
): T[] {
  if (own.length === 0) return [...inherited];
  const replaced = new Set(own.map((header) => header.name.toLowerCase()));
  return [...inherited.filter((header) => !replaced.has(header.name.toLowerCase())), ...own];
}

/** One `error_page CODES URI` of a block. */
export interface ErrorPageSpec {
  readonly codes: readonly number[];
  readonly uri: string;
}

/** `error_page CODES URI;` per page. */
export function errorPageDirectives(pages: readonly ErrorPageSpec[]): Directive[] {
  return pages.map((page) => d('error_page', ...page.codes.map(String), page.uri));
}

/** `add_header NAME VALUE [always];` per header. */
export function addHeaderDirectives(headers: readonly AddHeaderSpec[]): Directive[] {
  return headers.map((header) =>
    header.always
      ? d('add_header', header.name, renderValue(header.value), 'always')
      : d('add_header', header.name, renderValue(header.value)),
  );
}

/** `proxy_set_header NAME VALUE;` per header. */
export function proxyHeaderDirectives(headers: readonly ProxyHeaderSpec[]): Directive[] {
  return headers.map((header) => d('proxy_set_header', header.name, renderValue(header.value)));
}

/** The proxy_* timeout and failover directives that are set. */
export function proxyTuningDirectives(tuning: z.output<typeof ProxyTuningSchema> | undefined): Directive[] {
  if (tuning === undefined) return [];
  const out: Directive[] = [];
  if (tuning.connectTimeout !== undefined) out.push(d('proxy_connect_timeout', tuning.connectTimeout));
  if (tuning.sendTimeout !== undefined) out.push(d('proxy_send_timeout', tuning.sendTimeout));
  if (tuning.readTimeout !== undefined) out.push(d('proxy_read_timeout', tuning.readTimeout));
  if (tuning.nextUpstream !== undefined) out.push(d('proxy_next_upstream', ...tuning.nextUpstream));
  if (tuning.nextUpstreamTries !== undefined) {
    out.push(d('proxy_next_upstream_tries', String(tuning.nextUpstreamTries)));
  }
  if (tuning.nextUpstreamTimeout !== undefined)
    out.push(d('proxy_next_upstream_timeout', tuning.nextUpstreamTimeout));
  return out;
}
