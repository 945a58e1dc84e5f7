/**
 * Dockyard: typed constructs that synthesize compose.yaml, a Swarm stack file and nginx.conf from one
 * TypeScript program. This entry point is what a program constructs or calls, and the props types it writes;
 * the testing toolkit is `dockyard/testing`, the jest setup `dockyard/jest`, and the zod schemas behind the
 * props `dockyard/schemas`. (test/repo/public-api.test.ts pins the list, so a change to it is a visible diff.)
 *
 * @example
 * import { App, LoadBalancedStack } from 'dockyard';
 *
 * const app = new App();
 * new LoadBalancedStack(app, 'shop', { flask: { image: 'shop:1.4', port: 5000 }, proxy: { publish: 8080 } });
 * app.synth();
 *
 * @module dockyard
 */

// Compose L1 constructs: one per object of compose.yaml and the Swarm stack file
export {
  Config,
  type ConfigArtifactProps,
  type ConfigContentProps,
  type ConfigFileProps,
  type ConfigProps,
} from './constructs/compose/config';
export { Network, type NetworkProps } from './constructs/compose/network';
export {
  Secret,
  type SecretEnvironmentProps,
  type SecretFileProps,
  type SecretProps,
} from './constructs/compose/secret';
export {
  Service,
  type ServiceBindMount,
  type ServiceConfigGrant,
  type ServiceDependency,
  type ServiceMount,
  type ServiceNetworkAttachment,
  type ServiceProps,
  type ServiceSecretGrant,
  type ServiceTmpfsMount,
  type ServiceVolumeMount,
} from './constructs/compose/service';
export type {
  BuildProps,
  ServiceDeploy,
  ServiceHealthcheck,
  ServiceLogging,
  ServicePlacement,
  ServicePort,
  ServiceResources,
  ServiceRestartPolicy,
  ServiceUpdateConfig,
} from './constructs/compose/service-parts';
export { Volume, type VolumeProps } from './constructs/compose/volume';
// nginx L1 constructs: one per block of nginx.conf
export { CacheZone, type CacheZoneProps } from './constructs/nginx/cache-zone';
export {
  type ConnectionLimit,
  type Limits,
  LimitZone,
  type LimitZoneProps,
  type RequestLimit,
} from './constructs/nginx/limits';
export {
  type CacheValidity,
  Location,
  type LocationCache,
  type LocationProps,
  type LocationProxy,
} from './constructs/nginx/location';
export { NginxMap, type NginxMapEntry, type NginxMapProps } from './constructs/nginx/map';
export {
  type ErrorLog,
  type Gzip,
  NginxConfig,
  type NginxConfigProps,
  type Resolver,
} from './constructs/nginx/nginx-config';
export {
  type ErrorPage,
  type Listen,
  type ListenOptions,
  Server,
  type ServerProps,
} from './constructs/nginx/server';
export type { RejectHandshake, ServerTls, TlsSessionCache } from './constructs/nginx/tls';
export {
  type DnsResolution,
  type ServerOrigin,
  Upstream,
  type UpstreamProps,
  type UpstreamServerSpec,
  type UpstreamZone,
} from './constructs/nginx/upstream';
export {
  type AddHeader,
  type NginxValue,
  type NginxVariable,
  nginxVar,
  type ProxyHeader,
  type ProxyTuning,
} from './constructs/nginx/values';
export type { ArtifactDefinition, ArtifactKind, RenderContext, RenderedArtifact } from './core/artifact';
export { addCheck } from './core/checks';
export { DockyardUserError, ValidationError } from './core/errors';
export type { Diagnostic, Problem, ProblemLevel } from './core/problems';
export { type DeployTarget, Stack, type StackProps } from './core/stack';
export {
  perTask,
  type SwarmPlaceholder,
  type TaskTemplate,
  type TaskTemplateValue,
  type TemplatePart,
} from './model/compose/task-template';
export type { FileStatus, Manifest, ManifestFile, ManifestStack } from './output/manifest';
export type { OutputLayout } from './output/write-stack';
// Patterns: Flask behind nginx, built from the constructs above
export { BackupUpstream, type BackupUpstreamProps } from './patterns/backup-upstream/backup-upstream';
export {
  type FlaskHealthcheck,
  type FlaskResources,
  FlaskService,
  type FlaskServiceProps,
  type FlaskStaticFiles,
  type FlaskUpdate,
  type PerReplicaIdentity,
} from './patterns/flask-service/flask-service';
export {
  type LoadBalancedCache,
  type LoadBalancedFlaskProps,
  type LoadBalancedNetwork,
  LoadBalancedStack,
  type LoadBalancedStackProps,
  type LoadBalancedStaticFiles,
} from './patterns/load-balanced-stack/load-balanced-stack';
export { NginxProxy } from './patterns/nginx-proxy/nginx-proxy';
export type {
  NginxProxyProps,
  ProxyBackend,
  ProxyBackendOptions,
  ProxyCache,
  ProxyFailover,
  ProxyHealthcheck,
  ProxyResolver,
  ProxyRouteOptions,
  ProxySecurityHeaders,
  ProxyStaticOptions,
  ProxyTimeouts,
  ProxyUpstreamOptions,
  RouteCache,
  RouteTimeouts,
  StaticRoute,
} from './patterns/nginx-proxy/proxy-props';
export type {
  ConnectionLimitUse,
  RateLimitUse,
  RouteOptions,
  RouteWebsocket,
} from './patterns/nginx-proxy/route-options';
export {
  ProxySite,
  type ProxySiteProps,
  type SiteHsts,
  type SiteTls,
} from './patterns/nginx-proxy/sites/site';
export type { AcmeOptions } from './patterns/nginx-proxy/tls/acme';
// The app and its stacks, the errors synth throws, and the hook for a construct's own checks
export { App, type AppProps } from './pipeline/app';
export { type SynthesizedText, synthText } from './pipeline/synth-text';
