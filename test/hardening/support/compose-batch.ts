import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkComposeText, checkStackText, validateComposeSchema } from '../../support/compose';

/** A stack's artifacts by file name, as synth would lay them out side by side. */
export type StackFiles = Readonly<Record<string, string>>;

/** What the schema and Dockyard's text checks say about compose.yaml and stack.yaml (no process started). */
export function composeTextProblems(files: StackFiles): string[] {
  const problems: string[] = [];
  const compose = files['compose.yaml'];
  const swarm = files['stack.yaml'];
  if (compose !== undefined) {
    problems.push(...validateComposeSchema(compose).map((e) => `compose.yaml schema: ${JSON.stringify(e)}`));
    problems.push(...checkComposeText(compose).map((e) => `compose.yaml: ${e}`));
  }
  if (swarm !== undefined) problems.push(...checkStackText(swarm).map((e) => `stack.yaml: ${e}`));
  return problems;
}

/** What `docker stack config` said: its problems (empty when it accepted the file) and its normalized output. */
export interface DockerVerdict {
  readonly problems: readonly string[];
  /** The file as docker read it: interpolated (`$$` read back as `$`), defaults filled in. */
  readonly stdout: string;
}

/**
 * The real `docker stack config -c stack.yaml` (~25 ms of a Go binary starting), next to the stack's other
 * files, because the stack file names `./nginx.conf` as a config.
 */
export async function dockerStackConfig(files: StackFiles): Promise<DockerVerdict> {
  const dir = mkdtempSync(join(tmpdir(), 'dockyard-hardening-stack-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return await new Promise<DockerVerdict>((resolve) => {
      execFile(
        'docker',
        ['stack', 'config', '-c', join(dir, 'stack.yaml')],
        { env: { PATH: process.env.PATH ?? '', HOME: dir }, timeout: 30_000, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => {
          if (error === null) resolve({ problems: [], stdout });
          else resolve({ problems: [`docker stack config: ${`${stderr}`.trim() || error.message}`], stdout });
        },
      );
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
