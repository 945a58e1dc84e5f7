'use strict';
// The bundle this repository's bins run (bin/launch.cjs): the same build as the published dist/
// (scripts/bundle.cjs), made from the TypeScript source on the first run after any file it was made from
// changed, and kept in .tmp/ otherwise. So `pnpm synth` runs what the source says without a build step, and
// starts as fast as the installed package does: running the ~100 source files through tsx one by one, with
// zod's and yaml's ~170 modules beside them, took about twice as long.
const fs = require('node:fs');
const path = require('node:path');

const PACKAGE_DIR = path.join(__dirname, '..');

const CACHE = path.join(PACKAGE_DIR, '.tmp', 'dev-bundle');
/** Names the current bundle's folder and what it was made from. */
const POINTER = path.join(CACHE, 'current.json');
/** What decides the bundle besides its inputs: the build itself and its settings. */
const SETTINGS = ['scripts/bundle.cjs', 'package.json', 'tsconfig.build.json', '../../tsconfig.base.json'];
/** Bundles older than this that are not current are removed (another process may still be loading one). */
const STALE_MS = 60 * 60 * 1000;

/** `[mtimeMs, size]` of a file, or undefined when it is gone. */
function stamp(file) {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat ? [stat.mtimeMs, stat.size] : undefined;
}

function readPointer() {
  try {
    return JSON.parse(fs.readFileSync(POINTER, 'utf8'));
  } catch {
    return undefined;
  }
}

function isFresh(pointer) {
  if (!pointer || typeof pointer.dir !== 'string' || !fs.existsSync(path.join(CACHE, pointer.dir)))
    return false;
  return Object.entries(pointer.inputs ?? {}).every(([file, was]) => {
    const now = stamp(file);
    return now !== undefined && now[0] === was[0] && now[1] === was[1];
  });
}

/** The folder of a bundle made from the files as they are now, with dist/'s layout (index.js, cli/main.js...). */
function freshBundle() {
  const current = readPointer();
  if (isFresh(current)) return path.join(CACHE, current.dir);
  // Loaded only to build: a fresh bundle needs neither esbuild nor the build code.
  const { bundle } = require('./bundle.cjs');
  const dir = `${Date.now()}-${process.pid}`;
  const started = Date.now();
  const inputs = bundle(path.join(CACHE, dir));
  const stamps = [...SETTINGS.map((file) => path.join(PACKAGE_DIR, file)), ...inputs].map((file) => [
    file,
    stamp(file),
  ]);
  // A file saved while esbuild read it may be in the bundle as it was: leave no pointer, so the next run
  // builds again.
  if (stamps.every(([, value]) => value === undefined || value[0] < started)) {
    const temporary = `${POINTER}.${process.pid}`;
    const known = stamps.filter(([, value]) => value !== undefined);
    fs.writeFileSync(temporary, JSON.stringify({ dir, inputs: Object.fromEntries(known) }));
    fs.renameSync(temporary, POINTER);
  }
  for (const old of fs.readdirSync(CACHE)) {
    const folder = path.join(CACHE, old);
    const stat = fs.statSync(folder, { throwIfNoEntry: false });
    if (old === dir || !stat?.isDirectory()) continue;
    if (Date.now() - stat.mtimeMs > STALE_MS) fs.rmSync(folder, { recursive: true, force: true });
  }
  return path.join(CACHE, dir);
}

module.exports = { freshBundle };
