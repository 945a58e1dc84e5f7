// The public API of Dockyard. Layers, bottom up: model (plain data and renderers), constructs (one per
// artifact object), patterns (FlaskService, NginxProxy, ...), and the App/Stack synthesis core.

export * from './constructs/compose';
// nginx constructs and patterns
export * from './constructs/nginx';
export type { ArtifactDefinition, ArtifactKind, RenderContext, RenderedArtifact } from './core/artifact';
export { addCheck } from './core/checks';
export { DockyardUserError, isUserError, ValidationError } from './core/errors';
export type { Diagnostic, Problem, ProblemLevel } from './core/problems';
export { formatDiagnostic } from './core/problems';
export { parseProps } from './core/props';
export { type DeployTarget, Stack, type StackProps, StackPropsSchema } from './core/stack';
export { perTask, type TaskTemplate } from './model/compose/task-template';
export type { Manifest, ManifestFile, ManifestStack } from './output/manifest';
export type { OutputLayout } from './output/write-stack';
export { FlaskService, type FlaskServiceProps, FlaskServicePropsSchema } from './patterns/flask-service';
export {
  LoadBalancedStack,
  type LoadBalancedStackProps,
  LoadBalancedStackPropsSchema,
} from './patterns/load-balanced-stack';
export * from './patterns/nginx';
export { App, type AppProps, AppPropsSchema } from './pipeline/app';
export { type SynthesizedText, synthText } from './pipeline/synth-text';
export * from './testing';
export { type SynthesizedArtifact, type SynthesizedStack, Testing } from './testing/testing';
