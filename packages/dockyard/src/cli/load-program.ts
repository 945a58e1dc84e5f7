import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DockyardUserError, isUserError } from '../core/errors';
import { importTsxEsmApi } from './tsx-esm';

/**
 * Set by this repository's bin/launch.cjs: points the ES module imports of `dockyard` at the bundle the CLI
 * runs (CommonJS requires it points there at once; a published package needs neither).
 */
const ESM_ENTRIES = Symbol.for('dockyard:register-esm-entries');

/** Programs loaded by this process so far. */
let loads = 0;

/**
 * Runs the user's TypeScript program in this process through tsx (a maintained loader built on esbuild),
 * so that the Apps it creates register themselves for the CLI. Errors that come from the program itself
 * (syntax errors, exceptions it throws, missing imports) become concise user errors.
 */
export async function loadProgram(entry: string): Promise<void> {
  try {
    if (isEsmProgram(entry)) {
      (globalThis as Record<symbol, (() => void) | undefined>)[ESM_ENTRIES]?.();
      const { tsImport } = await importTsxEsmApi();
      await tsImport(pathToFileURL(entry).href, __filename);
    } else {
      // CommonJS keeps exact source positions in stack traces, so a thrown error points at the user's line.
      // tsx's own `require` namespaces its hooks by Date.now(), and the namespace is part of tsx's transform
      // cache key: every run re-transpiled every file and added its copies to the cache folder. A namespace
      // that is the same in every process (one per load, so a second load still runs the program afresh)
      // keeps the cache.
      // tsx's CommonJS build: `import()` of its ES module build started Node's ES module loader for nothing.
      const { register } = require('tsx/cjs/api') as typeof import('tsx/cjs/api');
      const api = register({ namespace: `dockyard-synth-${++loads}` });
      const restore = shareThisLibrary();
      try {
        api.require(entry, __filename);
      } finally {
        restore();
      }
    }
  } catch (error) {
    throw explainProgramError(error, entry);
  }
}

/** The folder of the nearest package.json at or above `dir`, if any. */
function packageFolder(dir: string): string | undefined {
  for (let at = dir; ; at = path.dirname(at)) {
    if (fs.existsSync(path.join(at, 'package.json'))) return at;
    if (path.dirname(at) === at) return undefined;
  }
}

/** This package's folder, above `src/cli/` here and above the bundle's chunks in `dist/` when published. */
const LIBRARY_ROOT = (packageFolder(__dirname) ?? path.join(__dirname, '..', '..')) + path.sep;
const TYPESCRIPT = /\.[cm]?tsx?$/;
/** tsx counts its global (un-namespaced) CommonJS hooks here (a process started under `tsx` has one). */
const TSX_GLOBAL_LOADERS = Symbol.for('tsx:global-cjs-loader-count');

/**
 * While the program loads, resolves its `import 'dockyard'` (and anything else in this package) without tsx's
 * namespace, so Node loads the library once, the copy the CLI already runs, with no transform. tsx files
 * every module under a `?namespace=` query, so the library was otherwise evaluated a second time and each
 * of its files (and those of zod, yaml and constructs below it) went through tsx's loader: a CPU profile of
 * the installed `synth` on the flagship put 639 ms under the program's `import 'dockyard'`, about half of
 * it tsx's own work. TypeScript files of this package (the repository's source) are only shared when tsx's
 * global hook, which can load them without a namespace, is active. Returns the function that undoes it.
 */
