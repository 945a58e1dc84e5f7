// The nginx patterns in one place, so the package index re-exports them with one line.
export { BackupUpstream, type BackupUpstreamProps, BackupUpstreamPropsSchema } from '../backup-upstream';
export {
  DEFAULT_RESOLVER_VALID,
  type DnsDecision,
  DOCKER_EMBEDDED_DNS,
  decideDns,
  RESOLVE_SINCE,
  supportsResolve,
} from '../dns-strategy';
export { NginxProxy, STATIC_MOUNT_ROOT } from '../nginx-proxy';
export { type AcmeOptions, AcmeOptionsSchema, CERTBOT_IMAGE, LETS_ENCRYPT_DIRECTORY } from './acme';
export { NGINX_IMAGE, NGINX_IMAGE_VERSION, nginxVersionOfImage } from './image';
export {
  type NginxProxyProps,
  NginxProxyPropsSchema,
  type ProxyBackend,
  type ProxyRouteOptions,
  ProxyRouteOptionsSchema,
  type ProxyStaticOptions,
  type ProxyUpstreamOptions,
  ProxyUpstreamOptionsSchema,
  type StaticRoute,
} from './proxy-props';
export {
  type ConnectionLimitUse,
  ConnectionLimitUseSchema,
  type RateLimitUse,
  RateLimitUseSchema,
  type RouteOptions,
  RouteOptionsSchema,
} from './route-options';
export { ProxySite, type ProxySiteProps, ProxySitePropsSchema, type SiteTls, SiteTlsSchema } from './site';
