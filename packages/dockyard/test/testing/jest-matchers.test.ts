import { Annotations, dockyardMatchers, installDockyardMatchers, Template } from '../../src/testing';
import { Flawed, shopStack, stackWith } from './fixtures';

installDockyardMatchers();

describe('toHaveService', () => {
  test('passes for a Stack, a Template or a view; fails with the assertion message', () => {
    // GIVEN
    const stack = shopStack();
    // THEN
    expect(stack).toHaveService('web', { deploy: { replicas: 3 } });
    expect(Template.fromStack(stack)).toHaveService('nginx');
    expect(Template.fromStack(stack).swarm).toHaveService('web', {
      deploy: { restart_policy: { condition: 'any' } },
    });
    expect(() => expect(stack).toHaveService('wbe')).toThrow(
      'compose.yaml: no service "wbe"; did you mean "web"? (services: nginx, web)',
    );
    expect(() => expect(stack).toHaveService('web', { deploy: { replicas: 2 } })).toThrow(
      'services.web.deploy.replicas: expected 2, got 3',
    );
  });

  test('uses the Swarm stack file when the stack has no compose.yaml', () => {
    // GIVEN
    const stack = stackWith({ 'stack.yaml': 'version: "3.13"\nservices:\n  web:\n    image: x\n' });
    // THEN
    expect(stack).toHaveService('web', { image: 'x' });
    expect(() => expect(stack).toHaveService('api')).toThrow('stack.yaml: no service "api"');
  });

  test('.not fails with what was found', () => {
    expect(shopStack()).not.toHaveService('db');
    expect(() => expect(shopStack()).not.toHaveService('web')).toThrow(
      'compose.yaml: expected no service "web", but there is one',
    );
  });
});

describe('toHaveUpstream, toHaveLocation and toRouteTo', () => {
  test('pass for what nginx.conf has', () => {
    // GIVEN
    const stack = shopStack();
    // THEN
    expect(stack).toHaveUpstream('web', { method: 'least_conn' });
    expect(stack).toHaveUpstream('api', { servers: ['api:8000'] });
    expect(stack).toHaveLocation('/static', { alias: '/app/static/' });
    expect(stack).toRouteTo('/', 'web');
    expect(stack).not.toRouteTo('/', 'api');
  });

  test('fail with the assertion messages', () => {
    // GIVEN
    const stack = shopStack();
    // THEN
    expect(() => expect(stack).toHaveUpstream('api', { method: 'ip_hash' })).toThrow(
      'method: expected "ip_hash", got "round-robin"',
    );
    expect(() => expect(stack).toHaveLocation('/static', { expires: '2h' })).toThrow(
      'expires: expected "2h", got "1h"',
    );
    expect(() => expect(stack).toRouteTo('/static', 'web')).toThrow(
      'nginx.conf: location "/static" does not route to upstream "web": it has no *_pass directive',
    );
    expect(() => expect(stack).not.toRouteTo('/', 'web')).toThrow(
      'nginx.conf: expected location "/" not to route to upstream "web", but it does',
    );
  });
});

describe('toHaveError', () => {
  test('passes for an error of a program that could not synthesize; fails listing the errors', () => {
    // GIVEN
    const stack = shopStack();
    new Flawed(stack, 'web', [{ level: 'error', property: 'replicas', message: 'expected >= 1, got 0' }]);
    // THEN
    expect(stack).toHaveError('shop/web', 'replicas');
    expect(Annotations.fromStack(stack)).toHaveError('*', 'got 0');
    expect(() => expect(stack).toHaveError('shop/web', 'workers')).toThrow(
      'expected an error at "shop/web" containing "workers"\nerrors (1):\n  [shop/web] replicas: expected >= 1, got 0',
    );
    expect(() => expect(stack).not.toHaveError('shop/web', 'replicas')).toThrow(
      'expected no such error, but found [shop/web] expected >= 1, got 0',
    );
  });
});

describe('installDockyardMatchers', () => {
  test('refuses to run without jest', () => {
    // GIVEN
    const global = globalThis as { expect?: unknown };
    const saved = global.expect;
    // WHEN
    delete global.expect;
    let message = '';
    try {
      installDockyardMatchers();
    } catch (error) {
      message = (error as Error).message;
    } finally {
      global.expect = saved;
    }
    // THEN
    expect(message).toContain('installDockyardMatchers() needs jest\'s global "expect"');
  });

  test('a matcher given something other than a Stack or a view throws a TypeError', () => {
    expect(() => dockyardMatchers.toHaveService.call({}, 'not a stack', 'web')).toThrow(
      'toHaveService: expected a Stack or a Template, got string',
    );
  });
});
