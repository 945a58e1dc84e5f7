import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What `docker stack config` said about a stack file. */
export interface DockerStackConfigResult {
  /** Exit status 0: the CLI parsed, validated and interpolated the file. */
  readonly ok: boolean;
  /** The normalized file (interpolation applied, `$$` read back as `$`), when ok. */
  readonly stdout: string;
  /** The CLI's complaint, e.g. `services.web Additional property foo is not allowed`. */
  readonly stderr: string;
}

/** Options of {@link dockerStackConfig}. */
export interface DockerStackConfigOptions {
  /** @default 10_000 */
  readonly timeoutMs?: number;
  /**
   * The only environment variables the CLI sees besides PATH and HOME, so interpolation does not depend on the
   * shell running the tests (set one to prove a `$name` is not interpolated).
   */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Runs `docker stack config -c FILE` on the exact bytes of `text` (written to a fresh temp folder, removed after),
 * the check `docker stack deploy` itself runs; no engine needed. One call takes ~25 ms, so there is no batched
 * variant: a test can afford one call per file.
 */
export function dockerStackConfig(
  text: string,
  options: DockerStackConfigOptions = {},
): DockerStackConfigResult {
  const dir = mkdtempSync(join(tmpdir(), 'dockyard-stack-'));
  try {
    const file = join(dir, 'stack.yaml');
    writeFileSync(file, text);
    const result = spawnSync('docker', ['stack', 'config', '-c', file], {
      encoding: 'utf8',
      timeout: options.timeoutMs ?? 10_000,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, ...options.env },
    });
    if (result.error !== undefined) {
      return { ok: false, stdout: '', stderr: `docker stack config did not run: ${result.error.message}` };
    }
    return { ok: result.status === 0, stdout: result.stdout, stderr: result.stderr.trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
