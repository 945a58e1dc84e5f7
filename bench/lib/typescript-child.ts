import { spawn } from 'node:child_process';
import { DOCKYARD_DIR } from './paths';

/** tsx's CommonJS hook, resolved from the library package (the workspace root does not depend on tsx). */
export const TSX_REQUIRE_HOOK = require.resolve('tsx/cjs', { paths: [DOCKYARD_DIR] });

/**
 * The node arguments that run a TypeScript file of this repository: tsx's hook, and the export condition under
 * which `import 'dockyard'` reads the library's source (dist/ is not built in the workspace).
 */
export const TYPESCRIPT_NODE_ARGS = ['--conditions=dockyard-source', '--require', TSX_REQUIRE_HOOK] as const;

/** What a child printed and how it ended. */
export interface ChildResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a TypeScript file in a fresh node process (through tsx's require hook) and collects its output.
 * `nodeArgs` go before the script, e.g. `--cpu-prof`.
 */
export function runTypeScript(
  script: string,
  args: readonly string[],
  options: { nodeArgs?: readonly string[]; cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...(options.nodeArgs ?? []), ...TYPESCRIPT_NODE_ARGS, script, ...args],
      { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The JSON a child printed on its last `RESULT ` line; throws with the child's output when there is none. */
export function resultLine(result: ChildResult, what: string): unknown {
  const line = result.stdout
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('RESULT '));
  if (result.code !== 0 || line === undefined) {
    throw new Error(`${what} failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
  return JSON.parse(line.slice('RESULT '.length));
}
