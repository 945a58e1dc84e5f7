import { parse } from 'yaml';
import { needsQuotes, toYamlText } from '../../../src/model/compose/yaml-text';

describe('toYamlText', () => {
  test('writes a shared sub-object twice instead of an anchor and alias', () => {
    const shared = { retries: 3 };
    const text = toYamlText({ a: shared, b: shared });
    expect(text).not.toMatch(/[&*]/);
    expect(parse(text)).toEqual({ a: { retries: 3 }, b: { retries: 3 } });
  });

  test('quotes keys YAML 1.1 would read as booleans', () => {
    const text = toYamlText({ on: 'x', n: 'y' });
    expect(parse(text, { version: '1.1' })).toEqual({ on: 'x', n: 'y' });
  });

  test('writes multi-line strings as block scalars that read back exactly', () => {
    const content = 'events {}\nhttp {\n  server_tokens off;\n}\n';
    const text = toYamlText({ content });
    expect(text).toContain('content: |');
    expect(parse(text)).toEqual({ content });
  });
});

describe('needsQuotes', () => {
  test.each([
    'on',
    'Off',
    'yes',
    'N',
    'null',
    '~',
    '1.0',
    '08',
    '0x1F',
    '1e3',
    '.inf',
    '8080:80',
    '*x',
    '&y',
    '!z',
    '{{.Task.Slot}}',
    '',
    ' x',
    'a: b',
    '#x',
  ])('quotes %p', (text) => expect(needsQuotes(text)).toBe(true));
  test.each(['nginx', 'app:app', 'gunicorn.conf.py', 'backend.{{.Task.Slot}}', '-c', 'http://localhost/'])(
    'leaves %p plain',
    (text) => expect(needsQuotes(text)).toBe(false),
  );
});
