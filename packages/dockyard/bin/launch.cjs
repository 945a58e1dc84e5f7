'use strict';
// What both bins share: pick the CLI's build, run one entry function, turn its promise into the exit code.
//
// A published package runs dist/, which `npm pack` builds. In this repository (src/ beside bin/) the bins run
// the same kind of bundle made from the TypeScript source on demand (scripts/dev-bundle.cjs), so nothing needs
// a build step and a run never sees stale code. The bundle is not where Node would resolve `dockyard` from
// here, so this file points `require('dockyard')` and `import 'dockyard'` (and their subpaths) of the program
// at it: the CLI and the program it loads then share one copy of the library (the Apps a program creates are
// the ones the CLI synthesizes).
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { enableCompileCache } = require('./compile-cache.cjs');

const PACKAGE_DIR = path.join(__dirname, '..');
const MANIFEST = JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8'));
/**
 * Where this file leaves the function that points ES module imports of `dockyard` at the bundle:
 * src/cli/load-program.ts calls it before it loads an ES module program. Registering a loader hook starts a
 * thread for Node's module hooks, which a CommonJS program never needs.
 */
const ESM_ENTRIES = Symbol.for('dockyard:register-esm-entries');

/** Every `dockyard` and `dockyard/<subpath>` request, mapped to its file in the bundle at `dir`. */
function entriesIn(dir) {
  const entries = {};
  for (const [subpath, target] of Object.entries(MANIFEST.exports)) {
    const built = typeof target === 'object' ? target.default : undefined;
    if (!built) continue;
    entries[`${MANIFEST.name}${subpath.slice(1)}`] = path.join(dir, path.relative('dist', built));
  }
  return entries;
}

function resolveTo(dir) {
  const entries = entriesIn(dir);
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function resolveFilename(request, ...rest) {
    return Object.hasOwn(entries, request) ? entries[request] : resolve.call(this, request, ...rest);
  };
  let registered = false;
  globalThis[ESM_ENTRIES] = () => {
    if (registered) return;
    registered = true;
    const urls = Object.fromEntries(
      Object.entries(entries).map(([name, file]) => [name, pathToFileURL(file).href]),
    );
    const hook = `const urls = ${JSON.stringify(urls)};
export function resolve(s, c, next) { return Object.hasOwn(urls, s) ? { url: urls[s], shortCircuit: true } : next(s, c); }`;
    Module.register(`data:text/javascript,${encodeURIComponent(hook)}`);
  };
}

/** Packages outside the bundle that every `synth` loads (tsx's own files are mostly too small to matter). */
const LOADED_BESIDE = ['constructs', 'esbuild'];

/** The bundle and the folders of the packages in {@link LOADED_BESIDE}, as the bundle resolves them. */
function cachedFolders(dir) {
  const folders = [dir];
  for (const name of LOADED_BESIDE) {
    try {
      folders.push(path.dirname(require.resolve(`${name}/package.json`, { paths: [dir] })));
    } catch {
      // Not installed where the bundle looks: nothing to cache for it.
    }
  }
  return folders;
}

/**
 * Runs `entry(argv)` from `cli/<file>.js` of the bundle (dist/ in a published package, the source's bundle in
 * this repository), and sets the exit code it resolves to (70 with the stack for an error it throws).
 */
module.exports = function launch(file, entry) {
  let dir = path.join(PACKAGE_DIR, 'dist');
  if (fs.existsSync(path.join(PACKAGE_DIR, 'src'))) {
    dir = require(path.join(PACKAGE_DIR, 'scripts', 'dev-bundle.cjs')).freshBundle();
    resolveTo(dir);
    // Kept in the bundle's folder, so it goes when the bundle does.
    enableCompileCache(cachedFolders(dir), path.join(dir, '.compile-cache'));
  } else {
    enableCompileCache(cachedFolders(dir));
  }
  const cli = require(path.join(dir, 'cli', `${file}.js`));
  // Before the program loads the library: see src/cli/schema-mode.ts.
  cli.interpretSchemas();
  cli[entry](process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(
        `${error?.stack ? error.stack : error}\nThis is a bug in Dockyard. Please report it.\n`,
      );
      process.exitCode = 70;
    },
  );
};
