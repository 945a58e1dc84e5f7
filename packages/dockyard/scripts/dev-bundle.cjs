'use strict';
// The bundle this repository's bins run (bin/launch.cjs): the same build as the published dist/
// (scripts/bundle.cjs), made from the TypeScript source on the first run after any file it was made from
// changed, and kept in .tmp/ otherwise. So `pnpm synth` runs what the source says without a build step, and
// starts as fast as the installed package does: running the ~100 source files through tsx one by one, with
// zod's and yaml's ~170 modules beside them, took about twice as long.
const fs = require('node:fs');
const path = require('node:path');

const PACKAGE_DIR = path.join(__dirname, '..');

/** Where the bundles are kept. */
const CACHE = path.join(PACKAGE_DIR, '.tmp', 'dev-bundle');
/** The file in the cache that names the current bundle's folder and what it was made from. */
const POINTER = 'current.json';
/** What decides the bundle besides its inputs: the build itself and its settings. */
const SETTINGS = ['scripts/bundle.cjs', 'package.json', 'tsconfig.build.json', '../../tsconfig.base.json'];
/** Bundles older than this that are not current are removed (another process may still be loading one). */
const STALE_MS = 60 * 60 * 1000;

/** `[mtimeMs, size]` of a file, or undefined when it is gone. */
function stamp(file) {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat ? [stat.mtimeMs, stat.size] : undefined;
}

function readPointer(cache) {
  try {
    return JSON.parse(fs.readFileSync(path.join(cache, POINTER), 'utf8'));
  } catch {
    return undefined;
  }
}

function isFresh(pointer, cache) {
  if (!pointer || typeof pointer.dir !== 'string' || !fs.existsSync(path.join(cache, pointer.dir)))
    return false;
  return Object.entries(pointer.inputs ?? {}).every(([file, was]) => {
    const now = stamp(file);
    return now !== undefined && now[0] === was[0] && now[1] === was[1];
  });
}

/**
 * The folder of a bundle made from the files as they are now, with dist/'s layout (index.js, cli/main.js...),
 * kept in `cache`.
 */
function freshBundle(cache = CACHE) {
  const current = readPointer(cache);
  if (isFresh(current, cache)) return path.join(cache, current.dir);
  // Loaded only to build: a fresh bundle needs neither esbuild nor the build code.
  const { bundle } = require('./bundle.cjs');
  const dir = `${Date.now()}-${process.pid}`;
  const started = Date.now();
  const inputs = bundle(path.join(cache, dir));
  const stamps = [...SETTINGS.map((file) => path.join(PACKAGE_DIR, file)), ...inputs].map((file) => [
    file,
    stamp(file),
  ]);
  // A file saved while esbuild read it may be in the bundle as it was: leave no pointer, so the next run
  // builds again.
  if (stamps.every(([, value]) => value === undefined || value[0] < started)) {
    const pointer = path.join(cache, POINTER);
    const temporary = `${pointer}.${process.pid}`;
    const known = stamps.filter(([, value]) => value !== undefined);
    fs.writeFileSync(temporary, JSON.stringify({ dir, inputs: Object.fromEntries(known) }));
    fs.renameSync(temporary, pointer);
  }
  for (const old of fs.readdirSync(cache)) {
    const folder = path.join(cache, old);
    const stat = fs.statSync(folder, { throwIfNoEntry: false });
    if (old === dir || !stat?.isDirectory()) continue;
    if (Date.now() - stat.mtimeMs > STALE_MS) fs.rmSync(folder, { recursive: true, force: true });
  }
  return path.join(cache, dir);
}

module.exports = { freshBundle };
