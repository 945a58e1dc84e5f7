import type { Stack } from '../../packages/dockyard/src';
import { compareVersions, minimumNginxVersion, parseNginx } from '../../packages/dockyard/src/model/nginx';
import { RESOLVE_SINCE } from '../../packages/dockyard/src/patterns/nginx-proxy/dns-strategy';
import { NGINX_IMAGE_VERSION } from '../../packages/dockyard/src/patterns/nginx-proxy/image';
import { synthNginx } from '../../packages/dockyard/test/constructs/nginx/nginx-test-helpers';
import { featureProgram, seedPrograms } from '../../packages/dockyard/test/constructs/nginx/seed-programs';
import { debianNginx } from '../support/nginx/nginx-binary';
import { checkNginxConfig, nginxVersion } from '../support/nginx/nginx-check';

// Every nginx.conf the constructs build, judged by a real `nginx -t` of the version it is meant for: the files
// for nginx 1.22 (DNS strategy "variable" or "static") by this machine's Debian 1.22, the files for the pinned
// image's nginx 1.28 (the default "resolve" needs >= 1.27.3) by Debian unstable's 1.30, fetched into the test
// cache on first use (test/support/nginx/nginx-binary.ts).

const OLD = { nginxVersion: '1.22' } as const;
const cases: Array<[string, () => Stack]> = [
  ['001 backup upstream, static', () => seedPrograms['001 backup upstream']({ ...OLD, dns: 'static' })],
  ['002 resolver, variable', () => seedPrograms['002 resolver']({ ...OLD, dns: 'variable' })],
  ['002 resolver, static', () => seedPrograms['002 resolver']({ ...OLD, dns: 'static' })],
  ['003 cache and info, variable', () => seedPrograms['003 cache and info']({ ...OLD, dns: 'variable' })],
  ['003 cache and info, static', () => seedPrograms['003 cache and info']({ ...OLD, dns: 'static' })],
  ['004 static alias, variable', () => seedPrograms['004 static alias']({ ...OLD, dns: 'variable' })],
  ['004 static alias, static', () => seedPrograms['004 static alias']({ ...OLD, dns: 'static' })],
  ['every upstream feature, static', () => featureProgram({ ...OLD, dns: 'static' })],
];
const modern: Array<[string, () => Stack]> = [
  ['every upstream feature, default (resolve)', () => featureProgram()],
  ['every upstream feature, static, for nginx 1.28', () => featureProgram({ dns: 'static' })],
  ...Object.entries(seedPrograms).map(([name, build]): [string, () => Stack] => [
    `${name}, default (resolve)`,
    () => build(),
  ]),
];
describe('nginx constructs against the real nginx -t', () => {
  let local = '0';
  beforeAll(async () => {
    local = await nginxVersion();
  });

  test.each(cases)(
    '%s: needs no nginx newer than the one it targets, and passes nginx -t',
    async (_name, build) => {
      // GIVEN
      const stack = build();
      const { text } = synthNginx(stack);
      const needed = minimumNginxVersion(parseNginx(text));
      // WHEN
      const result = await checkNginxConfig(text);
      // THEN
      expect(compareVersions(needed.version, local)).toBeLessThanOrEqual(0);
      expect(result.output).toContain('test is successful');
      expect(result.warnings).toEqual([]);
      expect(result.ok).toBe(true);
    },
  );

  test.each(modern)(
    '%s: meant for the image nginx 1.28, passes nginx -t of an nginx >= 1.27.3 as synthesized',
    async (_name, build) => {
      // GIVEN
      const stack = build();
      const { text } = synthNginx(stack);
      const needed = minimumNginxVersion(parseNginx(text));
      // WHEN
      const result = await checkNginxConfig(text, { meantFor: NGINX_IMAGE_VERSION });
      // THEN
      expect(compareVersions(needed.version, NGINX_IMAGE_VERSION)).toBeLessThanOrEqual(0);
      expect(compareVersions(result.version, RESOLVE_SINCE)).toBeGreaterThanOrEqual(0);
      expect(result.output).toContain('test is successful');
      expect(result.warnings).toEqual([]);
      expect(result.ok).toBe(true);
    },
  );

  test('the default "resolve" needs nginx 1.27.3: Debian 1.22 refuses exactly that parameter, 1.30 accepts it', async () => {
    // GIVEN
    const { text } = synthNginx(featureProgram());
    // WHEN
    const needed = minimumNginxVersion(parseNginx(text));
    const old = await checkNginxConfig(text, { nginx: debianNginx() });
    const current = await checkNginxConfig(text);
    // THEN
    expect(needed.version).toBe(RESOLVE_SINCE);
    expect(needed.because).toEqual([expect.stringContaining('"resolve" of "server" in "upstream"')]);
    expect(compareVersions(old.version, RESOLVE_SINCE)).toBeLessThan(0);
    expect(old.ok).toBe(false);
    expect(old.output).toMatch(/invalid parameter "resolve"/);
    expect(compareVersions(current.version, RESOLVE_SINCE)).toBeGreaterThanOrEqual(0);
    expect(current.ok).toBe(true);
  });
});
