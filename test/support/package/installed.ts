import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PACKAGE_DIR, packageManifest, tarballEntries } from './pack';

/**
 * Unpacks `tarball` into `project/node_modules/dockyard`, as `npm install <tarball>` lays it out, and links the
 * package's dependencies from this workspace's install beside it. Tests that only need the package's files
 * (its declarations for the language service) then need neither the registry nor minutes of `npm install`.
 */
export function unpackInto(tarball: string, project: string): string {
  const modules = path.join(project, 'node_modules');
  const target = path.join(modules, packageManifest().name);
  fs.mkdirSync(target, { recursive: true });
  if (tarballEntries(tarball).length === 0) throw new Error(`${tarball} holds no files`);
  execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
  const dependencies = Object.keys(
    (JSON.parse(fs.readFileSync(path.join(target, 'package.json'), 'utf8')) as { dependencies?: object })
      .dependencies ?? {},
  );
  for (const dependency of dependencies) {
    const link = path.join(modules, dependency);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(fs.realpathSync(path.join(PACKAGE_DIR, 'node_modules', dependency)), link);
  }
  return target;
}
