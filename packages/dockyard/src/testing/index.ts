// The testing toolkit users import in their jest tests: Template (per-artifact assertions), Match and
// Capture (patterns), Annotations (errors and warnings), and the jest matchers and snapshot serializer.
export { Annotations, type MessageQuery, type PathQuery } from './annotations';
export { Capture } from './capture';
export { ComposeView, type EntryProps } from './compose-view';
export { AssertionError } from './errors';
export { dockyardMatchers, installDockyardMatchers } from './jest';
export type { LocationExpectation } from './location';
export { Match } from './match';
export { Matcher, type MatchFailure, MatchResult, type PathSegment } from './matcher';
export { NginxView } from './nginx-view';
export { dockyardSerializer, type SnapshotSerializer } from './serializer';
export { Template } from './template';
export { type SynthesizedArtifact, type SynthesizedStack, Testing } from './testing';
export {
  type BalancingMethod,
  BalancingMethodSchema,
  type UpstreamExpectation,
  type UpstreamInfo,
  type UpstreamServerExpectation,
  type UpstreamServerInfo,
} from './upstream';
