/**
 * The toolkit for a program's own jest tests: {@link Testing} (synthesize in memory), {@link Template}
 * (assertions per artifact), {@link Match} and {@link Capture} (patterns), {@link Annotations} (errors and
 * warnings), and the jest matchers and snapshot serializer, which `dockyard/jest` installs.
 *
 * @example
 * import { App, LoadBalancedStack } from 'dockyard';
 * import { Template } from 'dockyard/testing';
 *
 * const stack = new LoadBalancedStack(new App(), 'shop', { flask: { image: 'shop:1.4', port: 5000 } });
 * Template.fromStack(stack).compose.hasService('web', { expose: [5000] });
 *
 * @module dockyard/testing
 */
export type { Directive } from '../model/nginx/ast';
export { Annotations, type MessageQuery, type PathQuery } from './annotations';
export { Capture } from './capture';
export { ComposeView, type EntryProps } from './compose-view';
export { AssertionError } from './errors';
export { dockyardMatchers, installDockyardMatchers, type MatcherContext, type MatcherResult } from './jest';
export type { LocationExpectation } from './location';
export { Match } from './match';
export { Matcher, type MatchFailure, MatchResult, type PathSegment } from './matcher';
export { NginxView } from './nginx-view';
export { dockyardSerializer, type SnapshotSerializer } from './serializer';
export { Template } from './template';
export { type SynthesizedArtifact, type SynthesizedStack, Testing } from './testing';
export type {
  BalancingMethod,
  UpstreamExpectation,
  UpstreamInfo,
  UpstreamServerExpectation,
  UpstreamServerInfo,
} from './upstream';
