import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { checkComposeText, checkStackText, validateComposeSchema } from '../compose';
import { writeStackFiles } from './write-stack-files';

/**
 * Every complaint the real validators have about a stack's compose.yaml and stack.yaml; empty when valid.
 * `stackDir` is where synth would have written the stack: files the stack file names by a relative path
 * (a user's config) are resolved from there, as `docker stack deploy` would.
 */
export function composeArtifactProblems(
  files: Readonly<Record<string, { text: string }>>,
  baseDir?: string,
): string[] {
  const problems: string[] = [];
  const compose = files['compose.yaml'];
  const swarm = files['stack.yaml'];
  if (compose) {
    problems.push(
      ...validateComposeSchema(compose.text).map((e) => `compose.yaml schema: ${JSON.stringify(e)}`),
    );
    problems.push(...checkComposeText(compose.text).map((e) => `compose.yaml: ${e}`));
  }
  if (swarm) {
    problems.push(...checkStackText(swarm.text).map((e) => `stack.yaml: ${e}`));
    const written = writeStackFiles(files, baseDir);
    try {
      // The real `docker stack config` (no engine needed), next to the files the stack file refers to.
      const result = spawnSync('docker', ['stack', 'config', '-c', join(written.dir, 'stack.yaml')], {
        encoding: 'utf8',
        timeout: 20_000,
        env: { PATH: process.env.PATH ?? '', HOME: written.dir },
      });
      if (result.status !== 0)
        problems.push(`docker stack config: ${result.stderr || result.error?.message}`);
    } finally {
      written.remove();
    }
  }
  return problems;
}