function shareThisLibrary(): () => void {
  const modules = Module as unknown as { _resolveFilename: (...args: unknown[]) => unknown };
  const resolve = modules._resolveFilename;
  const globalTs = () => ((globalThis as Record<symbol, number | undefined>)[TSX_GLOBAL_LOADERS] ?? 0) > 0;
  modules._resolveFilename = function resolveShared(this: unknown, ...args: unknown[]): unknown {
    const resolved = resolve.apply(this, args);
    if (typeof resolved !== 'string') return resolved;
    const [file = resolved, query] = resolved.split('?');
    if (query === undefined || [...new URLSearchParams(query).keys()].join() !== 'namespace') return resolved;
    // The library's own files, not packages installed inside its folder (pnpm links them there).
    const ours =
      file.startsWith(LIBRARY_ROOT) && !file.slice(LIBRARY_ROOT.length).startsWith(`node_modules${path.sep}`);
    return ours && (!TYPESCRIPT.test(file) || globalTs()) ? file : resolved;
  };
  return () => {
    modules._resolveFilename = resolve;
  };
}

/** `.mts`, or a `.ts` file under a package.json that says `"type": "module"`. */
function isEsmProgram(entry: string): boolean {
  if (entry.endsWith('.mts') || entry.endsWith('.mjs')) return true;
  if (entry.endsWith('.cts') || entry.endsWith('.cjs')) return false;
  const folder = packageFolder(path.dirname(entry));
  if (folder === undefined) return false;
  try {
    const manifest = fs.readFileSync(path.join(folder, 'package.json'), 'utf8');
    return (JSON.parse(manifest) as { type?: unknown }).type === 'module';
  } catch {
    return false;
  }
}

/** Classifies an error thrown while the program ran: the user's mistake, or a bug of ours (rethrown as is). */
function explainProgramError(error: unknown, entry: string): unknown {
  if (isUserError(error)) return error;
  if (!(error instanceof Error))
    return new DockyardUserError(`${path.basename(entry)} threw ${String(error)}`);
  const syntax = syntaxError(error);
  if (syntax) return new DockyardUserError(syntax);
  if (
    (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' ||
    (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND'
  ) {
    return new DockyardUserError(firstLine(error.message));
  }
  const frame = firstFrame(error);
  if (frame && !isOurs(frame)) {
    return new DockyardUserError(`${error.name}: ${firstLine(error.message)}\n    at ${shorten(frame)}`);
  }
  return error;
}

function syntaxError(error: Error): string | undefined {
  // esbuild reports "Transform failed with 1 error:\nfile:line:col: ERROR: message".
  const match = /Transform failed with \d+ errors?:\n([^\n]+)/.exec(error.message);
  if (match?.[1]) return `syntax error: ${shortenPath(match[1])}`;
  if (error.name === 'SyntaxError') return `syntax error: ${firstLine(error.message)}`;
  return undefined;
}

function firstFrame(error: Error): string | undefined {
  return (error.stack ?? '')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().replace(/^at\s+/, ''))
    .find((line) => !line.includes('node:internal') && !line.startsWith('node:') && line.length > 0);
}

/** Our own code (a bug) as opposed to the user's program or the constructs library enforcing its rules. */
function isOurs(frame: string): boolean {
  // packages/dockyard/.tmp holds the bundle this repository's bins run (scripts/dev-bundle.cjs).
  return /[\\/](packages[\\/]dockyard[\\/](src|\.tmp)|node_modules[\\/]dockyard[\\/]dist|node_modules[\\/]tsx)[\\/]/.test(
    frame,
  );
}

function shorten(frame: string): string {
  // tsx runs a CommonJS program through a data: URL whose `filePath` parameter names the real file.
  const dataUrl = /data:text\/javascript,.*[?&]filePath=([^:)\s]+)(?::(\d+):(\d+))?/.exec(frame);
  if (dataUrl?.[1]) {
    const file = decodeURIComponent(dataUrl[1]).replace(/\?namespace=[^?]*$/, '');
    return shortenPath(dataUrl[2] ? `${file}:${dataUrl[2]}:${dataUrl[3]}` : file);
  }
  const anonymous = /^<anonymous> \((.*)\)$/.exec(frame);
  return shortenPath((anonymous?.[1] ?? frame).replace(/file:\/\//g, ''));
}

function shortenPath(text: string): string {
  const cwd = process.cwd() + path.sep;
  return text.split(cwd).join('');
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
