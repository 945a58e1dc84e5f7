import { nginxVar } from '../../../src';
import { HeaderValueSchema, NginxValueSchema, renderValue } from '../../../src/constructs/nginx/values';

describe('nginx values', () => {
  test('a variable renders as $name alone and braced inside a concatenation', () => {
    // GIVEN
    const alone = nginxVar('host');
    const joined = ['v1-', nginxVar('request_id'), 'x'];
    // WHEN / THEN
    expect(renderValue(alone)).toBe('$host');
    expect(renderValue(joined)).toBe(`v1-\${request_id}x`);
    expect(renderValue([nginxVar('scheme')])).toBe('$scheme');
    expect(renderValue('plain text')).toBe('plain text');
  });

  test('literal text may not contain "$": nginx has no escape for it', () => {
    // WHEN
    const literal = NginxValueSchema.safeParse('price: $5');
    const part = NginxValueSchema.safeParse(['a', '$b']);
    const variable = NginxValueSchema.safeParse(nginxVar('b'));
    // THEN
    expect(literal.success).toBe(false);
    expect(part.success).toBe(false);
    expect(variable.success).toBe(true);
  });

  test('header values refuse CR, LF and control characters but allow tabs; bodies may hold newlines', () => {
    // WHEN / THEN
    expect(HeaderValueSchema.safeParse('a\r\nb').success).toBe(false);
    expect(HeaderValueSchema.safeParse('a\nb').success).toBe(false);
    expect(HeaderValueSchema.safeParse('a\u0000b').success).toBe(false);
    expect(HeaderValueSchema.safeParse('a\tb').success).toBe(true);
    expect(NginxValueSchema.safeParse('line 1\nline 2').success).toBe(true);
    expect(NginxValueSchema.safeParse('bell\u0007').success).toBe(false);
  });

  test('variable names are checked', () => {
    // WHEN / THEN
    expect(NginxValueSchema.safeParse(nginxVar('host; evil')).success).toBe(false);
    expect(NginxValueSchema.safeParse(nginxVar('http_x_real_ip')).success).toBe(true);
  });
});
