import fc from 'fast-check';
import { parse } from 'yaml';
import { isPlainlySafe, needsQuotes, toYamlText } from '../../../src/model/compose/yaml-text';

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

describe('isPlainlySafe (the fast path of needsQuotes)', () => {
  // Strings over the characters the fast path accepts, plus the ones that make YAML read a string as
  // something else (space, `#`, `~`, `+`, `e`/`E` of exponents), so both answers come up often.
  const alphabet = [...'aAyYnNoOfFtTlLsSeEx019_./-: #~+'];
  const candidates = fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 8 });

  test('every string it lets through reads back as itself in YAML 1.1 and 1.2, as the full check says', () => {
    fc.assert(
      fc.property(candidates, (text) => {
        if (!isPlainlySafe(text)) return;
        for (const version of ['1.1', '1.2'] as const) expect(parse(text, { version })).toBe(text);
      }),
      { numRuns: 5000 },
    );
  });

  test.each([
    'yes',
    'Off',
    'NULL',
    'n',
    'True',
    'e1',
    'E10',
    '-e1',
    '---a',
    '-',
    '/a:b',
    'a:',
    'a: b',
    '1a',
    '.inf',
    'a#b c',
    '',
  ])('sends %p to the full check', (text) => expect(isPlainlySafe(text)).toBe(false));

  test.each([
    'nginx:1.22',
    'app:app',
    'http://web/x',
    'gunicorn.conf.py',
    'shop-web_1',
    '--bind',
    '-c',
    '/dev/null',
    './nginx.conf',
    '../../flask-app',
  ])('answers %p', (text) => expect(isPlainlySafe(text)).toBe(true));
});
