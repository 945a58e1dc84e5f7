import { App, FlaskService, Stack, ValidationError } from '../../src';
import { Template } from '../../src/testing';
import { Flawed, failureOf, shopStack, stackWith } from './fixtures';

describe('Template.fromStack', () => {
  test('gives the text of each file, and says which files exist when asked for another', () => {
    // GIVEN
    const template = Template.fromStack(shopStack());
    // THEN
    expect(template.text('nginx.conf')).toContain('upstream web {');
    expect(Object.keys(template.files)).toEqual(['compose.yaml', 'nginx.conf', 'stack.yaml']);
    expect(failureOf(() => template.text('ngnix.conf'))).toBe(
      'stack "shop" has no file "ngnix.conf"; did you mean "nginx.conf"? (files: compose.yaml, nginx.conf, stack.yaml)',
    );
  });

  test('a view of an artifact the stack does not have fails with the files it does have', () => {
    // GIVEN
    const template = Template.fromStack(stackWith({ 'compose.yaml': 'services: {}\n' }));
    // THEN
    expect(failureOf(() => template.nginx)).toBe(
      'stack "shop" has no nginx artifact (files: compose.yaml (compose))',
    );
    expect(failureOf(() => template.swarm)).toBe(
      'stack "shop" has no swarm artifact (files: compose.yaml (compose))',
    );
  });

  test('throws the ValidationError of a program with errors, as app.synth() would', () => {
    // GIVEN
    const stack = shopStack();
    new Flawed(stack, 'broken', [{ level: 'error', message: 'cannot work' }]);
    // WHEN
    const attempt = () => Template.fromStack(stack);
    // THEN
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow('[shop/broken] cannot work');
  });

  test('works on what the library renders (FlaskService)', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'shop');
    new FlaskService(stack, 'web', { image: 'shop:1.4', port: 5000, replicas: 3 });
    // WHEN
    const template = Template.fromStack(stack);
    // THEN
    template.compose.hasService('web', { image: 'shop:1.4', expose: [5000], deploy: { replicas: 3 } });
    template.swarm.hasService('web', { deploy: { replicas: 3 } });
    expect(template.diagnostics.map((diagnostic) => diagnostic.level)).not.toContain('error');
  });
});
