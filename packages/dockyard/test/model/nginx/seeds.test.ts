import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Directive,
  findAll,
  findBlock,
  NginxPrintError,
  parseNginx,
  printNginx,
  upstreamServers,
} from '../../../src/model/nginx';

const FIXTURES = join(__dirname, '../../fixtures/nginx');
const seed = (file: string): Directive[] => parseNginx(readFileSync(join(FIXTURES, file), 'utf8'));
const args = (config: Directive[], name: string): string[][] =>
  findAll(config, name).map((f) => f.directive.args);

describe('the seeds hand-written nginx configs', () => {
  test('GIVEN seed 000 WHEN parsed THEN one upstream server and a proxying server block', () => {
    // WHEN
    const config = seed('seed-000-loadbalancer.conf');

    // THEN
    expect(upstreamServers(config, 'loadbalancer')).toEqual([{ address: 'backend:5000', params: {} }]);
    const server = findBlock(config, 'server');
    expect(server?.block?.slice(0, 2)).toEqual([
      { name: 'server_tokens', args: ['off'] },
      { name: 'client_max_body_size', args: ['20M'] },
    ]);
    expect(findBlock(config, 'location', ['/'])?.block).toEqual([
      { name: 'proxy_pass', args: ['http://loadbalancer'] },
    ]);
  });

  test('GIVEN seed 001 nginx.conf WHEN parsed THEN the location, headers and error page are there', () => {
    // WHEN
    const config = seed('seed-001-nginx.conf');

    // THEN
    expect(upstreamServers(config, 'flaskappproxy')).toEqual([{ address: 'flaskservice:8001', params: {} }]);
    expect(args(config, 'listen')).toEqual([['80']]);
    expect(args(config, 'proxy_set_header')).toEqual([
      ['X-Forwarded-For', '$proxy_add_x_forwarded_for'],
      ['Host', '$host'],
    ]);
    expect(args(config, 'error_page')).toEqual([['500', '502', '503', '504', '/50x.html']]);
    expect(findBlock(config, 'location', ['=', '/50x.html'])?.block).toEqual([
      { name: 'root', args: ['/usr/share/nginx/html'] },
    ]);
    const [proxyPass] = findAll(config, 'proxy_pass');
    expect(proxyPass?.parents.map((parent) => `${parent.name} ${parent.args.join(' ')}`.trim())).toEqual([
      'server',
      'location /',
    ]);
  });

  test('GIVEN seed 001 upstream steps WHEN parsed THEN they have 2 and then 3 servers', () => {
    // WHEN / THEN
    expect(
      upstreamServers(seed('seed-001-upstream-two.conf'), 'flaskappproxy').map((s) => s.address),
    ).toEqual(['flaskservice:8001', 'gotyourback:8002']);
    expect(upstreamServers(seed('seed-001-upstream-three.conf'), 'flaskappproxy')).toHaveLength(3);
  });

  test('GIVEN seed 001 with a backup server WHEN parsed THEN 3 servers, and only gotyourback is the backup', () => {
    // WHEN
    const servers = upstreamServers(seed('seed-001-upstream-backup.conf'), 'flaskappproxy');

    // THEN
    expect(servers).toEqual([
      { address: 'flaskservice:8001', params: {} },
      { address: 'gotyourback:8002', params: { backup: true } },
      { address: 'redudantservice:8003', params: {} },
    ]);
  });

  test('GIVEN seed 002 with the tutorial\'s "...." elision WHEN parsed THEN, as in nginx, it swallows the next line', () => {
    // WHEN
    const config = seed('seed-002-server.conf');

    // THEN
    expect(findBlock(config, 'location', ['/'])?.block).toEqual([
      { name: '....', args: ['proxy_pass', 'http://flaskapp:5090'] },
    ]);
    expect(args(config, 'server_name')).toEqual([['localhost']]);
  });

  test('GIVEN seed 002 workaround missing a ";" WHEN parsed THEN "set" is read as a block, as nginx would', () => {
    // WHEN
    const config = seed('seed-002-workaround.conf');

    // THEN
    expect(config).toEqual([
      { name: 'resolver', args: ['127.0.0.11'] },
      {
        name: 'set',
        args: ['$backends', 'flaskapp', 'location', '/'],
        block: [{ name: '....', args: ['proxy_pass', 'http://$backends:5090'] }],
      },
    ]);
  });

  test('GIVEN seed 004 WHEN parsed THEN the proxy location and the static alias are there', () => {
    // WHEN
    const config = seed('seed-004-app.conf');

    // THEN
    expect(args(config, 'location')).toEqual([['/'], ['/static']]);
    expect(findBlock(config, 'location', ['/static'])?.block).toEqual([
      { name: 'alias', args: ['/var/www-data'] },
    ]);
    expect(args(config, 'proxy_pass')).toEqual([['http://webapp:8000/']]);
  });

  const printable = readdirSync(FIXTURES).filter(
    (file) => file.startsWith('seed-') && !file.startsWith('seed-002'),
  );

  test.each(printable)(
    'GIVEN %s WHEN parsed, printed and parsed again THEN the tree is unchanged',
    (file) => {
      // GIVEN
      const config = seed(file);

      // WHEN
      const reparsed = parseNginx(printNginx(config));

      // THEN
      expect(config.length).toBeGreaterThan(0);
      expect(reparsed).toEqual(config);
    },
  );

  test('GIVEN the seed 002 fragments WHEN printed THEN the "...." pseudo-directive is refused', () => {
    // WHEN / THEN
    expect(() => printNginx(seed('seed-002-server.conf'))).toThrow(NginxPrintError);
    expect(() => printNginx(seed('seed-002-workaround.conf'))).toThrow('"...."');
  });
});
