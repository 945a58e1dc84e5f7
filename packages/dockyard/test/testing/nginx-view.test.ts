import { App, Location, NginxConfig, Server, Stack, Upstream } from '../../src';
import { Capture, Match, Template } from '../../src/testing';
import { failureOf, shopStack, stackWith } from './fixtures';

const nginx = () => Template.fromStack(shopStack()).nginx;

describe('upstream', () => {
  test('reads servers with typed parameters and the balancing method', () => {
    // WHEN
    const web = nginx().upstream('web');
    const api = nginx().upstream('api');
    // THEN
    expect(web.servers).toEqual([
      { address: 'web-1:5000', max_fails: 3, fail_timeout: '10s' },
      { address: 'web-2:5000', weight: 2 },
      { address: 'spare:5000', backup: true },
    ]);
    expect(web.method).toBe('least_conn');
    expect(api.method).toBe('round-robin');
  });

  test('reads hash and random with their arguments', () => {
    // GIVEN
    const conf =
      'upstream a { hash $request_uri consistent; server a:1; }\nupstream b { random two least_conn; }\n';
    const view = Template.fromStack(stackWith({ 'nginx.conf': conf })).nginx;
    // THEN
    expect([view.upstream('a').method, view.upstream('a').methodArgs]).toEqual([
      'hash',
      ['$request_uri', 'consistent'],
    ]);
    expect([view.upstream('b').method, view.upstream('b').methodArgs]).toEqual([
      'random',
      ['two', 'least_conn'],
    ]);
  });
});

describe('hasUpstream', () => {
  test('passes for the servers in any order, addresses alone or with parameters', () => {
    expect(() =>
      nginx().hasUpstream('web', {
        servers: [
          { address: 'spare:5000', backup: true },
          'web-2:5000',
          { address: 'web-1:5000', backup: false },
        ],
        method: 'least_conn',
      }),
    ).not.toThrow();
    expect(() => nginx().hasUpstream('api')).not.toThrow();
  });

  test('lists missing and unexpected servers, and the servers there are', () => {
    // WHEN
    const message = failureOf(() =>
      nginx().hasUpstream('web', { servers: ['web-1:5000', 'web-3:5000', 'spare:5000'] }),
    );
    // THEN
    expect(message).toBe(
      [
        'nginx.conf: upstream "web" does not match:',
        '  servers: missing "web-3:5000"',
        '  servers: unexpected "web-2:5000"',
        '  (servers: web-1:5000 max_fails=3 fail_timeout=10s, web-2:5000 weight=2, spare:5000 backup)',
      ].join('\n'),
    );
  });

  test('names each parameter that differs, and a flag that must not be set', () => {
    // WHEN
    const message = failureOf(() =>
      nginx().hasUpstream('web', {
        servers: [
          'web-1:5000',
          { address: 'web-2:5000', weight: 3 },
          { address: 'spare:5000', backup: false },
        ],
      }),
    );
    // THEN
    expect(message).toContain('  server "web-2:5000":\n    weight: expected 3, got 2');
    expect(message).toContain('  server "spare:5000":\n    backup: expected it to be absent, got true');
  });

  test('reports the method with both values, and refuses an unknown method', () => {
    expect(failureOf(() => nginx().hasUpstream('api', { method: 'ip_hash' }))).toBe(
      'nginx.conf: upstream "api" does not match:\n  method: expected "ip_hash", got "round-robin"\n  (servers: api:8000)',
    );
    // A JavaScript caller can pass any string.
    expect(() => nginx().hasUpstream('api', { method: 'least-conn' as never })).toThrow(
      'method must be one of round-robin, least_conn, ip_hash, hash, random, got "least-conn"',
    );
  });

  test('suggests the closest upstream name', () => {
    expect(failureOf(() => nginx().hasUpstream('wbe'))).toBe(
      'nginx.conf: no upstream "wbe"; did you mean "web"? (upstreams: api, web)',
    );
  });

  test('takes a matcher over the parsed servers', () => {
    // GIVEN
    const weight = new Capture();
    // WHEN
    nginx().hasUpstream('web', {
      servers: Match.arrayWith([Match.objectLike({ address: 'web-2:5000', weight })]),
    });
    const message = failureOf(() =>
      nginx().hasUpstream('api', { servers: Match.arrayWith([{ address: 'x:1' }]) }),
    );
    // THEN
    expect(weight.asNumber()).toBe(2);
    expect(message).toContain(
      'servers: expected an item matching {"address": "x:1"} (pattern item 0), found none',
    );
  });
});

