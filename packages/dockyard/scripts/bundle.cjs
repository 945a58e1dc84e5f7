'use strict';
// The JavaScript of the package as a few files: what `npm pack` ships in dist/ (scripts/build.cjs) and what this
// repository's bins run (scripts/dev-bundle.cjs), built the same way.
//
// Why bundle: a CPU profile of the installed `synth` on the flagship spent most of its start-up resolving,
// reading and compiling about 280 CommonJS modules (the library's own, zod's and yaml's). Bundled, a run loads
// about 20.
//
// Why ES modules first: esbuild splits shared code into chunks only for ES modules, and every entry point must
// share one copy of the library (the Apps a program creates with `require('dockyard')` are the ones the CLI's
// `synth` finds; the testing kit inspects the constructs of the same `dockyard`). So this bundles the entry
// points as ES modules with code splitting into a scratch folder, then rewrites each file as CommonJS: the
// package stays CommonJS (a `require('dockyard')` works on every Node 20), and the entries require their
// chunks, which Node loads once.
//
// Bundled in: zod, yaml and commander, tree-shaken (zod keeps its global config on globalThis, so a second
// copy in a user's tree agrees with this one). The source reads zod as `import * as z from 'zod'`: from
// `import { z }`, esbuild keeps zod's whole namespace object and every locale in it (about 400 KB, half the zod
// code, compiled by each cold `synth` and each jest test file); test/cli/bundles.test.ts holds it to that.
// Left to Node: its own modules, and the dependencies a run loads only for one command or must share with the
// user's program: constructs (a user's own constructs extend its `Construct`), tsx and esbuild (loading
// programs), diff (`--check`), @hpcc-js/wasm-graphviz (`dockyard graph`, ES modules only).
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const PACKAGE_DIR = path.join(__dirname, '..');
const MANIFEST = JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8'));

/** Packages resolved at run time rather than bundled (see the notes above). */
const EXTERNAL = ['constructs', 'tsx', 'esbuild', 'diff', '@hpcc-js/wasm-graphviz'];

/**
 * The CLI's entry modules: the two bin/launch.cjs runs, and tsx's ES module API on its own, so its `import()`
 * gets a small chunk (see src/cli/tsx-esm.ts).
 */
const CLI_ENTRIES = ['cli/main', 'cli/dockyard', 'cli/tsx-esm'];

/**
 * Every module a consumer or a bin loads by path, keyed by its name in the bundle without `.js`: each export's
 * source (package.json's `dockyard-source` condition) and the CLI's entry modules.
 */
function entryPoints() {
  const entries = {};
  for (const target of Object.values(MANIFEST.exports)) {
    const source = typeof target === 'object' ? target['dockyard-source'] : undefined;
    if (source)
      entries[source.replace(/^\.\/src\//, '').replace(/\.ts$/, '')] = path.join(PACKAGE_DIR, source);
  }
  for (const cli of CLI_ENTRIES) entries[cli] = path.join(PACKAGE_DIR, 'src', `${cli}.ts`);
  return entries;
}

/**
 * The built-ins the bundle reads most, bound once per file as module-scope constants. Jest runs every test file
 * in a `vm` context, where each read of a global name goes through the context's global object instead of V8's
 * fast path for the main context: bound here, each later test of the bench's user tests (a flagship build,
 * `Template.fromStack` and an assertion) took 0.85x the time (bench/README.md, seventh round). Only language
 * built-ins a test never swaps: not `Date`, `Promise`, `process` or timers, which jest's fake timers and a
 * test's mocks replace on the global after load.
 */
const BUILTINS = [
  'Object',
  'Array',
  'JSON',
  'Error',
  'TypeError',
  'Set',
  'Map',
  'WeakMap',
  'Number',
  'String',
  'Symbol',
  'Math',
  'Reflect',
  'RegExp',
];
const BIND_BUILTINS = `const { ${BUILTINS.join(', ')} } = globalThis;`;

/** `code` with {@link BIND_BUILTINS} after its "use strict" directive, which must stay the first statement. */
function bindBuiltins(code) {
  const directive = /^(?:#!.*\n)?(?:(["'])use strict\1;?\n)?/.exec(code)[0];
  return `${directive}${BIND_BUILTINS}\n${code.slice(directive.length)}`;
}

/**
 * Bundles the package's entry points into `outDir` (created; its .js files are replaced) and returns the
 * absolute paths of every file the bundle was made from.
 */
function bundle(outDir) {
  const scratch = `${outDir}.esm-${process.pid}`;
  fs.rmSync(scratch, { recursive: true, force: true });
  try {
    const { metafile } = esbuild.buildSync({
      entryPoints: entryPoints(),
      absWorkingDir: PACKAGE_DIR,
      outdir: scratch,
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
      metafile: true,
    });
    for (const file of fs.readdirSync(scratch, { recursive: true, encoding: 'utf8' })) {
      const from = path.join(scratch, file);
      if (!file.endsWith('.js') || !fs.statSync(from).isFile()) continue;
      const { code } = esbuild.transformSync(fs.readFileSync(from, 'utf8'), {
        format: 'cjs',
        platform: 'node',
        target: 'node20',
        sourcefile: file,
      });
      const to = path.join(outDir, file);
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.writeFileSync(to, bindBuiltins(code));
    }
    return Object.keys(metafile.inputs).map((input) => path.resolve(PACKAGE_DIR, input));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

module.exports = { bundle, BUILTINS, PACKAGE_DIR };
