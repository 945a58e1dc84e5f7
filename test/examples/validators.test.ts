import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { Annotations, nginxVersionOfImage, Testing } from '../../packages/dockyard/src';
import {
  compareVersions,
  type Directive,
  minimumNginxVersion,
  parseNginx,
  printNginx,
} from '../../packages/dockyard/src/model/nginx';
import { composeArtifactProblems } from '../support/artifacts/validate-compose-artifacts';
import { checkNginxConfig, nginxVersion } from '../support/nginx/nginx-check';
import { committedStacks, EXAMPLES_ROOT, EXPECTED_EXAMPLES } from './support/examples';
import { buildVariant, type NginxTarget } from './support/variants';

// Every artifact of every example against the real validators: the Compose schema, `docker stack config`,
// and nginx's own `nginx -t` (Debian's 1.22 here). The committed configs target the pinned nginx 1.28 image
// and use `server ... resolve` (1.27.3+), which this nginx does not know: they are checked by the parser and
// the version table, and each example is rebuilt for nginx 1.22 and checked by nginx -t exactly as synthesized.

const stacks = EXPECTED_EXAMPLES.flatMap((name) =>
  committedStacks(name).map((stack) => ({ example: name, ...stack })),
);
const stackCases = stacks.map((stack) => [`${stack.example}/dist/${stack.name}`, stack] as const);

/** Build contexts that do not exist, and why that is accepted (the program is quoted verbatim elsewhere). */
const KNOWN_MISSING_BUILDS: Record<string, string[]> = {};

const variants: Array<[string, NginxTarget['dns']]> = [
  ['backup-server', 'static'],
  ['nginx-wsgi-flask', 'variable'],
  ['nginx-wsgi-flask', 'static'],
  ['scaled-dns', 'variable'],
  ['scaled-dns', 'static'],
  ['swarm-replicas', 'variable'],
  ['swarm-replicas', 'static'],
  ['swarm-static', 'variable'],
  ['swarm-static', 'static'],
];

describe('examples: artifacts pass the real validators', () => {
  let local = '0';
  beforeAll(async () => {
    local = await nginxVersion();
  });

  test('every example has committed stacks to check', () => {
    expect(new Set(stacks.map((stack) => stack.example))).toEqual(new Set(EXPECTED_EXAMPLES));
  });

  test.each(stackCases)(
    '%s: compose.yaml and stack.yaml pass the schema and `docker stack config`',
    (_, stack) => {
      expect(Object.keys(stack.files)).toEqual(expect.arrayContaining(['compose.yaml', 'stack.yaml']));
      expect(composeArtifactProblems(stack.files)).toEqual([]);
    },
  );

  test.each(stackCases)(
    '%s: every build context in compose.yaml exists relative to the file',
    (name, stack) => {
      // GIVEN
      const dir = path.join(EXAMPLES_ROOT, stack.example, 'dist', stack.name);
      const compose = parseYaml(stack.files['compose.yaml']?.text ?? '') as {
        services: Record<string, { build?: { context: string; dockerfile?: string } }>;
      };
      // WHEN
      const missing = Object.entries(compose.services)
        .filter(([, service]) => service.build !== undefined)
        .filter(([, service]) => {
          const context = path.resolve(dir, service.build?.context ?? '');
          return !fs.existsSync(path.join(context, service.build?.dockerfile ?? 'Dockerfile'));
        })
        .map(([service]) => service);
      // THEN
      expect(missing).toEqual(KNOWN_MISSING_BUILDS[name] ?? []);
    },
  );

  test.each(stackCases)(
    '%s: nginx.conf needs no nginx newer than its image, and passes nginx -t',
    async (_, stack) => {
      // GIVEN
      const text = stack.files['nginx.conf']?.text ?? '';
      const compose = parseYaml(stack.files['compose.yaml']?.text ?? '') as {
        services: Record<string, { image?: string }>;
      };
      const image = compose.services.nginx?.image ?? '';
      const config = parseNginx(text);
      // WHEN
      const needed = minimumNginxVersion(config);
      // THEN
      expect(compareVersions(needed.version, nginxVersionOfImage(image) ?? '0')).toBeLessThanOrEqual(0);
      if (compareVersions(needed.version, local) <= 0) {
        const result = await checkNginxConfig(text);
        expect(result.output).toContain('test is successful');
        expect(result.ok).toBe(true);
      } else {
        // The pinned image's nginx is newer than this machine's: the config is marked with the version it needs,
        // and only `resolve` needs it. The same program built for 1.22 goes through nginx -t below, as synthesized.
        expect(needed.because).toEqual([expect.stringContaining('"resolve" of "server" in "upstream"')]);
        expect(printNginx(config)).toBe(text);
      }
    },
  );

  test.each(variants)(
    '%s built for nginx 1.22 with dns %s: passes the validators and nginx -t as synthesized',
    async (example, dns) => {
      // GIVEN
      const stack = buildVariant(path.join(EXAMPLES_ROOT, example), { nginxVersion: '1.22', dns });
      Annotations.fromStack(stack).hasNoErrors();
      // WHEN
      const { files } = Testing.synth(stack);
      const text = files['nginx.conf']?.text ?? '';
      const result = await checkNginxConfig(text);
      // THEN
      expect(compareVersions(minimumNginxVersion(parseNginx(text)).version, '1.22')).toBeLessThanOrEqual(0);
      expect(result.output).toContain('test is successful');
      expect(result.warnings).toEqual([]);
      expect(result.ok).toBe(true);
      expect(composeArtifactProblems(files)).toEqual([]);
    },
  );
});
