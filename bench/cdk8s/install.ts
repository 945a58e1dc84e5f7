import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CDK8S_DIR, CDK8S_PACKAGES } from './versions';

/** Installs the pinned cdk8s packages into bench/.work/cdk8s unless exactly those are there already. */
export function ensureCdk8sInstalled(log: (line: string) => void): void {
  if (installedMatches()) return;
  fs.mkdirSync(CDK8S_DIR, { recursive: true });
  fs.writeFileSync(
    path.join(CDK8S_DIR, 'package.json'),
    `${JSON.stringify({ name: 'dockyard-bench-cdk8s', private: true, version: '0.0.0' }, null, 2)}\n`,
  );
  const specs = Object.entries(CDK8S_PACKAGES).map(([name, version]) => `${name}@${version}`);
  log(`installing ${specs.join(' ')} into ${CDK8S_DIR}`);
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--save-exact', ...specs], {
    cwd: CDK8S_DIR,
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (result.status !== 0 || !installedMatches()) {
    throw new Error(`npm install of cdk8s failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

function installedMatches(): boolean {
  return Object.entries(CDK8S_PACKAGES).every(([name, version]) => installedVersion(name) === version);
}

/** The version of a package in the cdk8s scratch project, if installed. */
export function installedVersion(name: string): string | undefined {
  try {
    const manifest = fs.readFileSync(path.join(CDK8S_DIR, 'node_modules', name, 'package.json'), 'utf8');
    return (JSON.parse(manifest) as { version?: string }).version;
  } catch {
    return undefined;
  }
}
