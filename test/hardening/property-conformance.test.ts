import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { compareVersions, minimumNginxVersion, parseNginx } from '../../packages/dockyard/src/model/nginx';
import { RESOLVE_SINCE } from '../../packages/dockyard/src/patterns/nginx-proxy/dns-strategy';
import { NGINX_IMAGE_VERSION } from '../../packages/dockyard/src/patterns/nginx-proxy/image';
import { synthesizeInMemory } from '../../packages/dockyard/src/pipeline/synthesis';
import { nginxVersion } from '../support/nginx/nginx-check';
import { nginxInvariantProblems, unexpectedPublishers } from './support/artifact-invariants';
import { buildProgram, OLD_NGINX, type Variant } from './support/build-program';
import { composeTextProblems, type StackFiles } from './support/compose-batch';
import { printFigures } from './support/figures';
import { type ProgramSpec, programArbitrary } from './support/program-spec';
import { RealToolPipeline, yieldToIo } from './support/real-tool-pipeline';

// Random valid programs (both stack kinds, every upstream method, weights, backups, routes, static files,
// caches, networks, both DNS strategies nginx 1.22 has) must give artifacts that the REAL tools accept, and
// the same bytes every time. The real tools run beside the generation: one sandbox per 100 `nginx -t`, docker
// two at a time. The old variant (nginx 1.22) goes through Debian's nginx -t; the default variant of each
// program (nginx 1.28, dns "resolve") through Debian unstable's nginx 1.30 (test/support/nginx/nginx-binary.ts),
// besides the parser, the version table, the schema and our text checks.
// More programs: DOCKYARD_PROPERTY_RUNS=5000 npx jest test/hardening/property-conformance.test.ts
// (set DOCKYARD_PROPERTY_SEED to replay a run; the seed is printed with the figures).

const RUNS = Number(process.env.DOCKYARD_PROPERTY_RUNS ?? 500);
const SEED = Number(process.env.DOCKYARD_PROPERTY_SEED ?? Math.floor(Math.random() * 2 ** 31));
// Every this many programs is also written to disk twice, to prove the second write changes nothing.
const DISK_EVERY = 10;
// The default variant's compose.yaml and stack.yaml differ from the old one's only where the DNS strategy
// shows (depends_on, the config's content hash), so the schema and text checks sample every this many.
const DEFAULT_COMPOSE_EVERY = 4;

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockyard-property-'));
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

function synth(spec: ProgramSpec, variant: Variant): StackFiles {
  const { app, stack } = buildProgram(spec, variant, outdir);
  const { files } = synthesizeInMemory(app, [stack]);
  return Object.fromEntries(files.map((file) => [file.fileName, file.text]));
}

/** Everything that can be checked without a real tool, for one program; empty when all holds. */
function inMemoryProblems(spec: ProgramSpec, old: StackFiles, latest: StackFiles, index: number): string[] {
  const problems: string[] = [];
  if (JSON.stringify(synth(spec, 'old')) !== JSON.stringify(old)) problems.push('a second synth differs');
  const { proxy } = spec.stack;
  const settings = { ...proxy };
  for (const [variant, files] of [
    ['old', old],
    ['default', latest],
  ] as const) {
    problems.push(
      ...nginxInvariantProblems(files['nginx.conf'] ?? '', settings).map(
        (p) => `${variant} nginx.conf: ${p}`,
      ),
    );
    if (variant === 'old' || index % DEFAULT_COMPOSE_EVERY === 0) {
      problems.push(...composeTextProblems(files).map((p) => `${variant} ${p}`));
    }
  }
  // Both files come from one model, so compose.yaml speaks for stack.yaml here.
  const publishers = unexpectedPublishers(old['compose.yaml'] ?? '', 'nginx');
  if (publishers.length > 0)
    problems.push(`compose.yaml: expected only the proxy to publish, got ${publishers}`);
  const oldVersion = minimumNginxVersion(parseNginx(old['nginx.conf'] ?? '')).version;
  if (compareVersions(oldVersion, OLD_NGINX) > 0) problems.push(`old nginx.conf needs nginx ${oldVersion}`);
  const latestText = latest['nginx.conf'] ?? '';
  const latestVersion = minimumNginxVersion(parseNginx(latestText)).version;
  if (compareVersions(latestVersion, NGINX_IMAGE_VERSION) > 0) {
    problems.push(`default nginx.conf needs nginx ${latestVersion}, the image has ${NGINX_IMAGE_VERSION}`);
  }
  // By default every upstream re-resolves its names (seed 002), which only nginx >= 1.27.3 can.
  if (/^\s*upstream /m.test(latestText) && compareVersions(latestVersion, RESOLVE_SINCE) < 0) {
    problems.push(`default nginx.conf has an upstream without "resolve" (it needs only ${latestVersion})`);
  }
  return problems;
}