describe('hasLocation', () => {
  test('passes for directives given by name, a string matching one occurrence', () => {
    expect(() =>
      nginx().hasLocation('/', { proxy_pass: 'http://web', proxy_set_header: 'X-Real-IP $remote_addr' }),
    ).not.toThrow();
    expect(() => nginx().hasLocation('= /50x.html', { root: '/usr/share/nginx/html' })).not.toThrow();
    expect(() => nginx().hasLocation('/static')).not.toThrow();
  });

  test('explains a differing directive, a missing one and a repeated one', () => {
    expect(failureOf(() => nginx().hasLocation('/static', { alias: '/srv/static/', gzip: 'on' }))).toBe(
      [
        'nginx.conf: location "/static" does not match:',
        '  alias: expected "/srv/static/", got "/app/static/"',
        '  gzip: expected "on", but there is no gzip directive',
      ].join('\n'),
    );
    expect(failureOf(() => nginx().hasLocation('/', { proxy_set_header: 'Host $http_host' }))).toContain(
      'proxy_set_header: expected an occurrence matching "Host $http_host", got "Host $host", "X-Real-IP $remote_addr"',
    );
  });

  test('Match.absent and Match.not look at every occurrence', () => {
    // GIVEN
    const view = nginx();
    // THEN
    expect(() =>
      view.hasLocation('/', { proxy_buffering: Match.absent(), proxy_set_header: Match.not('Host x') }),
    ).not.toThrow();
    expect(failureOf(() => view.hasLocation('/', { proxy_set_header: Match.absent() }))).toContain(
      'proxy_set_header: expected no proxy_set_header directive, got "Host $host", "X-Real-IP $remote_addr"',
    );
    expect(
      failureOf(() => view.hasLocation('/', { proxy_set_header: Match.not(Match.stringLikeRegexp('^X-')) })),
    ).toContain(
      'proxy_set_header: expected no occurrence matching stringLikeRegexp(/^X-/m), got "X-Real-IP $remote_addr"',
    );
  });

  test('an array or Match.arrayWith under a name compares the list of occurrences', () => {
    expect(() =>
      nginx().hasLocation('/', { proxy_set_header: ['Host $host', 'X-Real-IP $remote_addr'] }),
    ).not.toThrow();
    expect(failureOf(() => nginx().hasLocation('/', { proxy_set_header: ['Host $host'] }))).toContain(
      'proxy_set_header[1]: unexpected item "X-Real-IP $remote_addr" (expected 1 item(s))',
    );
  });

  test('a matcher as props applies to the parsed directives', () => {
    // GIVEN
    const pass = Match.arrayWith([{ name: 'proxy_pass', args: ['http://web'] }]);
    // THEN
    expect(() => nginx().hasLocation('/', pass)).not.toThrow();
    expect(failureOf(() => nginx().hasLocation('/static', pass))).toContain(
      'expected an item matching {"name": "proxy_pass", "args": ["http://web"]} (pattern item 0), found none',
    );
  });

  test('suggests the closest location path and lists them', () => {
    expect(failureOf(() => nginx().hasLocation('/statc'))).toBe(
      'nginx.conf: no location "/statc"; did you mean "/static"? (locations: /, /api/, /static, /legacy, = /50x.html)',
    );
  });

  test('with the same path in several servers, one match is enough and a failure shows the closest', () => {
    // GIVEN
    const conf =
      'server { listen 80; location / { return 301 https://$host$request_uri; } }\n' +
      'server { listen 443; location / { proxy_pass http://web; proxy_redirect off; } }\n' +
      'upstream web { server web:5000; }\n';
    const view = Template.fromStack(stackWith({ 'nginx.conf': conf })).nginx;
    // THEN
    expect(() => view.hasLocation('/', { proxy_pass: 'http://web' })).not.toThrow();
    expect(
      failureOf(() => view.hasLocation('/', { proxy_pass: 'http://web', proxy_redirect: 'default' })),
    ).toBe(
      [
        'nginx.conf: location "/" does not match (closest of 2 such locations):',
        '  proxy_redirect: expected "default", got "off"',
      ].join('\n'),
    );
  });
});

