import { type HostView, planMounts, type SetupStep } from './mount-plan';

// A host with /var (no /var/www-data), /usr/share/nginx/html, /etc with resolv.conf as a symlink, and
// /var/run -> /run; nothing named /app.
const DIRS = new Set([
  '/',
  '/var',
  '/var/cache',
  '/usr',
  '/usr/share',
  '/usr/share/nginx',
  '/usr/share/nginx/html',
  '/etc',
  '/run',
  '/tmp',
  '/tmp/sbx',
  '/tmp/sbx/stage',
]);
const FILES = new Set(['/etc/hosts', '/etc/resolv.conf']);
const LINKS: Record<string, string> = {
  '/var/run': '/run',
  '/etc/resolv.conf': '/run/resolvconf/resolv.conf',
};
const host: HostView = {
  exists: (p) => DIRS.has(p) || FILES.has(p) || LINKS[p] !== undefined,
  isSymlink: (p) => LINKS[p] !== undefined,
  realpath: (p) => {
    for (const [link, to] of Object.entries(LINKS)) {
      if (p === link || p.startsWith(`${link}/`)) return to + p.slice(link.length);
    }
    return p;
  },
};
const STAGE = '/tmp/sbx/stage';
const inNamespace = (steps: SetupStep[]) => steps.filter((s) => !s.op.startsWith('host-'));

describe('planMounts', () => {
  test('binds straight onto a directory the host has', () => {
    // WHEN
    const steps = planMounts(
      [{ kind: 'dir', target: '/usr/share/nginx/html', source: '/tmp/sbx/d0' }],
      host,
      STAGE,
    );
    // THEN
    expect(steps).toEqual([{ op: 'bind', source: '/tmp/sbx/d0', target: '/usr/share/nginx/html' }]);
  });

  test('creates a missing mount point inside a shadow of its parent, never on the host', () => {
    // WHEN
    const steps = planMounts(
      [
        { kind: 'dir', target: '/var/www-data', source: '/tmp/sbx/d0' },
        { kind: 'dir', target: '/var/cache/nginx', source: '/tmp/sbx/d1' },
      ],
      host,
      STAGE,
    );
    // THEN /var is shadowed once (its stage made in our temp dir), /var/cache once more
    expect(steps).toEqual([
      { op: 'host-mkdir', path: '/tmp/sbx/stage/0' },
      { op: 'shadow', dir: '/var', stage: '/tmp/sbx/stage/0', hide: [] },
      { op: 'mkdir', path: '/var/www-data' },
      { op: 'bind', source: '/tmp/sbx/d0', target: '/var/www-data' },
      { op: 'host-mkdir', path: '/tmp/sbx/stage/1' },
      { op: 'shadow', dir: '/var/cache', stage: '/tmp/sbx/stage/1', hide: [] },
      { op: 'mkdir', path: '/var/cache/nginx' },
      { op: 'bind', source: '/tmp/sbx/d1', target: '/var/cache/nginx' },
    ]);
  });

  test('shadows / itself for a top-level path, and creates the levels below in its tmpfs', () => {
    // WHEN
    const steps = planMounts([{ kind: 'dir', target: '/app/static', source: '/tmp/sbx/d0' }], host, STAGE);
    // THEN
    expect(inNamespace(steps)).toEqual([
      { op: 'shadow', dir: '/', stage: '/tmp/sbx/stage/0', hide: [] },
      { op: 'mkdir', path: '/app' },
      { op: 'mkdir', path: '/app/static' },
      { op: 'bind', source: '/tmp/sbx/d0', target: '/app/static' },
    ]);
  });

  test('makes a dir below another mount in that mount’s host dir', () => {
    // WHEN
    const steps = planMounts(
      [
        { kind: 'dir', target: '/usr/share/nginx/html/deep/er', source: '/tmp/sbx/d1' },
        { kind: 'dir', target: '/usr/share/nginx/html', source: '/tmp/sbx/d0' },
      ],
      host,
      STAGE,
    );
    // THEN mounts go shallow first, and the missing levels are made in /tmp/sbx/d0
    expect(steps).toEqual([
      { op: 'bind', source: '/tmp/sbx/d0', target: '/usr/share/nginx/html' },
      { op: 'host-mkdir', path: '/tmp/sbx/d0/deep' },
      { op: 'host-mkdir', path: '/tmp/sbx/d0/deep/er' },
      { op: 'bind', source: '/tmp/sbx/d1', target: '/usr/share/nginx/html/deep/er' },
    ]);
  });

  test('replaces a symlinked file instead of following it', () => {
    // WHEN
    const steps = planMounts(
      [{ kind: 'file', target: '/etc/resolv.conf', source: '/tmp/sbx/resolv' }],
      host,
      STAGE,
    );
    // THEN
    expect(inNamespace(steps)).toEqual([
      { op: 'shadow', dir: '/etc', stage: '/tmp/sbx/stage/0', hide: ['resolv.conf'] },
      { op: 'touch', path: '/etc/resolv.conf' },
      { op: 'bind', source: '/tmp/sbx/resolv', target: '/etc/resolv.conf' },
    ]);
  });

  test('follows a symlinked directory like the kernel would, and shadows it once', () => {
    // WHEN
    const steps = planMounts(
      [
        { kind: 'shadow', target: '/var/run', hide: ['nginx.pid'] },
        { kind: 'shadow', target: '/run', hide: ['nginx.pid'] },
      ],
      host,
      STAGE,
    );
    // THEN
    expect(inNamespace(steps)).toEqual([
      { op: 'shadow', dir: '/run', stage: '/tmp/sbx/stage/0', hide: ['nginx.pid'] },
    ]);
  });

  test.each([
    ['/', 'would hide'],
    ['/tmp', 'would hide'],
    ['/proc/sys', 'kernel filesystem'],
    ['relative/path', 'must be absolute'],
  ])('refuses a dir mount at %s', (target, message) => {
    // WHEN / THEN
    expect(() => planMounts([{ kind: 'dir', target, source: '/tmp/sbx/d0' }], host, STAGE)).toThrow(message);
  });
});
