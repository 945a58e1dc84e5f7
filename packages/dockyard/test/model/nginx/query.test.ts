import { findAll, findBlock, parseNginx, upstreamServers } from '../../../src/model/nginx';

const CONFIG = parseNginx(`
http {
    upstream app {
        zone app 64k;
        server app:8000 max_fails=3 fail_timeout=10s;
        server spare:8000 backup;
        server weird:1 __proto__=x key=a=b;
    }
    upstream other { server other:1; }
    server {
        listen 80;
        location / { proxy_pass http://app; }
        location /static { root /srv; }
    }
    server {
        listen 81;
        location / { return 204; }
    }
}
`);

describe('findAll', () => {
  test('GIVEN nested directives WHEN searched by name THEN all are found in file order with their parents', () => {
    // WHEN
    const found = findAll(CONFIG, 'location');

    // THEN
    expect(found.map((f) => f.directive.args)).toEqual([['/'], ['/static'], ['/']]);
    expect(found[2]?.parents.map((p) => p.name)).toEqual(['http', 'server']);
    expect(found[2]?.parents[1]?.block).toContainEqual({ name: 'listen', args: ['81'] });
  });

  test('GIVEN a name that is not there WHEN searched THEN nothing is found', () => {
    // WHEN / THEN
    expect(findAll(CONFIG, 'gzip')).toEqual([]);
  });
});

describe('findBlock', () => {
  test('GIVEN blocks with arguments WHEN searched with args THEN only an exact match is returned', () => {
    // WHEN / THEN
    expect(findBlock(CONFIG, 'location', ['/static'])?.block).toEqual([{ name: 'root', args: ['/srv'] }]);
    expect(findBlock(CONFIG, 'location', ['/stat'])).toBeUndefined();
    expect(findBlock(CONFIG, 'upstream')?.args).toEqual(['app']);
  });

  test('GIVEN a simple directive of that name WHEN searched as a block THEN it is not returned', () => {
    // WHEN / THEN
    expect(findBlock(CONFIG, 'listen')).toBeUndefined();
  });
});

describe('upstreamServers', () => {
  test('GIVEN an upstream WHEN its servers are listed THEN key=value params are strings and flags are true', () => {
    // WHEN
    const servers = upstreamServers(CONFIG, 'app');

    // THEN
    expect(servers.slice(0, 2)).toEqual([
      { address: 'app:8000', params: { max_fails: '3', fail_timeout: '10s' } },
      { address: 'spare:8000', params: { backup: true } },
    ]);
    const weird = servers[2]?.params ?? {};
    expect(Object.keys(weird)).toEqual(['__proto__', 'key']);
    expect(weird.key).toBe('a=b');
    expect(Object.getPrototypeOf(weird)).toBe(Object.prototype);
  });

  test('GIVEN an unknown upstream WHEN its servers are listed THEN the error lists the upstreams that exist', () => {
    // WHEN / THEN
    expect(() => upstreamServers(CONFIG, 'nope')).toThrow(
      'no upstream "nope" in the nginx config (upstreams: "app", "other")',
    );
  });
});
