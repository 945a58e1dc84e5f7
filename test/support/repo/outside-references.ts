import * as fs from 'node:fs';
import * as path from 'node:path';

/** A path in a file of the repository that leads out of the repository. */
export interface OutsideReference {
  /** The file, relative to the repository root. */
  readonly file: string;
  readonly line: number;
  /** What the file says. */
  readonly text: string;
  /** Where it leads, relative to the repository root (so it starts with `..`). */
  readonly target: string;
}

/** Folders that are not the repository's own files: installs, build output, scratch space. */
const SKIPPED = new Set(['node_modules', '.git', 'dist', '.tmp', '.work']);
const CODE = /\.(?:[cm]?[jt]s|sh)$/;
const CONFIG = /^(?:package|tsconfig(?:\.[\w-]+)?|biome)\.json$/;

/** Every file the scan reads, relative to `root`: code, tests, scripts (.ci/ included) and config. */
export function scannedFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name)) walk(relative);
      } else if (
        entry.isFile() &&
        (CODE.test(entry.name) || CONFIG.test(entry.name) || dir.split(path.sep)[0] === '.ci')
      ) {
        files.push(relative);
      }
    }
  };
  walk('');
  return files.sort();
}

// Each pattern captures the base it is relative to (`base`) and the path (`rest`).
const PATTERNS: readonly { kind: 'module' | 'dirname' | 'root' | 'shell' | 'json'; pattern: RegExp }[] = [
  // import/export ... from './x', require('./x'), require.resolve('./x'), import('./x'), jest.mock('./x')
  {
    kind: 'module',
    pattern:
      /(?:\bfrom\s+|\brequire(?:\.resolve)?\(\s*|\bimport\(\s*|\bjest\.(?:mock|requireActual)\(\s*)(['"])(?<rest>\.\.?\/[^'"]*)\1/g,
  },
  // path.join(__dirname, '..', 'x'), resolve(__dirname, '../x'): the literal segments after the anchor
  {
    kind: 'dirname',
    pattern: /\b(?:join|resolve)\(\s*(?:__dirname|import\.meta\.dirname)(?<rest>(?:\s*,\s*(['"])[^'"]*\2)+)/g,
  },
  // a join or resolve from REPO_ROOT or repoRoot(): already at the root, so any `..` leaves it
  {
    kind: 'root',
    pattern: /\b(?:join|resolve)\(\s*(?:REPO_ROOT|repoRoot\(\))(?<rest>(?:\s*,\s*(['"])[^'"]*\2)+)/g,
  },
  // "$(dirname "$0")/../x", $(dirname "${BASH_SOURCE[0]}")/..
  { kind: 'shell', pattern: /\$\(dirname\s+"?\$(?:0|\{BASH_SOURCE\[0\]\})"?\)(?<rest>(?:\/[\w.-]+)+)/g },
  // "extends": "../../tsconfig.base.json", "include": ["../x"]: config paths are relative to the file
  { kind: 'json', pattern: /"(?<rest>\.\.\/[^"]*)"/g },
];

/** The paths in one file's text that lead out of the repository at `root`. */
export function outsideReferences(root: string, file: string, text: string): OutsideReference[] {
  const found: OutsideReference[] = [];
  const fileDir = path.join(root, path.dirname(file));
  const json = file.endsWith('.json');
  for (const { kind, pattern } of PATTERNS) {
    if ((kind === 'json') !== json) continue;
    for (const match of text.matchAll(pattern)) {
      const rest = match.groups?.rest ?? '';
      const segments =
        kind === 'dirname' || kind === 'root'
          ? [...rest.matchAll(/(['"])([^'"]*)\1/g)].map((literal) => literal[2] ?? '')
          : [kind === 'shell' ? rest.slice(1) : rest];
      const base = kind === 'root' ? root : fileDir;
      const target = path.relative(root, path.resolve(base, ...segments));
      if (target === '..' || target.startsWith(`..${path.sep}`) || path.isAbsolute(target)) {
        const line = text.slice(0, match.index).split('\n').length;
        found.push({ file, line, text: match[0], target });
      }
    }
  }
  return found;
}