describe('routesTo', () => {
  test('passes when the location passes to a defined upstream', () => {
    expect(() => nginx().routesTo('/', 'web')).not.toThrow();
    expect(() => nginx().routesTo('/api/', 'api')).not.toThrow();
  });

  test('says where the location goes instead', () => {
    expect(failureOf(() => nginx().routesTo('/', 'api'))).toBe(
      'nginx.conf: location "/" does not route to upstream "api": it has proxy_pass http://web',
    );
    expect(failureOf(() => nginx().routesTo('/static', 'web'))).toBe(
      'nginx.conf: location "/static" does not route to upstream "web": it has no *_pass directive',
    );
  });

  test('fails when the name it passes to is not an upstream, since nginx would resolve it as a host', () => {
    // GIVEN
    const conf =
      'http { server { location / { proxy_pass http://web:5000; } location /x { proxy_pass http://db; } } }\n';
    const view = Template.fromStack(stackWith({ 'nginx.conf': conf })).nginx;
    // THEN
    expect(failureOf(() => view.routesTo('/', 'web'))).toBe(
      'nginx.conf: location "/" does not route to upstream "web": it has proxy_pass http://web:5000',
    );
    expect(failureOf(() => view.routesTo('/x', 'db'))).toBe(
      'nginx.conf: location "/x" has proxy_pass http://db, but there is no upstream "db", so nginx would resolve it as a host name (no upstreams)',
    );
  });
});

describe('with the nginx constructs', () => {
  test('asserts on what NginxConfig renders', () => {
    // GIVEN
    const stack = new Stack(new App(), 'shop');
    const config = new NginxConfig(stack, 'proxy');
    const pool = new Upstream(config, 'web', {
      servers: [
        { host: 'web', port: 5000 },
        { host: 'spare', port: 5000, backup: true },
      ],
      method: 'least_conn',
    });
    const server = new Server(config, 'main');
    new Location(server, 'root', { path: '/', proxy: { upstream: pool } });
    new Location(server, 'static', { path: '/static/', modifier: '^~', alias: '/srv/static/' });
    // WHEN
    const view = Template.fromStack(stack).nginx;
    // THEN
    view.hasUpstream('web', {
      servers: ['web:5000', { address: 'spare:5000', backup: true }],
      method: 'least_conn',
    });
    view.routesTo('/', 'web');
    view.hasLocation('^~ /static/', { alias: '/srv/static/' });
    expect(failureOf(() => view.routesTo('^~ /static/', 'web'))).toContain('it has no *_pass directive');
  });

  test('explains that a variable proxy_pass uses no upstream block', () => {
    // GIVEN
    const conf = 'server { location / { set $up web; proxy_pass http://$up:5000; } }\n';
    const view = Template.fromStack(stackWith({ 'nginx.conf': conf })).nginx;
    // THEN
    expect(failureOf(() => view.routesTo('/', 'web'))).toBe(
      'nginx.conf: location "/" does not route to upstream "web": it has proxy_pass http://$up:5000 (a variable, resolved per request: no upstream block is used)',
    );
  });
});

describe('directives and toJSON', () => {
  test('directives(name) finds every occurrence anywhere, as copies', () => {
    // GIVEN
    const view = nginx();
    // WHEN
    const passes = view.directives('proxy_pass');
    (passes[0] as { args: string[] }).args = ['changed'];
    // THEN
    expect(passes.map((directive) => directive.name)).toEqual(['proxy_pass', 'proxy_pass', 'proxy_pass']);
    expect(view.directives('proxy_pass')[0]?.args).toEqual(['http://web']);
    expect(view.directives('server_tokens')).toEqual([{ name: 'server_tokens', args: ['off'] }]);
  });

  test('toJSON is the parsed file', () => {
    expect(
      nginx()
        .toJSON()
        .map((directive) => directive.name),
    ).toEqual(['events', 'http']);
  });
});
