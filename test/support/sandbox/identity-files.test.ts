import { renderHosts, renderResolvConf, withUsers } from './identity-files';
import { LoopbackPool } from './loopback';

describe('identity files', () => {
  test('hosts: localhost first, then one line per address, names sorted', () => {
    // WHEN
    const text = renderHosts({ web: ['127.0.0.3', '127.0.0.2'], api: ['127.0.0.4'] });
    // THEN
    expect(text.split('\n').slice(2)).toEqual(['127.0.0.4\tapi', '127.0.0.3\tweb', '127.0.0.2\tweb', '']);
    expect(text.startsWith('127.0.0.1\tlocalhost\n')).toBe(true);
  });

  test.each([['10.0.0.5'], ['192.168.1.1'], ['127.0.0.300'], ['8.8.8.8']])(
    'refuses to point anything at %s',
    (address) => {
      // WHEN / THEN
      expect(() => renderHosts({ web: [address] })).toThrow('must be a loopback address');
      expect(() => renderResolvConf(address)).toThrow('must be a loopback address');
    },
  );

  test('resolv.conf names only Docker’s DNS address', () => {
    // WHEN
    const text = renderResolvConf();
    // THEN
    expect(text.match(/^nameserver .*$/gm)).toEqual(['nameserver 127.0.0.11']);
  });

  test('adds a missing user and group with the first id free in both files', () => {
    // GIVEN 101 taken as a uid, 102 as a gid
    const passwd = 'root:x:0:0:root:/root:/bin/bash\npostgres:x:101:104::/var/lib/postgresql:/bin/bash\n';
    const group = 'root:x:0:\nssl:x:102:\n';
    // WHEN
    const out = withUsers(passwd, group, ['nginx', 'root']);
    // THEN
    expect(out.passwd).toBe(`${passwd}nginx:x:103:103:nginx:/nonexistent:/usr/sbin/nologin\n`);
    expect(out.group).toBe(`${group}nginx:x:103:\n`);
  });

  test('loopback pool never hands out the DNS address or the same address twice', () => {
    // WHEN
    const pool = new LoopbackPool();
    const addresses = Array.from({ length: 12 }, () => pool.take());
    // THEN
    expect(addresses).not.toContain('127.0.0.11');
    expect(new Set(addresses).size).toBe(12);
    expect(addresses[0]).toBe('127.0.0.2');
  });
});
