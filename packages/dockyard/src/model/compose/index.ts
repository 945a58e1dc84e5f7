// The compose model layer: schemas, the two renderers, the model checks and the target differences table.
export { type CheckModelOptions, checkModel } from './check-model';
export { type ParseProjectResult, parseProject } from './parse-project';
export {
  formatPath,
  type ModelPath,
  type ModelProblem,
  type PathSegment,
  type ProblemLevel,
} from './problem';
export { renderCompose } from './render-compose';
export type { RenderResult } from './render-parts';
export { type RenderSwarmOptions, renderSwarm } from './render-swarm';
export * from './schemas';
export {
  SWARM_STACK_VERSION,
  type Target,
  type TargetNote,
  type TargetRule,
  type TargetRuleId,
  targetDifferencesMarkdown,
  targetRules,
} from './targets';
