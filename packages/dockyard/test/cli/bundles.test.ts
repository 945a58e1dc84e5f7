import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../helpers/tmp';

// What the bins run: a bundle (dist/ when published, a bundle of src/ made on demand in this repository) and
// V8's code cache for it. Each runs in a child process, as the bins run them: they patch Node's module loader.

const PACKAGE_DIR = path.resolve(__dirname, '..', '..');
const COMPILE_CACHE = path.join(PACKAGE_DIR, 'bin', 'compile-cache.cjs');
const DEV_BUNDLE = path.join(PACKAGE_DIR, 'scripts', 'dev-bundle.cjs');
const BUNDLE = path.join(PACKAGE_DIR, 'scripts', 'bundle.cjs');

function node(script: string, env: NodeJS.ProcessEnv = {}): string {
  const run = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  if (run.status !== 0) throw new Error(`node -e failed (${run.status ?? run.signal}):\n${run.stderr}`);
  return run.stdout;
}

describe('the compile cache', () => {
  function bundleWithCache() {
    const bundle = tempDir();
    const cache = path.join(tempDir(), 'cache');
    fs.writeFileSync(path.join(bundle, 'plain.js'), 'exports.answer = () => 6 * 7;\n');
    fs.writeFileSync(
      path.join(bundle, 'imports.js'),
      "exports.load = () => import('node:path').then((p) => p.sep);\n",
    );
    const script = `
      require(${JSON.stringify(COMPILE_CACHE)}).enableCompileCache([${JSON.stringify(bundle)}], ${JSON.stringify(cache)});
      const plain = require(${JSON.stringify(path.join(bundle, 'plain.js'))});
      require(${JSON.stringify(path.join(bundle, 'imports.js'))}).load().then((sep) => console.log(plain.answer(), sep));`;
    const entries = () => (fs.existsSync(cache) ? fs.readdirSync(cache) : []);
    return { cache, script, entries };
  }

  test('stores the code of a bundle file at exit and reuses it; a file with import() compiles as usual', () => {
    // GIVEN
    const { cache, script, entries } = bundleWithCache();
    // WHEN
    const first = node(script, { NODE_DISABLE_COMPILE_CACHE: '' });
    // THEN one entry: plain.js (imports.js keeps Node's own import())
    expect(first).toBe(`42 ${path.sep}\n`);
    expect(entries()).toHaveLength(1);
    const entry = path.join(cache, entries()[0] ?? '');
    const written = fs.statSync(entry).mtimeMs;

    // WHEN it runs again
    const second = node(script, { NODE_DISABLE_COMPILE_CACHE: '' });
    // THEN the same result, from the entry as it was (V8 accepted it, so nothing was written again)
    expect(second).toBe(first);
    expect(entries()).toHaveLength(1);
    expect(fs.statSync(entry).mtimeMs).toBe(written);
  });

  test('NODE_DISABLE_COMPILE_CACHE switches it off', () => {
    // GIVEN
    const { script, entries } = bundleWithCache();
    // WHEN
    const run = node(script, { NODE_DISABLE_COMPILE_CACHE: '1' });
    // THEN
    expect(run).toBe(`42 ${path.sep}\n`);
    expect(entries()).toEqual([]);
  });
});

describe("the repository bins' bundle of the source", () => {
  test('is reused while the files it was made from are unchanged, and made again when one changes', () => {
    // GIVEN a bundle in a cache of its own
    const cache = path.join(tempDir(), 'bundles');
    const fresh = `console.log(require(${JSON.stringify(DEV_BUNDLE)}).freshBundle(${JSON.stringify(cache)}))`;
    const first = node(fresh).trim();
    expect(fs.existsSync(path.join(first, 'index.js'))).toBe(true);
    expect(fs.existsSync(path.join(first, 'cli', 'main.js'))).toBe(true);
    // WHEN nothing changed
    const again = node(fresh).trim();
    // THEN
    expect(again).toBe(first);

    // WHEN a file it was made from changes (here one added to its record, so the source stays untouched)
    const input = path.join(tempDir(), 'input.ts');
    fs.writeFileSync(input, 'export {};\n');
    const pointer = path.join(cache, 'current.json');
    const record = JSON.parse(fs.readFileSync(pointer, 'utf8')) as { inputs: Record<string, number[]> };
    const stat = fs.statSync(input);
    record.inputs[input] = [stat.mtimeMs, stat.size];
    fs.writeFileSync(pointer, JSON.stringify(record));
    expect(node(fresh).trim()).toBe(first);
    fs.writeFileSync(input, 'export const changed = true;\n');
    const rebuilt = node(fresh).trim();
    // THEN
    expect(rebuilt).not.toBe(first);
    expect(fs.existsSync(path.join(rebuilt, 'index.js'))).toBe(true);
  }, 240_000);
});

