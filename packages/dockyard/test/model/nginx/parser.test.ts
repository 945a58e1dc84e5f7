import { NginxParseError, parseNginx } from '../../../src/model/nginx';

/** Parses `text`, expecting a failure, and returns the error for inspection. */
function parseError(text: string): NginxParseError {
  try {
    parseNginx(text);
  } catch (error) {
    if (error instanceof NginxParseError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} not to parse`);
}

/** The arguments of the only directive in `text`. */
function argsOf(text: string): string[] {
  const config = parseNginx(text);
  expect(config).toHaveLength(1);
  return config[0]?.args ?? [];
}

describe('parseNginx: structure', () => {
  test('GIVEN simple and block directives WHEN parsed THEN blocks nest and simple directives have no block', () => {
    // GIVEN
    const text = 'worker_processes 2;\nevents {}\nhttp { server { listen 80; } }\n';

    // WHEN
    const config = parseNginx(text);

    // THEN
    expect(config).toEqual([
      { name: 'worker_processes', args: ['2'] },
      { name: 'events', args: [], block: [] },
      {
        name: 'http',
        args: [],
        block: [{ name: 'server', args: [], block: [{ name: 'listen', args: ['80'] }] }],
      },
    ]);
    expect(Object.keys(config[0] as object)).toEqual(['name', 'args']);
  });

  test('GIVEN an empty text or only comments WHEN parsed THEN the config is empty', () => {
    // WHEN / THEN
    expect(parseNginx('')).toEqual([]);
    expect(parseNginx('# nothing here\n   \n')).toEqual([]);
  });

  test('GIVEN comments in several places WHEN parsed THEN they are dropped, but "#" inside a word or string is kept', () => {
    // GIVEN
    const text = [
      '# leading comment',
      'listen 80; # trailing comment',
      '    # indented comment { ; }',
      'add_header X-A a#b;',
      'add_header X-B "#not a comment";',
      'server_name#x;',
    ].join('\n');

    // WHEN
    const config = parseNginx(text);

    // THEN
    expect(config).toEqual([
      { name: 'listen', args: ['80'] },
      { name: 'add_header', args: ['X-A', 'a#b'] },
      { name: 'add_header', args: ['X-B', '#not a comment'] },
      { name: 'server_name#x', args: [] },
    ]);
  });

  test('GIVEN CRLF line endings and tabs WHEN parsed THEN they separate words like spaces', () => {
    // WHEN / THEN
    expect(parseNginx('listen\t80;\r\nserver_name a\r\n b;\r\n')).toEqual([
      { name: 'listen', args: ['80'] },
      { name: 'server_name', args: ['a', 'b'] },
    ]);
  });
});

describe('parseNginx: words, quotes and escapes', () => {
  test.each([
    ['double quotes keep spaces and specials', 'add_header X "a b;c{d}#e";', ['X', 'a b;c{d}#e']],
    ['single quotes work the same', 'add_header X \'a "b" c\';', ['X', 'a "b" c']],
    ['an empty string is an argument', 'proxy_set_header Connection "";', ['Connection', '']],
    ['\\" \\\' and \\\\ are un-escaped', `return 200 "a\\"b\\'c\\\\d";`, ['200', 'a"b\'c\\d']],
    ['\\n \\t \\r become control characters', 'return 200 "a\\nb\\tc\\rd";', ['200', 'a\nb\tc\rd']],
    ['other escapes keep their backslash', 'location ~ "^/a\\d+$";', ['~', '^/a\\d+$']],
    ['a raw newline inside quotes is kept', 'return 200 "a\nb";', ['200', 'a\nb']],
    ['"}" inside a bare word is literal', 'return 200 a}b;', ['200', 'a}b']],
    ['a quote inside a bare word is literal', `return 200 a"b'c;`, ['200', `a"b'c`]],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: nginx's own ${variable} syntax, not a template
    ['"${" keeps a brace inside a bare word', 'return 200 ${host}x;', ['200', '${host}x']],
    ['a backslash escapes a space in a bare word', 'return 200 a\\ b;', ['200', 'a\\ b']],
    ['escapes are resolved in bare words too', 'return 200 a\\"b;', ['200', 'a"b']],
    ['a closing quote may be followed by "{"', 'location "/a b"{}', ['/a b']],
    ['unicode passes through', 'return 200 "héllo ✓ 🚢";', ['200', 'héllo ✓ 🚢']],
  ])('GIVEN %s WHEN parsed THEN the arguments are as nginx reads them', (_, text, expected) => {
    // WHEN / THEN
    expect(argsOf(text)).toEqual(expected);
  });

  test('GIVEN a bare "{" in a word WHEN parsed THEN it opens a block, as in nginx', () => {
    // WHEN
    const config = parseNginx('location a{b;}');

    // THEN
    expect(config).toEqual([{ name: 'location', args: ['a'], block: [{ name: 'b', args: [] }] }]);
  });
});

