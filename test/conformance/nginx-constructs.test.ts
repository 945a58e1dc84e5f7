import type { Stack } from '../../packages/dockyard/src';
import { compareVersions, minimumNginxVersion, parseNginx } from '../../packages/dockyard/src/model/nginx';
import { synthNginx } from '../../packages/dockyard/test/constructs/nginx/nginx-test-helpers';
import {
  featureProgram,
  seedPrograms,
  type Target,
} from '../../packages/dockyard/test/constructs/nginx/seed-programs';
import { checkNginxConfig, nginxVersion } from '../support/nginx/nginx-check';

// Every nginx.conf the constructs build for an nginx older than 1.27.3 (DNS strategy "variable" or "static"),
// judged by the real `nginx -t` of this machine (Debian's 1.22). Files that need a newer nginx (`resolve`)
// are only run when the local nginx is new enough; their version requirement is checked either way.

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
  ['every upstream feature, static, for nginx 1.28', () => featureProgram({ dns: 'static' })],
];
const modern: Array<[string, Target]> = [['default (resolve)', {}]];

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
    '%s: needs nginx 1.27.3 for "resolve", and passes nginx -t where the local nginx has it',
    async (_name, target) => {
      // GIVEN
      const { text } = synthNginx(featureProgram(target));
      // WHEN
      const needed = minimumNginxVersion(parseNginx(text));
      // THEN
      expect(needed.version).toBe('1.27.3');
      expect(needed.because).toEqual([expect.stringContaining('"resolve" of "server" in "upstream"')]);
      if (compareVersions(needed.version, local) <= 0) {
        const result = await checkNginxConfig(text);
        expect(result.output).toContain('test is successful');
        expect(result.ok).toBe(true);
      } else {
        const result = await checkNginxConfig(text);
        expect(result.output).toMatch(/invalid parameter "resolve"/);
      }
    },
  );
});
