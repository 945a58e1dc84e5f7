import { Match, Template } from '../../src/testing';
import { failureOf, shopStack, stackWith } from './fixtures';

const compose = () => Template.fromStack(shopStack()).compose;

describe('hasService', () => {
  test('passes for an existing service, with or without matching props', () => {
    // GIVEN
    const view = compose();
    // THEN
    expect(() => view.hasService('web')).not.toThrow();
    expect(() => view.hasService('web', { image: 'shop:1.4', deploy: { replicas: 3 } })).not.toThrow();
    expect(() =>
      view.hasService('nginx', { ports: [{ published: 8080 }], networks: ['front', 'back'] }),
    ).not.toThrow();
  });

  test('names every differing path from the top of the file', () => {
    // WHEN
    const message = failureOf(() =>
      compose().hasService('web', { image: 'shop:1.5', deploy: { replicas: 2 } }),
    );
    // THEN
    expect(message).toBe(
      [
        'compose.yaml: service "web" does not match:',
        '  services.web.image: expected "shop:1.5", got "shop:1.4"',
        '  services.web.deploy.replicas: expected 2, got 3',
      ].join('\n'),
    );
  });

  test('suggests the closest name for a missing service and lists the others', () => {
    expect(failureOf(() => compose().hasService('wbe'))).toBe(
      'compose.yaml: no service "wbe"; did you mean "web"? (services: nginx, web)',
    );
    expect(failureOf(() => compose().hasService('database'))).toBe(
      'compose.yaml: no service "database" (services: nginx, web)',
    );
  });

  test('accepts a matcher as props, e.g. Match.objectEquals for the whole service', () => {
    // WHEN
    const message = failureOf(() => compose().hasService('web', Match.objectEquals({ image: 'shop:1.4' })));
    // THEN
    expect(message).toContain('  services.web.command: unexpected key, got ["gunicorn", "--bind",');
    expect(message).toContain('  services.web.deploy: unexpected key, got {"replicas": 3}');
  });

  test('compares values as the file has them: a `$` the renderer escaped reads `$$`', () => {
    expect(() => compose().hasService('web', { environment: { HOME_DIR: '$$HOME' } })).not.toThrow();
    expect(failureOf(() => compose().hasService('web', { environment: { HOME_DIR: '$HOME' } }))).toContain(
      'services.web.environment.HOME_DIR: expected "$HOME", got "$$HOME"',
    );
  });
});

describe('serviceCountIs', () => {
  test('passes for the right count', () => {
    expect(() => compose().serviceCountIs(2)).not.toThrow();
  });

  test('fails with both counts and the names', () => {
    expect(failureOf(() => compose().serviceCountIs(3))).toBe(
      'compose.yaml: expected 3 service(s), got 2 (services: nginx, web)',
    );
  });
});

describe('findServices', () => {
  test('returns the matching services by name, copies that tests may change freely', () => {
    // GIVEN
    const view = compose();
    // WHEN
    const published = view.findServices({ ports: Match.anyValue() });
    (published.nginx as { image: string }).image = 'changed';
    // THEN
    expect(Object.keys(published)).toEqual(['nginx']);
    expect(view.service('nginx').image).toBe('nginx:1.27-alpine');
  });

  test('returns every service without props and none when nothing matches', () => {
    expect(Object.keys(compose().findServices())).toEqual(['nginx', 'web']);
    expect(compose().findServices({ image: 'mysql:8' })).toEqual({});
  });
});

describe('hasNetwork and hasVolume', () => {
  test('pass for existing entries, with props matched like objectLike', () => {
    // GIVEN
    const view = compose();
    // THEN
    expect(() => view.hasNetwork('front')).not.toThrow();
    expect(() => view.hasNetwork('back', { internal: true })).not.toThrow();
    expect(() => view.hasVolume('static')).not.toThrow();
    expect(() => view.hasVolume('static', { external: Match.absent() })).not.toThrow();
  });

  test('fail with the closest name, or the differing path', () => {
    expect(failureOf(() => compose().hasNetwork('bak'))).toBe(
      'compose.yaml: no network "bak"; did you mean "back"? (networks: back, front)',
    );
    expect(failureOf(() => compose().hasNetwork('front', { internal: true }))).toBe(
      'compose.yaml: network "front" does not match:\n  networks.front.internal: expected true, but it is missing',
    );
    expect(failureOf(() => compose().hasVolume('logs'))).toBe(
      'compose.yaml: no volume "logs" (volumes: static)',
    );
  });

  test('say so when the file has no such section', () => {
    // GIVEN
    const view = Template.fromStack(
      stackWith({ 'compose.yaml': 'services:\n  web:\n    image: x\n' }),
    ).compose;
    // THEN
    expect(failureOf(() => view.hasVolume('data'))).toBe('compose.yaml: no volume "data" (no volumes)');
  });
});

describe('toJSON and the Swarm view', () => {
  test('toJSON is a copy of the parsed file', () => {
    // GIVEN
    const view = compose();
    // WHEN
    const json = view.toJSON();
    json.name = 'changed';
    // THEN
    expect(view.toJSON()).toMatchObject({ name: 'shop', services: { web: { deploy: { replicas: 3 } } } });
  });

  test('template.swarm asserts on the stack file with the same API and its own file name', () => {
    // GIVEN
    const swarm = Template.fromStack(shopStack()).swarm;
    // THEN
    expect(() => swarm.hasService('web', { deploy: { restart_policy: { condition: 'any' } } })).not.toThrow();
    expect(swarm.toJSON().version).toBe('3.13');
    expect(failureOf(() => swarm.hasService('web', { restart: 'always' }))).toBe(
      'stack.yaml: service "web" does not match:\n  services.web.restart: expected "always", but it is missing',
    );
  });
});
