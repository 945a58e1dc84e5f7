import { Capture, Match, Template } from '../../src/testing';
import { failureOf, shopStack } from './fixtures';

describe('Capture', () => {
  test('captures a value from a successful assertion, typed by the as* accessors', () => {
    // GIVEN
    const compose = Template.fromStack(shopStack()).compose;
    const image = new Capture();
    const replicas = new Capture();
    const environment = new Capture();
    const command = new Capture();
    // WHEN
    compose.hasService('web', { image, deploy: { replicas }, environment, command });
    // THEN
    expect(image.asString()).toBe('shop:1.4');
    expect(replicas.asNumber()).toBe(3);
    expect(environment.asObject()).toEqual({ FLASK_ENV: 'production', HOME_DIR: '$$HOME' });
    expect(command.asArray()).toContain('app:app');
  });

  test('keeps one value per matching service; next() steps through them', () => {
    // GIVEN
    const compose = Template.fromStack(shopStack()).compose;
    const image = new Capture();
    // WHEN
    compose.findServices({ image });
    // THEN
    expect(image.asString()).toBe('nginx:1.27-alpine');
    expect(image.next()).toBe(true);
    expect(image.asString()).toBe('shop:1.4');
    expect(image.next()).toBe(false);
    expect(image.asString()).toBe('shop:1.4');
    expect(image.captured).toEqual(['nginx:1.27-alpine', 'shop:1.4']);
  });

  test('keeps nothing from an assertion that failed, even where its own part matched', () => {
    // GIVEN
    const compose = Template.fromStack(shopStack()).compose;
    const image = new Capture();
    // WHEN
    failureOf(() => compose.hasService('web', { image, deploy: { replicas: 5 } }));
    // THEN
    expect(image.captured).toEqual([]);
    expect(() => image.asString()).toThrow(
      'Capture: nothing was captured (no successful match used this Capture)',
    );
  });

  test('says what it holds when read as the wrong type', () => {
    // GIVEN
    const replicas = new Capture();
    Template.fromStack(shopStack()).compose.hasService('web', { deploy: { replicas } });
    // THEN
    expect(() => replicas.asString()).toThrow('Capture: expected a string, got 3 (value 1 of 1)');
    expect(() => replicas.asBoolean()).toThrow('Capture: expected a boolean, got 3');
    expect(() => replicas.asObject()).toThrow('Capture: expected an object, got 3');
  });

  test('with a pattern, captures only values that also match it', () => {
    // GIVEN
    const compose = Template.fromStack(shopStack()).compose;
    const flaskImage = new Capture(Match.stringLikeRegexp('^shop:'));
    // WHEN
    const found = compose.findServices({ image: flaskImage });
    // THEN
    expect(Object.keys(found)).toEqual(['web']);
    expect(flaskImage.captured).toEqual(['shop:1.4']);
  });

  test('fails the match on a missing or null value, and explains a pattern mismatch', () => {
    // GIVEN
    const compose = Template.fromStack(shopStack()).compose;
    // WHEN
    const missing = failureOf(() => compose.hasService('web', { ports: new Capture() }));
    const mismatch = failureOf(() => compose.hasService('web', { deploy: new Capture({ replicas: 4 }) }));
    // THEN
    expect(missing).toContain('services.web.ports: expected Capture(), but it is missing');
    expect(mismatch).toContain('services.web.deploy.replicas: expected 4, got 3');
    expect(new Capture().test(null).failures[0]?.message).toBe('expected a value to capture, got null');
  });
});