describe('parseNginx: if, map and types', () => {
  test.each([
    ['if ($request_method = POST) { return 405; }', ['$request_method', '=', 'POST']],
    ['if ($http_x ~* "^a b$") {}', ['$http_x', '~*', '^a b$']],
    ['if ( $slow ) {}', ['$slow']],
    ['if ($slow) {}', ['$slow']],
    ['if ( "$a b" = x) {}', ['$a b', '=', 'x']],
    ['if ($uri ~ (a|b)) {}', ['$uri', '~', '(a|b)']],
    ['if (-f $request_filename) {}', ['-f', '$request_filename']],
  ])('GIVEN %j WHEN parsed THEN the parentheses are removed from the condition', (text, expected) => {
    // WHEN
    const [directive] = parseNginx(text);

    // THEN
    expect(directive?.name).toBe('if');
    expect(directive?.args).toEqual(expected);
  });

  test.each([
    ['if $a {}', 'must start with "("'],
    ['if ($a {}', 'must end with ")"'],
    ['if () {}', 'is empty'],
  ])('GIVEN the malformed condition %j WHEN parsed THEN it is an error', (text, message) => {
    // WHEN
    const error = parseError(text);

    // THEN
    expect(error.line).toBe(1);
    expect(error.message).toContain(message);
  });

  test('GIVEN a map block WHEN parsed THEN each entry is a directive whose name is the key', () => {
    // GIVEN
    const text = [
      'map $http_upgrade $connection_upgrade {',
      '    hostnames;',
      '    default upgrade;',
      "    ''      close;",
      '    ~^/a(b) "x y";',
      '    if      (unchanged);',
      '}',
    ].join('\n');

    // WHEN
    const [map] = parseNginx(text);

    // THEN
    expect(map?.args).toEqual(['$http_upgrade', '$connection_upgrade']);
    expect(map?.block).toEqual([
      { name: 'hostnames', args: [] },
      { name: 'default', args: ['upgrade'] },
      { name: '', args: ['close'] },
      { name: '~^/a(b)', args: ['x y'] },
      { name: 'if', args: ['(unchanged)'] },
    ]);
  });

  test('GIVEN a types block WHEN parsed THEN MIME types are entry names', () => {
    // WHEN
    const [types] = parseNginx('types {\n    text/html html htm;\n    application/json json;\n}\n');

    // THEN
    expect(types?.block).toEqual([
      { name: 'text/html', args: ['html', 'htm'] },
      { name: 'application/json', args: ['json'] },
    ]);
  });
});

describe('parseNginx: errors carry the line number', () => {
  test.each([
    [
      'a directive without ";"',
      'listen 80;\nserver_name a\n',
      2,
      'directive "server_name" is not terminated by ";"',
    ],
    [
      'a block left open',
      'http {\n    server {\n    }\n',
      4,
      'expecting "}" to close the block opened on line 1',
    ],
    ['a stray "}"', 'listen 80;\n\n}\n', 3, 'unexpected "}"'],
    ['a "}" before ";"', 'http {\n    listen 80\n}\n', 3, 'directive "listen" is not terminated by ";"'],
    ['a lone ";"', 'listen 80;\n;\n', 2, 'unexpected ";"'],
    ['a "{" without a name', 'http {\n    {\n}}\n', 2, 'unexpected "{"'],
    [
      'text glued to a closing quote',
      'listen 80;\nadd_header X "a"b;\n',
      2,
      'unexpected "b" right after a closing quote',
    ],
    [
      'a "}" glued to a closing quote',
      'http { return 200 "a"}\n',
      1,
      'unexpected "}" right after a closing quote',
    ],
    ['an unterminated string', 'listen 80;\nreturn 200 "abc;\n\n}\n', 2, 'inside a string opened with "'],
    ['a line count through a multi-line string', 'return 200 "a\nb\nc";\noops "x"y;\n', 4, 'unexpected "y"'],
    ['a line count through an escaped newline', 'return 200 a\\\nb;\noops "x"y;\n', 3, 'unexpected "y"'],
  ])('GIVEN %s WHEN parsed THEN the error names the line', (_, text, line, message) => {
    // WHEN
    const error = parseError(text);

    // THEN
    expect(error).toBeInstanceOf(NginxParseError);
    expect(error.line).toBe(line);
    expect(error.message).toContain(`line ${line}:`);
    expect(error.message).toContain(message);
  });
});
