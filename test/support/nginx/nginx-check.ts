import { execFile } from 'node:child_process';
import { LoopbackPool, Sandbox } from '../sandbox';
import { discoverNeeds } from './config-needs';
import { NGINX_CONF_PATH, nginxMounts } from './nginx-mounts';

/** Options of {@link checkNginxConfig}. */
export interface NginxCheckOptions {
  /**
   * Host names that resolve (each to its own loopback address). When given, ONLY these resolve, so a
   * test can prove an unknown upstream fails. @default every name the config resolves at load time
   */
  hosts?: readonly string[];
  /** Content directories (root/alias) that must exist. @default those the config names */
  paths?: readonly string[];
}

/** The verdict of the real `nginx -t`. */
export interface NginxCheckResult {
  /** True only if nginx exited 0 and printed no `[warn]`, `[emerg]`, `[alert]`, `[crit]` or `[error]`. */
  ok: boolean;
  /** Everything nginx printed. */
  output: string;
  /** The `[warn]` lines. */
  warnings: string[];
}

const PROBLEM = /\[(warn|emerg|alert|crit|error)\]/;

/**
 * Runs Debian's real `nginx -t` on the exact bytes given, placed at /etc/nginx/nginx.conf inside a
 * fresh sandbox where the config's upstream and proxy_pass hosts resolve through a private hosts file,
 * its paths exist through bind mounts and its `user` exists. Any warning fails the check.
 *
 * @example
 * const { ok, output } = await checkNginxConfig(text);
 * expect(ok).toBe(true); // output explains why not
 */
export async function checkNginxConfig(
  text: string,
  opts: NginxCheckOptions = {},
): Promise<NginxCheckResult> {
  const needs = discoverNeeds(text);
  if (opts.paths !== undefined) needs.contentDirs = [...opts.paths].sort();
  const hostNames = opts.hosts ?? needs.hosts;
  const sb = await Sandbox.create({
    hosts: new LoopbackPool().assign([...hostNames].sort()),
    users: needs.users,
    mounts: nginxMounts(needs, [{ kind: 'file', target: NGINX_CONF_PATH, content: text }]),
  });
  try {
    const run = await sb.exec('bash', ['-c', asInContainer(`nginx -t -c ${NGINX_CONF_PATH} -e stderr`)], {
      timeoutMs: 20_000,
    });
    const output = `${run.stdout}${run.stderr}`;
    const lines = output.split('\n');
    return {
      ok: run.code === 0 && !lines.some((line) => PROBLEM.test(line)),
      output,
      warnings: lines.filter((line) => line.includes('[warn]')),
    };
  } finally {
    await sb.destroy();
  }
}

/** The version of the nginx that {@link checkNginxConfig} runs, e.g. `1.22.1`. */
export function nginxVersion(): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('nginx', ['-v'], (error, stdout, stderr) => {
      const match = /nginx version: nginx\/(\S+)/.exec(`${stdout}${stderr}`);
      if (match?.[1] !== undefined) resolve(match[1]);
      else reject(error ?? new Error(`nginx -v printed no version: ${stdout}${stderr}`));
    });
  });
}

/**
 * A shell command that runs `command` (exec'd, so its PID is the shell's) with stdout and stderr on a real
 * pipe. Node gives a child a socket for stdio, and nginx cannot open "/dev/stdout" on a socket (ENXIO),
 * while Docker gives a container a pipe or a pty, where the official image's `access_log /dev/stdout` works.
 * The config is run exactly as written; only its surroundings are made like a container's.
 */
export function asInContainer(command: string): string {
  return `exec ${command} > >(exec cat) 2> >(exec cat >&2)`;
}
