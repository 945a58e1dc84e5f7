import {
  block,
  d,
  literalArg,
  NginxPrintError,
  parseNginx,
  printNginx,
  quoteArg,
} from '../../../src/model/nginx';
import { containsVariable } from '../../../src/model/values';

describe('quoteArg', () => {
  test.each([
    ['semicolon', 'a;b', '"a;b"'],
    ['opening brace', 'a{b', '"a{b"'],
    ['closing brace', 'a}b', '"a}b"'],
    ['double quote', 'a"b', '"a\\"b"'],
    ['single quote', "a'b", '"a\'b"'],
    ['hash', '#b', '"#b"'],
    ['backslash', 'a\\d', '"a\\\\d"'],
    ['space', 'a b', '"a b"'],
    ['newline', 'a\nb', '"a\\nb"'],
    ['carriage return', 'a\rb', '"a\\rb"'],
    ['tab', 'a\tb', '"a\\tb"'],
    ['empty string', '', '""'],
    ['non-breaking space', 'a\u00a0b', '"a\u00a0b"'],
    ['backslash before a quote', '\\"', '"\\\\\\""'],
  ])(
    'GIVEN an argument with a %s WHEN quoted THEN it is double-quoted with escapes',
    (_, value, expected) => {
      // WHEN
      const printed = quoteArg(value);

      // THEN
      expect(printed).toBe(expected);
    },
  );

  test.each([
    ['a variable', '$host'],
    ['a variable inside a URL', 'http://$backends:5090'],
    ['parentheses', '(a|b)'],
    ['unicode', 'héllo✓日本'],
    ['an emoji (surrogate pair)', '🚢'],
    ['a path', '/usr/share/nginx/html'],
  ])('GIVEN %s WHEN quoted THEN it stays bare', (_, value) => {
    // WHEN / THEN
    expect(quoteArg(value)).toBe(value);
  });

  test('GIVEN a quoted argument with "$" WHEN quoted THEN the "$" is kept as is', () => {
    // WHEN / THEN
    expect(quoteArg('$scheme://$host a')).toBe('"$scheme://$host a"');
  });

  test.each([
    ['NUL', 'a\u0000b', 'U+0000'],
    ['escape', '\u001b[31m', 'U+001B'],
    ['DEL', 'a\u007f', 'U+007F'],
    ['vertical tab', 'a\u000bb', 'U+000B'],
  ])('GIVEN a %s control character WHEN quoted THEN it is refused', (_, value, code) => {
    // WHEN / THEN
    expect(() => quoteArg(value)).toThrow(NginxPrintError);
    expect(() => quoteArg(value)).toThrow(code);
  });

  test('GIVEN a lone surrogate WHEN quoted THEN it is refused', () => {
    // WHEN / THEN
    expect(() => quoteArg('a\ud800b')).toThrow('lone UTF-16 surrogate');
    expect(() => quoteArg('\udc00')).toThrow('lone UTF-16 surrogate');
  });
});

