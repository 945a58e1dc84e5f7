'use strict';
// What both bins share: pick the CLI's source or its build, run one entry function, turn its promise into
// the exit code.
//
// In this repository (src/ beside bin/) the CLI runs from its TypeScript source through tsx. package.json maps
// every entry point to its source under the `dockyard-source` export condition; Node 20 cannot add a condition
// to a running process, so this file applies that mapping to `require('dockyard')` and `import 'dockyard'` by
// hand. The CLI and the program it loads then share one copy of the library (the Apps a program creates are
// the ones the CLI synthesizes) and nothing needs a build. A published package ships no src/ and runs the
// compiled JavaScript in dist/.
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const PACKAGE_DIR = path.join(__dirname, '..');
const SOURCE_CONDITION = 'dockyard-source';
const MANIFEST = JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8'));

/** Resolves `dockyard` and `dockyard/<subpath>` to the source file package.json maps them to, else undefined. */
function sourceOf(request) {
  if (request !== MANIFEST.name && !request.startsWith(`${MANIFEST.name}/`)) return undefined;
  const target = MANIFEST.exports[`.${request.slice(MANIFEST.name.length)}`];
  const file = target && typeof target === 'object' ? target[SOURCE_CONDITION] : undefined;
  return file ? path.join(PACKAGE_DIR, file) : undefined;
}

function resolveToSource() {
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function resolveFilename(request, ...rest) {
    return sourceOf(request) ?? resolve.call(this, request, ...rest);
  };
  // ES modules (a program under "type": "module") resolve through loader hooks, which take conditions.
  const hook = `export function resolve(s, c, next) { return next(s, { ...c, conditions: [...c.conditions, ${JSON.stringify(SOURCE_CONDITION)}] }); }`;
  Module.register(`data:text/javascript,${encodeURIComponent(hook)}`);
}

/**
 * Runs `entry(argv)` from `src/cli/<file>.ts` in this repository or `dist/cli/<file>.js` in a published
 * package, and sets the exit code it resolves to (70 with the stack for an error it throws).
 */
module.exports = function launch(file, entry) {
  const source = path.join(PACKAGE_DIR, 'src', 'cli', `${file}.ts`);
  let cli;
  if (fs.existsSync(source)) {
    resolveToSource();
    require('tsx/cjs');
    cli = require(source);
  } else {
    cli = require(path.join(PACKAGE_DIR, 'dist', 'cli', `${file}.js`));
  }
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
