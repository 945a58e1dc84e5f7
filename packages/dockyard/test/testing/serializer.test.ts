import { App, FlaskService, Stack } from '../../src';
// The setup module a user lists in setupFilesAfterEnv: it installs the matchers and the serializer.
import '../../src/testing/jest-setup';
import { dockyardSerializer, Template } from '../../src/testing';
import { SHOP_COMPOSE, SHOP_NGINX, SHOP_STACK, shopStack } from './fixtures';

describe('dockyardSerializer', () => {
  test('prints a stack as a header line per file followed by the file text', () => {
    // GIVEN
    const stack = shopStack();
    const expected = [
      'Stack "shop" (3 files)',
      `=== compose.yaml ===\n${SHOP_COMPOSE.trimEnd()}`,
      `=== nginx.conf ===\n${SHOP_NGINX.trimEnd()}`,
      `=== stack.yaml ===\n${SHOP_STACK.trimEnd()}`,
    ].join('\n\n');
    // WHEN
    const printed = dockyardSerializer.serialize(stack, {}, '');
    // THEN
    expect(printed).toBe(expected);
    expect(dockyardSerializer.serialize(Template.fromStack(stack), {}, '')).toBe(expected);
    expect(stack).toMatchSnapshot();
  });

  test('applies only to stacks and templates', () => {
    expect(dockyardSerializer.test(shopStack())).toBe(true);
    expect(dockyardSerializer.test(Template.fromStack(shopStack()))).toBe(true);
    expect(dockyardSerializer.test({ files: {} })).toBe(false);
  });

  test('ends with the warnings of the synthesis, when there are any', () => {
    // GIVEN
    const stack = new Stack(new App(), 'shop');
    new FlaskService(stack, 'web', { image: 'shop:1.4' });
    // WHEN
    const printed = dockyardSerializer.serialize(stack, {}, '');
    // THEN
    expect(printed).toMatch(/\n\n=== diagnostics ===\ninfo: \[shop\/web\/Default\] deploy\.\w+: /);
  });
});