describe('the bundle', () => {
  // The published build of the JavaScript, in a folder of its own, made once for the tests below.
  let built: { out: string; files: string[] } | undefined;
  function published() {
    if (built) return built;
    const out = tempDir();
    node(`require(${JSON.stringify(BUNDLE)}).bundle(${JSON.stringify(out)})`);
    const files = fs
      .readdirSync(out, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.js'));
    built = { out, files };
    return built;
  }

  test("leaves out zod's other locales: the library reads zod as a namespace import, which esbuild can shake", () => {
    // GIVEN / WHEN
    const { out, files } = published();
    // THEN zod's English messages are in it and its German ones are not. `import { z } from 'zod'` makes esbuild
    // keep the whole namespace object, every locale with it (about 400 KB of the 830 KB zod chunk then), which
    // each jest test file and each cold `synth` compiles.
    const containing = (text: string) =>
      files.filter((file) => fs.readFileSync(path.join(out, file), 'utf8').includes(text));
    expect(containing('Invalid input: expected')).not.toEqual([]);
    expect(containing('Eingabe: erwartet')).toEqual([]);
  }, 120_000);

  test("binds the built-ins it reads most once per file, and in a vm context (jest's) they are that context's", () => {
    // GIVEN
    const { out, files } = published();
    const { BUILTINS } = require(BUNDLE) as { BUILTINS: string[] };
    // THEN every file binds them before its own code
    for (const file of files) {
      expect(fs.readFileSync(path.join(out, file), 'utf8').split('\n')[0]).toBe(
        `const { ${BUILTINS.join(', ')} } = globalThis;`,
      );
    }
    // WHEN the library runs in a context of its own, its files compiled there as jest compiles them: one program
    // with an invalid prop, one without
    const result = node(`
      const vm = require('node:vm'), fs = require('node:fs'), path = require('node:path');
      const context = vm.createContext({ process, console, Buffer, setTimeout, clearTimeout });
      const loaded = new Map();
      function load(file) {
        if (loaded.has(file)) return loaded.get(file).exports;
        const module = { exports: {} };
        loaded.set(file, module);
        const source = '(function (exports, require, module) {' + fs.readFileSync(file, 'utf8') + '\\n})';
        const local = (id) =>
          id.startsWith('.') ? load(require.resolve(path.resolve(path.dirname(file), id))) : require(id);
        vm.runInContext(source, context, { filename: file })(module.exports, local, module);
        return module.exports;
      }
      const { App, FlaskService, Stack, synthText, ValidationError } = load(path.join(${JSON.stringify(out)}, 'index.js'));
      const realm = vm.runInContext('({ Error, Object })', context);
      const invalid = new App();
      new FlaskService(new Stack(invalid, 'shop'), 'web', { image: 'shop:1', replicas: 'three' });
      try {
        synthText(invalid);
      } catch (error) {
        const kinds = [error instanceof ValidationError, error instanceof realm.Error, error instanceof Error];
        console.log(JSON.stringify({ kinds, replicas: error.message.includes('replicas') }));
      }
      const valid = new App();
      new FlaskService(new Stack(valid, 'shop'), 'web', { image: 'shop:1' });
      const { stacks } = synthText(valid);
      console.log(JSON.stringify({ realm: Object.getPrototypeOf(stacks) === realm.Object.prototype, files: Object.keys(stacks.shop) }));
    `);
    // THEN its errors and objects are that context's, as they were before the bindings: a test's
    // `toThrow(Error)` and `toEqual` see what they saw
    const [failed, synthesized] = result
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(failed).toEqual({ kinds: [true, true, false], replicas: true });
    expect(synthesized).toEqual({ realm: true, files: ['compose.yaml', 'stack.yaml'] });
  }, 120_000);
});
