import type { DnsResolution } from '../../constructs/nginx/upstream';
import { error, info, type Problem, warning } from '../../core/problems';
import { compareVersions } from '../../model/nginx/version';

/**
 * The pitfall: nginx resolves the names in `upstream` blocks once, when it starts. Replicas that start
 * later, or come back with a new address, never get traffic until nginx is reloaded. This module decides how a
 * proxy avoids that for the nginx version it targets; docs/nginx-dns.md has the decision table.
 */

/** Docker's embedded DNS server, present in every container on a user-defined (Compose) or overlay (Swarm) network. */
export const DOCKER_EMBEDDED_DNS = '127.0.0.11';

/** The first open-source nginx whose upstream `server` lines take `resolve` (NGINX Plus only before). */
export const RESOLVE_SINCE = '1.27.3';

/**
 * How long nginx trusts an answer. Docker answers with a TTL of 600s; 10s bounds how long a moved or new
 * replica is missed, for a query every 10s per name, which Docker's DNS serves locally.
 */
export const DEFAULT_RESOLVER_VALID = '10s';

/** True when `version` understands `server NAME resolve;`. */
function supportsResolve(version: string): boolean {
  return compareVersions(version, RESOLVE_SINCE) >= 0;
}

/** The strategy a proxy uses, and what to tell the user about it. */
export interface DnsDecision {
  readonly strategy: DnsResolution;
  readonly problems: readonly Problem[];
}

/**
 * Picks the DNS strategy for a proxy targeting nginx `version`. Without a choice: `resolve` when the version
 * has it, else an error asking for one, because both older options cost something the user should accept
 * knowingly. With a choice: `resolve` on an older nginx is an error; `variable` warns about what it loses;
 * `static` notes that nginx must be reloaded after scaling.
 *
 * @example decideDns('1.22', 'static').strategy // 'static'
 */
export function decideDns(version: string, requested: DnsResolution | undefined): DnsDecision {
  const modern = supportsResolve(version);
  if (requested === undefined) {
    if (modern) return { strategy: 'resolve', problems: [] };
    return {
      strategy: 'static',
      problems: [
        error(
          'dns',
          `is required for nginx ${version}: it cannot re-resolve names in an upstream block (server ... resolve needs nginx >= ${RESOLVE_SINCE}); expected "variable" (re-resolves per request, one service per upstream, no backup/weights/balancing methods) or "static" (resolves once at start; reload nginx after scaling), got nothing`,
        ),
      ],
    };
  }
  if (requested === 'resolve' && !modern) {
    return {
      strategy: 'resolve',
      problems: [
        error(
          'dns',
          `expected "variable" or "static" for nginx ${version}, got "resolve", which needs nginx >= ${RESOLVE_SINCE}`,
        ),
      ],
    };
  }
  if (requested === 'variable') {
    return {
      strategy: 'variable',
      problems: [
        warning(
          'dns',
          `"variable" proxies to one name per request without an upstream block: backup servers, weights, max_fails and balancing methods (least_conn, hash, ...) are lost${modern ? `; nginx ${version} has "resolve", which keeps them` : ''}`,
        ),
      ],
    };
  }
  if (requested === 'static') {
    return {
      strategy: 'static',
      problems: [
        info(
          'dns',
          `"static": nginx resolves service names once at start; after scaling or recreating a service in Compose run \`nginx -s reload\` in the proxy (Swarm's default VIP endpoint keeps one stable address per service, so there it is fine)${modern ? `; nginx ${version} has "resolve", which needs no reload` : ''}`,
        ),
      ],
    };
  }
  return { strategy: requested, problems: [] };
}
