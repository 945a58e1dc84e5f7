'use strict';
// V8's code cache for the bundle a bin runs and the packages every run loads beside it: what
// `module.enableCompileCache()` does from Node 22.1, for the Node 20 this package supports. A run compiles
// about 1.5 MB of bundled JavaScript (the library, zod, yaml, commander); with the code V8 compiled last time,
// from parsing to the functions the run called, the installed `synth` on the flagship took a sixth to a
// quarter less CPU time (side by side, loaded 2-core machine).
//
// The cache holds only what V8 made from the files of those folders, keyed by the file's path, size and
// modification time and by the Node version; V8 checks the data again and ignores what does not match, and the
// file then runs as if there were no cache. A file with an `import()` is compiled as Node compiles it: on
// Node 20, code compiled through `vm` gets Node's `import()` only with an experimental option that prints a
// warning (and loses it with cached data). Nothing is cached when NODE_DISABLE_COMPILE_CACHE is set (Node's
// own switch for its cache).
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');

/** An `import(...)` call (a comment's bare "import()" does not count). */
const DYNAMIC_IMPORT = /\bimport\(\s*[^)\s]/;

/** The default folder, beside tsx's transform cache: per user, so no one reads code another user wrote. */
function defaultCacheDir() {
  const user = typeof process.getuid === 'function' ? process.getuid() : os.userInfo().username;
  return path.join(os.tmpdir(), `dockyard-compile-cache-${user}`);
}

/**
 * True when `dir` is a folder only this user can write to (or does not exist yet): code read from a cache
 * another user could write would run as ours, so a folder in the shared temp directory that someone else made,
 * or that others may write to, is not used.
 */
function isPrivate(dir) {
  const stat = fs.statSync(dir, { throwIfNoEntry: false });
  if (!stat) return true;
  if (!stat.isDirectory() || (stat.mode & 0o022) !== 0) return false;
  return typeof process.getuid !== 'function' || stat.uid === process.getuid();
}

/** Reads a cache entry, or undefined when there is none (or it cannot be read). */
function readEntry(file) {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes every entry the run made, each in one rename so a concurrent run reads a whole one or none. */
function writeEntries(pending, dir) {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!isPrivate(dir)) return;
    for (const [script, file] of pending) {
      const temporary = `${file}.${process.pid}`;
      fs.writeFileSync(temporary, script.createCachedData());
      fs.renameSync(temporary, file);
    }
  } catch {
    // A cache that cannot be written only makes the next run as slow as this one.
  }
}

/**
 * Compiles the CommonJS files below the `folders` (the bundle, and installed packages every run loads) with V8's
 * code cache in `cacheDir`, and at exit stores the code of those that had none. Does nothing on a Node with its
 * own compile cache (which it enables instead), or when that cache is switched off.
 */
function enableCompileCache(folders, cacheDir = defaultCacheDir()) {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return;
  if (typeof Module.enableCompileCache === 'function') {
    Module.enableCompileCache();
    return;
  }
  if (!isPrivate(cacheDir)) return;
  const roots = folders.map((folder) => folder + path.sep);
  const pending = [];
  const compile = Module.prototype._compile;
  Module.prototype._compile = function compileWithCache(content, filename) {
    if (!roots.some((root) => filename.startsWith(root)) || DYNAMIC_IMPORT.test(content))
      return compile.call(this, content, filename);
    const stat = fs.statSync(filename, { throwIfNoEntry: false });
    if (!stat) return compile.call(this, content, filename);
    const key = [process.version, process.arch, filename, stat.size, stat.mtimeMs, content.length].join('\0');
    const entry = path.join(cacheDir, crypto.createHash('sha256').update(key).digest('hex').slice(0, 32));
    const cachedData = readEntry(entry);
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    if (cachedData === undefined || script.cachedDataRejected) {
      if (pending.length === 0) process.once('exit', () => writeEntries(pending, cacheDir));
      pending.push([script, entry]);
    }
    const run = script.runInThisContext({ displayErrors: true });
    return run.call(this.exports, this.exports, requireFor(this), this, filename, path.dirname(filename));
  };
}

/** The `require` Node gives a module's code (node:internal/modules/helpers makeRequireFunction). */
function requireFor(module) {
  const require = (id) => module.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, module, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, module);
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

module.exports = { enableCompileCache };
