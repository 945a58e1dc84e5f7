import type { NginxMapProps } from '../../../constructs/nginx/map';
import type { Server } from '../../../constructs/nginx/server';
import { nginxVar } from '../../../constructs/nginx/values';
import { error, type Problem } from '../../../core/problems';
import type { ParsedNginxProxyProps } from '../proxy-props';
import type { ProxySite } from './site';

/**
 * The client address behind one trusted proxy: the LAST entry of X-Forwarded-For, the one that proxy appended
 * (a client can put anything before it, nothing after it); `$remote_addr` when there is no such header.
 */
export const TRUSTED_CLIENT_MAP: NginxMapProps = {
  source: 'http_x_forwarded_for',
  variable: 'dockyard_client',
  entries: [
    { match: { regex: '(?<dockyard_forwarded>[^,\\s]+)\\s*$' }, value: nginxVar('dockyard_forwarded') },
  ],
  default: nginxVar('remote_addr'),
};

/** Rules of a proxy with sites: routes belong to sites, each host name to one site, ports apart. */
export function siteProblems(
  props: ParsedNginxProxyProps,
  sites: readonly ProxySite[],
  proxyRoutes: number,
  defaultServer: Server,
): Problem[] {
  const problems: Problem[] = [];
  if (sites.length > 0 && proxyRoutes > 0) {
    // Reported on the default server, not the proxy: an error on the proxy would hide its sites' problems.
    problems.push({
      ...error(
        'addRoute',
        `expected routes on sites once the proxy has sites (its default server answers unknown host names with 421, never with an app), got ${proxyRoutes} route(s) on the proxy itself; use site.addRoute`,
      ),
      at: defaultServer,
    });
  }
  const owners = new Map<string, ProxySite>();
  for (const site of sites) {
    for (const name of site.serverName) {
      const earlier = owners.get(name.toLowerCase());
      if (earlier !== undefined) {
        problems.push({
          ...error(
            'serverName',
            `expected each host name on one site, got ${JSON.stringify(name)} again (first on ${earlier.node.path})`,
          ),
          at: site,
        });
      } else owners.set(name.toLowerCase(), site);
    }
  }
  if (sites.some((site) => site.hasTls) && props.tlsListenPort === props.listenPort) {
    problems.push(
      error(
        'tlsListenPort',
        `expected a port other than listenPort ${props.listenPort}, got ${props.tlsListenPort}`,
      ),
    );
  }
  return problems;
}
