import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';

// The import direction is the architecture (README, "Architecture"): each folder of the library's source may
// import its own layer and the layers below it, never one above. Faces share the top layer: the CLI draws
// graphs and runs imports, and `import` replays programs through the public entry point.
const LAYERS: readonly (readonly string[])[] = [
  ['model'],
  ['core'],
  ['constructs'],
  ['patterns'],
  ['output'],
  ['pipeline'],
  ['cli', 'testing', 'graph', 'import', 'index.ts', 'schemas.ts'],
];

const source = path.resolve(__dirname, '..', '..', 'packages', 'dockyard', 'src');

interface UpwardImport {
  readonly file: string;
  readonly imports: string;
  readonly why: string;
}

/** The layer a file (or an import's target, without its extension) belongs to, by its first path segment. */
function layerOf(relative: string): number {
  const top = relative.split('/')[0] ?? relative;
  return LAYERS.findIndex((names) => names.includes(top) || names.includes(`${top}.ts`));
}

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Every import (static, `import type`, dynamic `import()` and `require()`) in `src` that points up a layer. */
function upwardImports(src: string): UpwardImport[] {
  const found: UpwardImport[] = [];
  for (const file of sourceFiles(src)) {
    const from = path.relative(src, file).split(path.sep).join('/');
    const own = layerOf(from);
    if (own < 0) {
      found.push({ file: from, imports: '', why: 'is in no layer: add its folder to LAYERS' });
      continue;
    }
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    for (const { fileName: specifier } of importedFiles) {
      if (!specifier.startsWith('.')) continue;
      const target = path
        .relative(src, path.resolve(path.dirname(file), specifier))
        .split(path.sep)
        .join('/');
      // The package's own package.json, two folders up, is not a layer of the source.
      if (target.startsWith('..')) continue;
      const theirs = layerOf(target);
      if (theirs > own) {
        found.push({
          file: from,
          imports: specifier,
          why: `${LAYERS[own]?.join('/')} imports ${LAYERS[theirs]?.join('/')}, a layer above it`,
        });
      }
    }
  }
  return found;
}

describe('layers', () => {
  test('no file of the library imports a layer above its own', () => {
    // GIVEN every source file of the library
    // WHEN its imports are read
    const upward = upwardImports(source);
    // THEN none points up
    expect(upward).toEqual([]);
  });

  test('every layer named here is a folder (or file) of the source, so a rename cannot empty the check', () => {
    // GIVEN the top-level entries of the source
    const entries = fs.readdirSync(source);
    // THEN each layer's names exist, and every entry belongs to a layer
    for (const name of LAYERS.flat()) expect(entries).toContain(name);
    for (const entry of entries) expect([entry, layerOf(entry)]).not.toEqual([entry, -1]);
  });

  test('the check reports an upward import, a type-only one, a require and an unplaced folder', () => {
    // GIVEN a small source tree in which the kernel reaches up into the pipeline in three ways
    const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'dockyard-layers-'));
    try {
      const write = (file: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
        fs.writeFileSync(path.join(tree, file), text);
      };
      write('pipeline/app.ts', "import { Stack } from '../core/stack';\nexport class App {}\n");
      write(
        'core/stack.ts',
        "import type { App } from '../pipeline/app';\nexport const app = require('../pipeline/app');\n",
      );
      write('core/problems.ts', "import { App } from '../pipeline';\n");
      write('extras/thing.ts', 'export {};\n');
      // WHEN it is checked
      const upward = upwardImports(tree);
      // THEN each upward import and the folder outside every layer is named, and the downward one is not
      expect(upward.map((found) => [found.file, found.imports])).toEqual(
        expect.arrayContaining([
          ['core/stack.ts', '../pipeline/app'],
          ['core/problems.ts', '../pipeline'],
          ['extras/thing.ts', ''],
        ]),
      );
      expect(upward.filter((found) => found.file === 'core/stack.ts')).toHaveLength(2);
      expect(upward.some((found) => found.file.startsWith('pipeline/'))).toBe(false);
    } finally {
      fs.rmSync(tree, { recursive: true, force: true });
    }
  });
});
