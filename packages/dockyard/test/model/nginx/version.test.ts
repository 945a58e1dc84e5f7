import { compareVersions, minimumNginxVersion, parseNginx } from '../../../src/model/nginx';

describe('compareVersions', () => {
  test.each([
    ['1.9.0', '1.11.5', -1],
    ['1.27.3', '1.22.1', 1],
    ['1.22', '1.22.0', 0],
    ['1.1.10', '1.1.9', 1],
    ['2', '1.99.99', 1],
  ])('GIVEN %s and %s WHEN compared THEN the result is %d', (a, b, expected) => {
    // WHEN / THEN
    expect(compareVersions(a, b)).toBe(expected);
  });

  test('GIVEN versions WHEN sorted with compareVersions THEN the order is numeric, not lexical', () => {
    // WHEN / THEN
    expect(['1.27.3', '1.9.0', '1.11.10', '1.1.4'].sort(compareVersions)).toEqual([
      '1.1.4',
      '1.9.0',
      '1.11.10',
      '1.27.3',
    ]);
  });

  test.each(['', '1.x', 'v1.2', '1..2'])('GIVEN %j WHEN compared THEN it is rejected', (bad) => {
    // WHEN / THEN
    expect(() => compareVersions(bad, '1.0')).toThrow('not an nginx version');
  });
});

/** The minimum version for a config written as nginx text. */
const minimum = (text: string) => minimumNginxVersion(parseNginx(text));

describe('minimumNginxVersion', () => {
  test.each([
    ['upstream u { zone u 64k; server a:1 resolve; }', '1.27.3'],
    ['upstream u { zone u 64k; server a:1; }', '1.9.0'],
    ['resolver 127.0.0.11 ipv6=off;', '1.5.8'],
    ['http { keepalive_time 1h; }', '1.19.10'],
    ['upstream u { keepalive_time 1h; }', '1.19.10'],
    ['location / { proxy_cache_background_update on; }', '1.11.10'],
    ['upstream u { random; }', '1.15.1'],
    ['upstream u { random two least_conn; }', '1.15.1'],
    ['upstream u { hash $request_uri consistent; }', '1.7.2'],
    ['location / { proxy_http_version 1.1; }', '1.1.4'],
    ['upstream u { keepalive 16; }', '1.1.4'],
    ['upstream u { server a:1 max_conns=10; }', '1.11.5'],
    ['upstream u { resolver 127.0.0.11; server a:1 resolve; }', '1.27.3'],
  ])('GIVEN %j WHEN analysed THEN it needs nginx %s', (text, version) => {
    // WHEN / THEN
    expect(minimum(text).version).toBe(version);
  });

  test('GIVEN a config with no versioned feature WHEN analysed THEN any version will do and there is no reason', () => {
    // WHEN / THEN
    expect(minimum('upstream u { server a:1 backup; } server { listen 80; }')).toEqual({
      version: '0.0.0',
      because: [],
    });
  });

  test('GIVEN several features WHEN analysed THEN the newest wins and "because" names only what forces it', () => {
    // GIVEN
    const text = `
      resolver 127.0.0.11 ipv6=off valid=10s;
      upstream a { zone a 64k; keepalive 8; server x:1 resolve; }
      upstream b { zone b 64k; server y:1 resolve service=http; }`;

    // WHEN
    const { version, because } = minimum(text);

    // THEN
    expect(version).toBe('1.27.3');
    expect(because).toHaveLength(2);
    expect(because[0]).toContain('"resolve" of "server" in "upstream" needs nginx >= 1.27.3');
    expect(because[1]).toContain('"service=" of "server" in "upstream"');
  });

  test('GIVEN a directive outside the block that makes it versioned WHEN analysed THEN it does not count', () => {
    // WHEN / THEN: "resolver" at http level is old; in an upstream it is new.
    expect(minimum('http { resolver 127.0.0.11; }').version).toBe('0.0.0');
    expect(minimum('http { upstream u { resolver 127.0.0.11; } }').version).toBe('1.27.3');
    expect(minimum('server { listen 80 resolve; }').version).toBe('0.0.0');
  });
});
