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
    '-',
    '- x',
    '?',
    ': x',
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

  test('every line of text it lets through reads back as itself as a document, a value, an item and a key', () => {
    // Letters first and then the characters of shell commands and sentences, including every YAML indicator.
    const rest = [...'aAyYnNeE01 :#"\'$;&|()=<>!*?,[]{}%@`~-./\\\t+'];
    const lines = fc
      .tuple(fc.constantFrom(...'aAyYnNoOeEtT'), fc.string({ unit: fc.constantFrom(...rest), maxLength: 12 }))
      .map(([first, tail]) => first + tail);
    let letThrough = 0;
    fc.assert(
      fc.property(lines, (text) => {
        if (!isPlainlySafe(text)) return;
        letThrough++;
        for (const version of ['1.1', '1.2'] as const) {
          expect(parse(text, { version })).toBe(text);
          expect(parse(`k: ${text}`, { version })).toEqual({ k: text });
          expect(parse(`- ${text}`, { version })).toEqual([text]);
          expect(parse(`${text}: v`, { version })).toEqual({ [text]: 'v' });
        }
      }),
      { numRuns: 5000 },
    );
    // Most candidates are answered here, so the property above is about something.
    expect(letThrough).toBeGreaterThan(2000);
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
    'a #b',
    'a: b c',
    'run it ',
    'tab\there',
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
    'a#b c',
    'trap \'sleep 11; kill -TERM "$$child"\' TERM; "$$@" & child=$$!',
    'gunicorn --bind=0.0.0.0:8000 app:app',
  ])('answers %p', (text) => expect(isPlainlySafe(text)).toBe(true));
});
