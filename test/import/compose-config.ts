import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ROOT } from './support';

let binary: string | undefined;

/**
 * The real `docker compose` (v2, Debian unstable's package), fetched into the test cache on first use by
 * scripts/fetch-unstable.sh; `config` needs no engine.
 */
export function dockerCompose(): string {
  if (binary === undefined) {
    const folder = execFileSync('bash', [path.join(ROOT, 'scripts/fetch-unstable.sh'), 'docker-compose'], {
      encoding: 'utf8',
      timeout: 300_000,
    })
      .trim()
      .split('\n')
      .at(-1) as string;
    binary = path.join(folder, 'usr/libexec/docker/cli-plugins/docker-compose');
  }
  return binary;
}

/**
 * `docker compose -p NAME -f FILE config --format json --no-interpolate`: the model Compose itself reads from
 * the file (short syntax expanded, paths absolute, defaults filled in), as plain data.
 */
export function composeConfig(file: string, project: string): Record<string, unknown> {
  const run = spawnSync(
    dockerCompose(),
    ['-p', project, '-f', file, 'config', '--format', 'json', '--no-interpolate', '--no-env-resolution'],
    {
      encoding: 'utf8',
      timeout: 60_000,
      cwd: path.dirname(file),
      env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent' },
    },
  );
  if (run.status !== 0) throw new Error(`docker compose config ${file}: ${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}
