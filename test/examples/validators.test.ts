import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  compareVersions,
  minimumNginxVersion,
  parseNginx,
  printNginx,
} from '../../packages/dockyard/src/model/nginx';
import { nginxVersionOfImage } from '../../packages/dockyard/src/patterns/nginx-proxy/image';
import { Annotations, Testing } from '../../packages/dockyard/src/testing';
import { composeArtifactProblems } from '../support/artifacts/validate-compose-artifacts';
import { checkNginxConfig } from '../support/nginx/nginx-check';
import { committedStacks, EXAMPLES_ROOT, EXPECTED_EXAMPLES } from './support/examples';
import { buildVariant, type NginxTarget } from './support/variants';

// Every artifact of every example against the real validators: the Compose schema, `docker stack config`,
// and nginx's own `nginx -t`. The committed configs target the pinned nginx 1.28 image and use
// `server ... resolve` (1.27.3+): they go through Debian unstable's nginx 1.30 (fetched into the test cache on
// first use), on the committed bytes. Each example is also rebuilt for nginx 1.22 and checked by this machine's
// Debian nginx 1.22 exactly as synthesized.

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
        secrets?: Record<string, { file?: string }>;
      };
      const image = compose.services.nginx?.image ?? '';
      const config = parseNginx(text);
      // Compose mounts each secret at /run/secrets/<name>: nginx -t opens the certificates there, so they are
      // placed exactly where the container would have them, read from the files compose.yaml names.
      const stackDir = path.join(EXAMPLES_ROOT, stack.example, 'dist', stack.name);
      const files = Object.fromEntries(
        Object.entries(compose.secrets ?? {}).map(([name, secret]) => [
          `/run/secrets/${name}`,
          fs.readFileSync(path.resolve(stackDir, secret.file ?? ''), 'utf8'),
        ]),
      );
      // WHEN
      const needed = minimumNginxVersion(config);
      // THEN
      const imageVersion = nginxVersionOfImage(image) ?? '0';
      expect(compareVersions(needed.version, imageVersion)).toBeLessThanOrEqual(0);
      // Judged by an nginx at least as new as the image's (Debian unstable's 1.30 for the pinned 1.28).
      const result = await checkNginxConfig(text, { meantFor: imageVersion, files });
      expect(compareVersions(result.version, imageVersion)).toBeGreaterThanOrEqual(0);
      expect(result.output).toContain('test is successful');
      expect(result.warnings).toEqual([]);
      expect(result.ok).toBe(true);
      expect(printNginx(config)).toBe(text);
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