function diskProblems(spec: ProgramSpec, index: number): string[] {
  const dir = path.join(outdir, `disk-${index}`);
  try {
    const first = buildProgram(spec, 'old', dir).app.synth();
    const second = buildProgram(spec, 'old', dir).app.synth();
    const hashes = (manifest: typeof first) => manifest.stacks.map((s) => s.files.map((f) => f.sha256));
    const statuses = second.stacks.flatMap((stack) => stack.files.map((file) => file.status));
    const same = JSON.stringify(hashes(first)) === JSON.stringify(hashes(second));
    return same && statuses.every((status) => status === 'unchanged') ? [] : [`second write: ${statuses}`];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test(`${RUNS} random valid programs pass nginx -t, docker stack config and the compose schema, byte-identical twice`, async () => {
  // GIVEN
  expect(await nginxVersion()).toMatch(new RegExp(`^${OLD_NGINX.replace('.', '\\.')}\\.`));
  const pipeline = new RealToolPipeline({ nginxChunk: 100, dockerConcurrency: 1 });
  const specs: ProgramSpec[] = [];
  let synths = 0;

  // WHEN: each program is synthesized and checked in memory (fast-check shrinks anything that fails here),
  // then queued for the real tools, which run while the next programs are generated.
  await fc.assert(
    fc.asyncProperty(programArbitrary, async (spec) => {
      const old = synth(spec, 'old');
      const latest = synth(spec, 'default');
      synths += 3;
      const problems = inMemoryProblems(spec, old, latest, specs.length);
      if (specs.length % DISK_EVERY === 0) problems.push(...diskProblems(spec, specs.length));
      if (problems.length > 0) throw new Error(problems.join('\n'));
      specs.push(spec);
      pipeline.add(old);
      pipeline.add(latest, { nginx: true, docker: false, nginxMeantFor: NGINX_IMAGE_VERSION });
      await yieldToIo();
    }),
    { numRuns: RUNS, seed: SEED },
  );
  const verdicts = await pipeline.finish();

  // THEN
  // Two verdicts per program, in the order added: the old variant (both tools), then the default (nginx only).
  const failures = specs.flatMap((spec, i) => {
    const old = verdicts[2 * i];
    const latest = verdicts[2 * i + 1];
    const problems = [
      ...(old?.nginx?.ok ? [] : [`old nginx -t: ${old?.nginx?.output}`]),
      ...(old?.docker?.problems ?? [`docker stack config did not run`]),
      ...(latest?.nginx?.ok ? [] : [`default nginx -t: ${latest?.nginx?.output}`]),
      ...(compareVersions(latest?.nginx?.version ?? '0', RESOLVE_SINCE) >= 0
        ? []
        : [`default nginx.conf judged by nginx ${latest?.nginx?.version}, older than ${RESOLVE_SINCE}`]),
    ];
    return problems.length === 0 ? [] : [`program ${JSON.stringify(spec)}\n${problems.join('\n')}`];
  });
  printFigures(
    'property conformance',
    {
      'programs tried': specs.length,
      synths,
      'nginx -t runs (1.22)': verdicts.filter((v, i) => i % 2 === 0 && v.nginx !== undefined).length,
      [`nginx -t runs (${verdicts[1]?.nginx?.version ?? 'new'})`]: verdicts.filter(
        (v, i) => i % 2 === 1 && v.nginx !== undefined,
      ).length,
      'docker stack config runs': verdicts.filter((v) => v.docker !== undefined).length,
      failures: failures.length,
    },
    `seed ${SEED}`,
  );
  expect(failures).toEqual([]);
  expect(specs).toHaveLength(RUNS);
}, 600_000);
