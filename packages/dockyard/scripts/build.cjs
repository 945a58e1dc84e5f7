'use strict';
// Builds dist/ for the published package: type declarations from tsc, one file per module (so every prop's
// TSDoc reaches a user's editor as the source has it), and JavaScript bundled by esbuild, a few files in all.
//
// Why bundle: a CPU profile of the installed `synth` on the flagship spent a large part of its start-up
// resolving, reading and compiling about 280 CommonJS modules (the library's own, zod's and yaml's). Bundled,
// a run loads the entry point it needs and the chunks it shares with the others.
//
// Why ESM first: esbuild splits shared code into chunks only for ES modules, and every entry point must share
// one copy of the library (the Apps a program creates with `require('dockyard')` are the ones the CLI's
// `synth` finds; the testing kit inspects the constructs of the same `dockyard`). So this bundles the entry
// points as ES modules with code splitting into a scratch folder, then rewrites each file as CommonJS: the
// package stays CommonJS (a `require('dockyard')` works on every Node 20), and the entries require their
// chunks, which Node loads once.
//
// Bundled in: zod, yaml and commander (tree-shaken; globals such as zod's config live on globalThis, so a
// second copy elsewhere in a user's tree agrees). Left to Node: Node's own modules and the dependencies a run
// loads only for one command or must share with the user's program: constructs (a user's own constructs
// extend its `Construct`), tsx and esbuild (loading programs), diff (`--check`), @hpcc-js/wasm-graphviz
// (`dockyard graph`, ES modules only).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const PACKAGE_DIR = path.join(__dirname, '..');
const DIST = path.join(PACKAGE_DIR, 'dist');
const SCRATCH = path.join(PACKAGE_DIR, '.tmp', 'bundle');
const MANIFEST = JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8'));

/** Packages resolved at run time rather than bundled (see the notes above). */
const EXTERNAL = ['constructs', 'tsx', 'esbuild', 'diff', '@hpcc-js/wasm-graphviz'];

/**
 * Every module a consumer or a bin loads by path, by its name under dist/ without `.js`: each export's source
 * (package.json's `dockyard-source` condition) and the two CLI entry modules bin/launch.cjs runs.
 */
function entryPoints() {
  const entries = {};
  for (const target of Object.values(MANIFEST.exports)) {
    const source = typeof target === 'object' ? target['dockyard-source'] : undefined;
    if (source)
      entries[source.replace(/^\.\/src\//, '').replace(/\.ts$/, '')] = path.join(PACKAGE_DIR, source);
  }
  for (const cli of ['cli/main', 'cli/dockyard']) entries[cli] = path.join(PACKAGE_DIR, 'src', `${cli}.ts`);
  return entries;
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: PACKAGE_DIR, stdio: 'inherit' });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal})`);
}

async function build() {
  fs.rmSync(DIST, { recursive: true, force: true });
  fs.rmSync(SCRATCH, { recursive: true, force: true });
  // Declarations only: the JavaScript comes from the bundle below.
  run(process.execPath, [
    require.resolve('typescript/bin/tsc'),
    '-p',
    'tsconfig.build.json',
    '--emitDeclarationOnly',
  ]);
  await esbuild.build({
    entryPoints: entryPoints(),
    outdir: SCRATCH,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    tsconfig: path.join(PACKAGE_DIR, 'tsconfig.build.json'),
    external: EXTERNAL,
    chunkNames: 'chunks/[name]-[hash]',
    legalComments: 'none',
    logLevel: 'warning',
  });
  for (const file of fs.readdirSync(SCRATCH, { recursive: true, encoding: 'utf8' })) {
    const from = path.join(SCRATCH, file);
    if (!file.endsWith('.js') || !fs.statSync(from).isFile()) continue;
    const { code } = await esbuild.transform(fs.readFileSync(from, 'utf8'), {
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      sourcefile: file,
    });
    const to = path.join(DIST, file);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.writeFileSync(to, code);
  }
  fs.rmSync(SCRATCH, { recursive: true, force: true });
}

build().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