describe('printNginx', () => {
  test('GIVEN a nested config WHEN printed THEN it uses 4 spaces, blank lines around blocks and a trailing LF', () => {
    // GIVEN
    const config = [
      d('worker_processes', '2'),
      block('events', [], []),
      block(
        'http',
        [],
        [
          d('server_tokens', 'off'),
          block('upstream', ['app'], [d('server', 'app:8000'), d('server', 'spare:8000', 'backup')]),
          block(
            'server',
            [],
            [
              d('listen', '80'),
              block('location', ['/'], [d('proxy_pass', 'http://app')]),
              block('location', ['=', '/50x.html'], [d('root', '/usr/share/nginx/html')]),
            ],
          ),
        ],
      ),
    ];

    // WHEN
    const text = printNginx(config);

    // THEN
    expect(text).toBe(
      [
        'worker_processes 2;',
        '',
        'events {}',
        '',
        'http {',
        '    server_tokens off;',
        '',
        '    upstream app {',
        '        server app:8000;',
        '        server spare:8000 backup;',
        '    }',
        '',
        '    server {',
        '        listen 80;',
        '',
        '        location / {',
        '            proxy_pass http://app;',
        '        }',
        '',
        '        location = /50x.html {',
        '            root /usr/share/nginx/html;',
        '        }',
        '    }',
        '}',
        '',
      ].join('\n'),
    );
  });

  test('GIVEN an empty config WHEN printed THEN the output is empty', () => {
    // WHEN / THEN
    expect(printNginx([])).toBe('');
  });

  test('GIVEN a value that tries to close the directive and add another WHEN printed THEN it stays one argument', () => {
    // GIVEN
    const hostile = 'x; } server { listen 6666; location / { return 200 pwned';
    const config = [block('location', ['/'], [d('add_header', 'X-Test', hostile)])];

    // WHEN
    const reparsed = parseNginx(printNginx(config));

    // THEN
    expect(reparsed).toEqual(config);
    expect(printNginx(config)).toContain(
      'add_header X-Test "x; } server { listen 6666; location / { return 200 pwned";',
    );
  });

  test('GIVEN a value with a newline WHEN printed THEN the directive stays on one line', () => {
    // GIVEN
    const config = [d('return', '200', 'line1\nline2;\n# not a comment')];

    // WHEN
    const text = printNginx(config);

    // THEN
    expect(text).toBe('return 200 "line1\\nline2;\\n# not a comment";\n');
  });

  test.each(['Add_Header', 'proxy-pass', '', '1abc', 'a b', 'a;', 'x{', '....', 'text/html'])(
    'GIVEN the directive name %j WHEN printed THEN it is refused',
    (name) => {
      // WHEN / THEN
      expect(() => printNginx([d(name)])).toThrow(NginxPrintError);
    },
  );

  test('GIVEN an unprintable argument deep in the tree WHEN printed THEN the error names directive, argument and place', () => {
    // GIVEN
    const config = [block('http', [], [block('server', [], [d('add_header', 'X-A', 'ok\u0000')])])];

    // WHEN
    let caught: unknown;
    try {
      printNginx(config);
    } catch (error) {
      caught = error;
    }

    // THEN
    expect(caught).toBeInstanceOf(NginxPrintError);
    const error = caught as NginxPrintError;
    expect(error.directive).toBe('add_header');
    expect(error.argument).toBe(2);
    expect(error.message).toContain('"add_header" argument 2 (in http > server)');
    expect(error.message).toContain('U+0000');
  });

  test.each([
    [['$request_method', '=', 'POST'], 'if ($request_method = POST) {}'],
    [['$http_x', '=', 'a b'], 'if ($http_x = "a b") {}'],
    [['$a b', '=', 'x'], 'if ( "$a b" = x) {}'],
    [['$slow'], 'if ($slow) {}'],
    [['a b'], 'if ( "a b") {}'],
    [['$uri', '~', '(a|b)'], 'if ($uri ~ (a|b)) {}'],
  ])('GIVEN an if with args %j WHEN printed THEN the condition is parenthesised', (args, expected) => {
    // WHEN
    const text = printNginx([block('if', args, [])]);

    // THEN
    expect(text).toBe(`${expected}\n`);
  });

  test('GIVEN an if without a condition WHEN printed THEN it is refused', () => {
    // WHEN / THEN
    expect(() => printNginx([block('if', [], [])])).toThrow('needs a condition');
  });

  test('GIVEN a map with keys that are not directive names WHEN printed THEN the keys are quoted like arguments', () => {
    // GIVEN
    const config = [
      block(
        'map',
        ['$http_upgrade', '$connection_upgrade'],
        [d('default', 'upgrade'), d('', 'close'), d('~^a b', '1')],
      ),
    ];

    // WHEN
    const text = printNginx(config);

    // THEN
    expect(text).toBe(
      'map $http_upgrade $connection_upgrade {\n    default upgrade;\n    "" close;\n    "~^a b" 1;\n}\n',
    );
  });
});

describe('literal arguments', () => {
  test('GIVEN strings with and without "$" WHEN checked THEN only those with "$" contain a variable', () => {
    // WHEN / THEN
    expect(containsVariable('price: $5')).toBe(true);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: nginx's own ${variable} syntax, not a template
    expect(containsVariable('${host}')).toBe(true);
    expect(containsVariable('plain text')).toBe(false);
  });

  test('GIVEN a literal without "$" WHEN marked THEN it is returned unchanged', () => {
    // WHEN / THEN
    expect(literalArg('hello; world')).toBe('hello; world');
  });

  test('GIVEN a literal with "$" WHEN marked THEN it is refused with the value named', () => {
    // WHEN / THEN
    expect(() => literalArg('cost $5', 'header value')).toThrow('header value "cost $5" contains "$"');
  });
});
