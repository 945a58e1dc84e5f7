import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, runCommand } from '../../examples/support/examples';

/** The library package's folder in this repository. */
export const PACKAGE_DIR = path.join(REPO_ROOT, 'packages', 'dockyard');

/** The tools a user might publish the package with. */
export type PackTool = 'npm' | 'pnpm';

/** The manifest fields the packing tests read. */
export interface PackageManifest {
  readonly name: string;
  readonly version: string;
  readonly main: string;
  readonly types: string;
  readonly files: readonly string[];
  readonly exports: Readonly<Record<string, string | Readonly<Record<string, string>>>>;
  readonly publishConfig?: unknown;
}

/** The package.json of the library as the repository has it. */
export function packageManifest(): PackageManifest {
  return JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8')) as PackageManifest;
}

/**
 * Packs the library with `tool` the way a release would, prepack script (the build) included, and resolves to
 * the tarball's path in `destination`. It packs a copy of the package (package.json, what `files` ships, the
 * build config and the base config it extends) placed in `stage` as it sits in the repository, with links to the
 * installed dependencies, so the build writes its dist/ there and the repository's own folder stays untouched. The
 * build scripts (scripts/) come along: prepack runs them.
 */
export async function packDockyard(tool: PackTool, stage: string, destination: string): Promise<string> {
  const manifest = packageManifest();
  const copy = path.join(stage, `${tool}-source`);
  const pkg = path.join(copy, path.relative(REPO_ROOT, PACKAGE_DIR));
  fs.mkdirSync(pkg, { recursive: true });
  fs.copyFileSync(path.join(REPO_ROOT, 'tsconfig.base.json'), path.join(copy, 'tsconfig.base.json'));
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(copy, 'node_modules'));
  fs.symlinkSync(path.join(PACKAGE_DIR, 'node_modules'), path.join(pkg, 'node_modules'));
  for (const entry of ['package.json', 'tsconfig.build.json', 'scripts', 'src', ...manifest.files]) {
    if (fs.existsSync(path.join(PACKAGE_DIR, entry)) && entry !== 'dist') {
      fs.cpSync(path.join(PACKAGE_DIR, entry), path.join(pkg, entry), { recursive: true });
    }
  }
  fs.mkdirSync(destination, { recursive: true });
  const [file, args] =
    tool === 'npm'
      ? ['npm', ['pack', '--pack-destination', destination]]
      : ['npx', ['--yes', 'pnpm@10.34.8', 'pack', '--pack-destination', destination]];
  const pack = await runCommand(file, args, pkg, 180_000);
  if (pack.code !== 0)
    throw new Error(`${tool} pack failed (exit ${pack.code}):\n${pack.stdout}\n${pack.stderr}`);
  const tarball = path.join(destination, `${manifest.name}-${manifest.version}.tgz`);
  if (!fs.existsSync(tarball)) throw new Error(`${tool} pack wrote no ${tarball}:\n${pack.stdout}`);
  return tarball;
}

/** The paths inside a tarball, without the `package/` prefix every npm tarball has, sorted. */
export function tarballEntries(tarball: string): string[] {
  return execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.endsWith('/') === false && line.length > 0)
    .map((line) => line.replace(/^package\//, ''))
    .sort();
}

/** A file of a tarball, as text. */
export function tarballFile(tarball: string, file: string): string {
  return execFileSync('tar', ['-xzOf', tarball, `package/${file}`], { encoding: 'utf8' });
}
