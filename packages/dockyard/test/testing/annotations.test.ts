import { App, FlaskService, Stack } from '../../src';
import { Annotations, Capture, Match } from '../../src/testing';
import { Flawed, failureOf, shopStack } from './fixtures';

/** A program with errors and warnings in two stacks. */
function program() {
  const app = new App();
  const shop = new Stack(app, 'shop');
  new Flawed(shop, 'web', [
    { level: 'error', property: 'replicas', message: 'expected an integer >= 1, got 0' },
    { level: 'warning', property: 'healthcheck', message: 'off: nginx cannot tell a dead replica' },
  ]);
  new Flawed(shop, 'nginx', [{ level: 'error', message: 'publishes no port' }]);
  const other = new Stack(app, 'other');
  new Flawed(other, 'db', [{ level: 'error', message: 'belongs to another stack' }]);
  return { shop, other };
}

describe('Annotations', () => {
  test('reads the problems of a program with errors without throwing, only those of this stack', () => {
    // WHEN
    const annotations = Annotations.fromStack(program().shop);
    // THEN
    expect(annotations.diagnostics.map((diagnostic) => [diagnostic.level, diagnostic.path])).toEqual([
      ['error', 'shop/nginx'],
      ['error', 'shop/web'],
      ['warning', 'shop/web'],
    ]);
  });

  test('hasError passes for a substring of "property: message" at an exact path, or with matchers', () => {
    // GIVEN
    const annotations = Annotations.fromStack(program().shop);
    // THEN
    expect(() => annotations.hasError('shop/web', 'replicas: expected an integer')).not.toThrow();
    expect(() => annotations.hasError('*', 'publishes no port')).not.toThrow();
    expect(() =>
      annotations.hasError(Match.stringLikeRegexp('^shop/'), Match.stringLikeRegexp('got 0$')),
    ).not.toThrow();
  });

  test('hasError explains a miss: the closest path and every error', () => {
    // WHEN
    const message = failureOf(() => Annotations.fromStack(program().shop).hasError('shop/wbe', 'replicas'));
    // THEN
    expect(message).toBe(
      [
        'expected an error at "shop/wbe" containing "replicas"; did you mean "shop/web"?',
        'errors (2):',
        '  [shop/nginx] publishes no port',
        '  [shop/web] replicas: expected an integer >= 1, got 0',
      ].join('\n'),
    );
  });

  test('hasError points out a message that is there at another level', () => {
    // WHEN
    const message = failureOf(() =>
      Annotations.fromStack(program().shop).hasError('shop/web', 'healthcheck'),
    );
    // THEN
    expect(message).toContain(
      'found at another level:\n  warning: [shop/web] healthcheck: off: nginx cannot tell a dead replica',
    );
  });

  test('hasWarning passes and fails like hasError', () => {
    // GIVEN
    const annotations = Annotations.fromStack(program().shop);
    // THEN
    expect(() => annotations.hasWarning('shop/web', 'dead replica')).not.toThrow();
    expect(failureOf(() => annotations.hasWarning(Match.stringLikeRegexp('nginx$'), 'port'))).toBe(
      [
        'expected a warning at a path matching stringLikeRegexp(/nginx$/m) containing "port"',
        'found at another level:',
        '  error: [shop/nginx] publishes no port',
        'warnings (1):',
        '  [shop/web] healthcheck: off: nginx cannot tell a dead replica',
      ].join('\n'),
    );
  });

  test('hasNoErrors passes for a valid stack and lists the errors of an invalid one', () => {
    expect(() => Annotations.fromStack(shopStack()).hasNoErrors()).not.toThrow();
    expect(failureOf(() => Annotations.fromStack(program().other).hasNoErrors())).toBe(
      'expected no errors, got 1:\n  [other/db] belongs to another stack',
    );
  });

  test('findErrors and findWarnings filter by path and message; captures take the matching text', () => {
    // GIVEN
    const annotations = Annotations.fromStack(program().shop);
    const property = new Capture(Match.stringLikeRegexp('^replicas'));
    // THEN
    expect(annotations.findErrors().map((diagnostic) => diagnostic.path)).toEqual(['shop/nginx', 'shop/web']);
    expect(annotations.findErrors('shop/web')).toHaveLength(1);
    expect(annotations.findErrors('shop/web', 'no such text')).toEqual([]);
    expect(annotations.findWarnings(undefined, 'dead replica')).toHaveLength(1);
    expect(annotations.findErrors('*', property)).toHaveLength(1);
    expect(property.asString()).toBe('replicas: expected an integer >= 1, got 0');
  });

  test('includes what the renderers report when the checks pass', () => {
    // GIVEN
    const stack = new Stack(new App(), 'shop');
    new FlaskService(stack, 'web', { image: 'shop:1.4' });
    // WHEN
    const all = Annotations.fromStack(stack).diagnostics;
    // THEN
    expect(all.some((diagnostic) => diagnostic.message.includes('left out of compose.yaml'))).toBe(true);
  });

  test('with a props error on a real construct, names its path and property', () => {
    // GIVEN
    const stack = new Stack(new App(), 'shop');
    new FlaskService(stack, 'web', { image: 'shop:1.4', replicas: 0 });
    // THEN
    expect(() => Annotations.fromStack(stack).hasError('shop/web', 'replicas: expected')).not.toThrow();
  });
});
