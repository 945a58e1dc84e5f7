import * as fs from 'node:fs';
import * as path from 'node:path';
import { TYPESCRIPT_NODE_ARGS } from '../../bench/lib/typescript-child';
import { packageManifest } from '../support/package/pack';

// The workspace reads the library's TypeScript source under one export condition, and every consumer in the
// workspace must ask for that same name: a consumer that does not would load dist/, which is not built here.

const root = path.resolve(__dirname, '..', '..');
const CONDITION = 'dockyard-source';

function readJson<T>(...segments: string[]): T {
  return JSON.parse(fs.readFileSync(path.join(root, ...segments), 'utf8')) as T;
}

describe('the dockyard-source export condition', () => {
  test('each entry point maps to its source under the condition, first, and to its build otherwise', () => {
    // GIVEN
    const { exports } = packageManifest();
    const entries = Object.entries(exports).filter(([subpath]) => subpath !== './package.json');
    // THEN
    expect(entries.map(([subpath]) => subpath)).toEqual(['.', './testing', './schemas', './jest']);
    for (const [, target] of entries) {
      if (typeof target === 'string') throw new Error(`an export without conditions: ${target}`);
      // Resolvers take the first condition they know, so the source must come before `types` and `default`.
      expect(Object.keys(target)).toEqual([CONDITION, 'types', 'default']);
      const source = target[CONDITION] ?? '';
      expect(fs.existsSync(path.join(root, 'packages', 'dockyard', source))).toBe(true);
      const built = source.replace(/^\.\/src\//, './dist/').replace(/\.ts$/, '');
      expect(target).toEqual({ [CONDITION]: source, types: `${built}.d.ts`, default: `${built}.js` });
    }
  });

  test('tsc, jest and the bench children ask for it', () => {
    // GIVEN
    const tsconfig = readJson<{ compilerOptions: { customConditions?: string[] } }>('tsconfig.json');
    const jest = require(path.join(root, 'jest.config.js')) as {
      projects: { displayName: string; testEnvironmentOptions?: { customExportConditions?: string[] } }[];
    };
    const workspace = readJson<{ scripts: Record<string, string> }>('package.json');
    // THEN
    expect(tsconfig.compilerOptions.customConditions).toEqual([CONDITION]);
    for (const project of jest.projects) {
      expect(`${project.displayName}: ${project.testEnvironmentOptions?.customExportConditions}`).toBe(
        `${project.displayName}: node,node-addons,${CONDITION}`,
      );
    }
    expect(TYPESCRIPT_NODE_ARGS).toContain(`--conditions=${CONDITION}`);
    expect(workspace.scripts.bench).toContain(`--conditions=${CONDITION}`);
  });
});
