import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { SetupStep } from './mount-plan';

/** Quotes one word for POSIX sh. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The line the supervisor prints once the namespace is ready; the netns id follows it. */
export const READY_MARKER = 'DOCKYARD-SANDBOX-READY';

let functions: string | undefined;

/**
 * Renders the supervisor script: setup steps in order, the ready line, then block on stdin and reap.
 *
 * The supervisor is the namespace's first process. It blocks reading its stdin, a pipe from the test
 * process; when that pipe closes (destroy, or the test process dying, even by SIGKILL) it kills every
 * process sharing its network namespace, so no server outlives the tests that started it.
 */
export function renderSetupScript(steps: readonly SetupStep[]): string {
  functions ??= readFileSync(path.join(__dirname, 'supervisor-functions.sh'), 'utf8');
  const lines = ['set -eu', functions.trimEnd(), 'ip link set lo up'];
  for (const step of steps) {
    const line = renderStep(step);
    if (line !== undefined) lines.push(line);
  }
  lines.push(`printf '%s %s\\n' ${READY_MARKER} "$(readlink /proc/$$/ns/net)"`);
  lines.push('set +e', 'while read -r _line; do :; done', 'reap', 'exit 0');
  return `${lines.join('\n')}\n`;
}

function renderStep(step: SetupStep): string | undefined {
  const q = shellQuote;
  switch (step.op) {
    case 'host-mkdir':
    case 'host-touch':
      return undefined; // done by the test process, in the sandbox's temp dir, before the supervisor starts
    case 'shadow':
      return step.dir === '/'
        ? ['shadow_root', q(step.stage), ...step.hide.map(q)].join(' ')
        : ['shadow_dir', q(step.dir), q(step.stage), ...step.hide.map(q)].join(' ');
    case 'mkdir':
      return `mkdir ${q(step.path)}`;
    case 'touch':
      return `: > ${q(step.path)}`;
    case 'unlink-copy':
      return `rm -f ${q(step.path)}`;
    case 'bind':
      return `mount --bind ${q(step.source)} ${q(step.target)}`;
  }
}
