import { Stack } from '../core/stack';
import { Annotations, type MessageQuery, type PathQuery } from './annotations';
import { ComposeView, type EntryProps } from './compose-view';
import type { LocationExpectation } from './location';
import { NginxView } from './nginx-view';
import { dockyardSerializer } from './serializer';
import { Template } from './template';
import type { UpstreamExpectation } from './upstream';

/** What jest passes a custom matcher as `this` (the part used here). */
export interface MatcherContext {
  /** True under `expect(...).not`. */
  readonly isNot?: boolean;
}

/** What a custom matcher returns to jest. */
export interface MatcherResult {
  /** Whether the assertion held. */
  readonly pass: boolean;
  /** The explanation jest prints when the assertion (or its `.not`) fails. */
  readonly message: () => string;
}

/**
 * Runs an assertion and turns its outcome into a matcher result. A failure's message is the assertion's
 * own explanation; for `.not`, the message says what was found although it should not have been.
 */
function outcome(assertion: () => void, negated: string): MatcherResult {
  try {
    assertion();
    return { pass: true, message: () => negated };
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'AssertionError') throw error;
    return { pass: false, message: () => error.message };
  }
}

function templateOf(received: unknown, matcher: string): Template {
  if (Template.isTemplate(received)) return received;
  if (Stack.isStack(received)) return Template.fromStack(received);
  throw new TypeError(`${matcher}: expected a Stack or a Template, got ${typeof received}`);
}

/** compose.yaml when the stack has one, else the Swarm stack file; or the view the test passed. */
function servicesOf(received: unknown): ComposeView {
  if (received instanceof ComposeView) return received;
  const template = templateOf(received, 'toHaveService');
  return Object.values(template.files).some((file) => file.kind === 'compose')
    ? template.compose
    : template.swarm;
}

function nginxOf(received: unknown, matcher: string): NginxView {
  return received instanceof NginxView ? received : templateOf(received, matcher).nginx;
}

/**
 * The custom matchers, for `expect.extend(dockyardMatchers)`. Each accepts a Stack, a Template or the
 * matching view (`template.swarm`, `template.nginx`); messages are the same as the Template assertions'.
 */
export const dockyardMatchers = {
  /** `expect(stack).toHaveService('web', { deploy: { replicas: 3 } })` (compose.yaml, else stack.yaml). */
  toHaveService(this: MatcherContext, received: unknown, name: string, props?: EntryProps): MatcherResult {
    const view = servicesOf(received);
    return outcome(
      () => view.hasService(name, props),
      `${view.fileName}: expected no service ${JSON.stringify(name)}${props ? ' matching the props' : ''}, but there is one`,
    );
  },

  /** `expect(stack).toHaveUpstream('web', { servers: ['web:5000'], method: 'least_conn' })` */
  toHaveUpstream(
    this: MatcherContext,
    received: unknown,
    name: string,
    expected?: UpstreamExpectation,
  ): MatcherResult {
    const view = nginxOf(received, 'toHaveUpstream');
    return outcome(
      () => view.hasUpstream(name, expected),
      `${view.fileName}: expected no upstream ${JSON.stringify(name)}${expected ? ' like that' : ''}, but there is one`,
    );
  },

  /** `expect(stack).toRouteTo('/', 'web')` */
  toRouteTo(this: MatcherContext, received: unknown, path: string, upstream: string): MatcherResult {
    const view = nginxOf(received, 'toRouteTo');
    return outcome(
      () => view.routesTo(path, upstream),
      `${view.fileName}: expected location ${JSON.stringify(path)} not to route to upstream ${JSON.stringify(upstream)}, but it does`,
    );
  },

  /** `expect(stack).toHaveLocation('/static', { alias: '/app/static/' })` */
  toHaveLocation(
    this: MatcherContext,
    received: unknown,
    path: string,
    props?: LocationExpectation,
  ): MatcherResult {
    const view = nginxOf(received, 'toHaveLocation');
    return outcome(
      () => view.hasLocation(path, props),
      `${view.fileName}: expected no location ${JSON.stringify(path)}${props ? ' matching the props' : ''}, but there is one`,
    );
  },

  /** `expect(stack).toHaveError('shop/web', 'replicas')`: works on programs with errors. */
  toHaveError(
    this: MatcherContext,
    received: unknown,
    path: PathQuery,
    message: MessageQuery,
  ): MatcherResult {
    const annotations = received instanceof Annotations ? received : annotationsOf(received);
    const match = annotations.findErrors(path, message)[0];
    return outcome(
      () => annotations.hasError(path, message),
      `expected no such error, but found [${match?.path}] ${match?.message}`,
    );
  },
};

function annotationsOf(received: unknown): Annotations {
  if (!Stack.isStack(received))
    throw new TypeError(`toHaveError: expected a Stack or Annotations, got ${typeof received}`);
  return Annotations.fromStack(received);
}

/** The part of jest's global `expect` used to install the matchers. */
interface JestExpect {
  extend(matchers: object): void;
  addSnapshotSerializer(serializer: object): void;
}

/**
 * Installs {@link dockyardMatchers} and (unless `serializer: false`) {@link dockyardSerializer} into jest's
 * global `expect`. Call it in a `setupFilesAfterEnv` module or at the top of a test file. `expect` is
 * looked up when called, so the library itself never loads jest.
 */
export function installDockyardMatchers(options: { readonly serializer?: boolean } = {}): void {
  const expect = (globalThis as { expect?: Partial<JestExpect> }).expect;
  if (typeof expect?.extend !== 'function' || typeof expect.addSnapshotSerializer !== 'function') {
    throw new Error(
      'installDockyardMatchers() needs jest\'s global "expect": call it from a test file or a setupFilesAfterEnv module',
    );
  }
  expect.extend(dockyardMatchers);
  if (options.serializer !== false) expect.addSnapshotSerializer(dockyardSerializer);
}

declare global {
  namespace jest {
    // biome-ignore lint/complexity/noBannedTypes: must repeat @types/jest's own type parameters to merge
    interface Matchers<R, T = {}> {
      /** The stack's compose.yaml (else stack.yaml) has service `name`, matching `props` when given. */
      toHaveService(name: string, props?: EntryProps): R;
      /** The stack's nginx.conf has upstream `name`, with these servers and method when given. */
      toHaveUpstream(name: string, expected?: UpstreamExpectation): R;
      /** The stack's nginx.conf passes location `path` to upstream `upstream`. */
      toRouteTo(path: string, upstream: string): R;
      /** The stack's nginx.conf has location `path`, matching `props` when given. */
      toHaveLocation(path: string, props?: LocationExpectation): R;
      /** The stack has an error at `path` whose message contains (or matches) `message`. */
      toHaveError(path: PathQuery, message: MessageQuery): R;
    }
  }
}
