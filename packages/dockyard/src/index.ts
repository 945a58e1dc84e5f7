// The public API of Dockyard. Layers, bottom up: model (plain data and renderers), constructs (one per
// artifact object), patterns (FlaskService, NginxProxy, ...), and the App/Stack synthesis core.

export * from './constructs/compose';
export { App, type AppProps, AppPropsSchema } from './core/app';
export type { ArtifactDefinition, ArtifactKind, RenderContext, RenderedArtifact } from './core/artifact';
export { addCheck } from './core/checks';
export { DockyardUserError, isUserError, ValidationError } from './core/errors';
export type { Diagnostic, Problem, ProblemLevel } from './core/problems';
export { formatDiagnostic } from './core/problems';
export { parseProps } from './core/props';
export { Stack } from './core/stack';
export { perTask, type TaskTemplate } from './model/compose/task-template';
export type { Manifest, ManifestFile, ManifestStack } from './output/manifest';
export { FlaskService, type FlaskServiceProps, FlaskServicePropsSchema } from './patterns/flask-service';
export * from './testing';
export { type SynthesizedArtifact, type SynthesizedStack, Testing } from './testing/testing';
// nginx constructs and patterns
export * from './constructs/nginx';
export { BackupUpstream, type BackupUpstreamProps, BackupUpstreamPropsSchema } from './patterns/backup-upstream';
export {
  DEFAULT_RESOLVER_VALID,
  DOCKER_EMBEDDED_DNS,
  type DnsDecision,
  decideDns,
  RESOLVE_SINCE,
  supportsResolve,
} from './patterns/dns-strategy';
export { NginxProxy, STATIC_MOUNT_ROOT } from './patterns/nginx-proxy';
export { NGINX_IMAGE, NGINX_IMAGE_VERSION, nginxVersionOfImage } from './patterns/nginx/image';
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
} from './patterns/nginx/proxy-props';
