import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { type HostsMap, LoopbackPool, Sandbox } from '../sandbox';
import { discoverNeeds, type NginxNeeds } from './config-needs';
import { debianNginx, type NginxBinary, nginxFor } from './nginx-binary';
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
  /**
   * The nginx version the config is meant for (e.g. its image's): the check runs an nginx at least this new.
   * @default only what the config needs (see {@link nginxFor})
   */
  meantFor?: string;
  /** The nginx that judges, whatever the config needs (e.g. to prove an old one refuses it). @default nginxFor */
  nginx?: NginxBinary;
}

/** The verdict of the real `nginx -t`. */
export interface NginxCheckResult {
  /** True only if nginx exited 0 and printed no `[warn]`, `[emerg]`, `[alert]`, `[crit]` or `[error]`. */
  ok: boolean;
  /** Everything nginx printed. */
  output: string;
  /** The `[warn]` lines. */
  warnings: string[];
  /** The version of the nginx that judged it, e.g. `1.22.1` or `1.30.6`. */
  version: string;
}

const PROBLEM = /\[(warn|emerg|alert|crit|error)\]/;

/**
 * Runs a real `nginx -t` on the exact bytes given (Debian's, or unstable's when the config needs a newer nginx:
 * {@link nginxFor}), placed at /etc/nginx/nginx.conf inside a fresh sandbox where the config's upstream and proxy_pass hosts resolve through a private hosts file,
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
  const nginx = opts.nginx ?? nginxFor(text, opts.meantFor);
  const sb = await Sandbox.create({
    hosts: new LoopbackPool().assign([...hostNames].sort()),
    users: needs.users,
    mounts: nginxMounts(needs, [{ kind: 'file', target: NGINX_CONF_PATH, content: text }]),
  });
  try {
    const command = `${nginx.command} -t -c ${NGINX_CONF_PATH} -e stderr`;
    const run = await sb.exec('bash', ['-c', asInContainer(command)], { timeoutMs: 20_000 });
    return verdict(`${run.stdout}${run.stderr}`, run.code === 0, nginx);
  } finally {
    await sb.destroy();
  }
}

/** Options of {@link checkNginxConfigs}. */
export interface NginxBatchOptions {
  /** How many `nginx -t` run at once inside the sandbox. @default 2 */
  concurrency?: number;
  /** Bound on the whole batch. @default 20 s + 200 ms per config */
  timeoutMs?: number;
  /**
   * The nginx version the configs are meant for (see {@link NginxCheckOptions.meantFor}): one for all, or one
   * per config (in the order given). @default only what each config needs
   */
  meantFor?: string | ReadonlyArray<string | undefined>;
}

/**
 * {@link checkNginxConfig} for many configs at once: ONE sandbox (its setup costs more than a check) runs the
 * real `nginx -t` on each config's exact bytes, `concurrency` at a time. The sandbox holds the union of what
 * the configs need (host names, paths, users), so a config passes here exactly when it passes alone, unless it
 * relies on a name or path that only another config of the batch declares. To prove that a missing name
 * fails, use the single-config API with `hosts`.
 *
 * @returns one result per config, in the order given
 * @example
 * const results = await checkNginxConfigs(texts);
 * expect(results.filter((result) => !result.ok)).toEqual([]);
 */
export async function checkNginxConfigs(
  texts: readonly string[],
  opts: NginxBatchOptions = {},
): Promise<NginxCheckResult[]> {
  if (texts.length === 0) return [];
  const needs = unionOfNeeds(texts.map(discoverNeeds));
  const sb = await Sandbox.create({
    hosts: spreadOverLoopback(needs.hosts),
    users: needs.users,
    mounts: nginxMounts(needs),
  });
  try {
    // The sandbox's scratch folder is visible inside the namespace at the same path.
    const dir = sb.scratch('nginx-batch');
    mkdirSync(dir, { mode: 0o755 });
    texts.forEach((text, i) => {
      writeFileSync(path.join(dir, `${i}.conf`), text, { mode: 0o644 });
    });
    // Each config is judged by the nginx it needs (nginxFor); the configs of one nginx are split into shards
    // that run as plain shell loops (a shell per config would cost more than nginx -t itself). Each run's
    // stdout is a regular file, which nginx can reopen as /dev/stdout (an access_log there).
    const meantFor = (i: number) => (typeof opts.meantFor === 'string' ? opts.meantFor : opts.meantFor?.[i]);
    const judges = texts.map((text, i) => nginxFor(text, meantFor(i)));
    const byNginx = new Map<NginxBinary, number[]>();
    judges.forEach((nginx, i) => {
      byNginx.set(nginx, [...(byNginx.get(nginx) ?? []), i]);
    });
    const shards = Math.max(1, Math.min(opts.concurrency ?? 2, texts.length));
    const loops: string[] = [];
    for (const [nginx, indices] of byNginx) {
      for (let shard = 0; shard < Math.min(shards, indices.length); shard++) {
        const mine = indices.filter((_, k) => k % shards === shard);
        loops.push(
          `for i in ${mine.join(' ')}; do f="${dir}/$i.conf"; ` +
            `${nginx.command} -t -c "$f" -e stderr >"$f.out" 2>&1; echo $? >"$f.rc"; done &`,
        );
      }
    }
    const script = [...loops, 'wait'].join('\n');
    const run = await sb.exec('bash', ['-c', script], {
      timeoutMs: opts.timeoutMs ?? 20_000 + 200 * texts.length,
    });
    return texts.map((_text, i) => {
      const file = path.join(dir, `${i}.conf`);
      const code = readIfExists(`${file}.rc`)?.trim();
      const output = readIfExists(`${file}.out`) ?? `nginx -t did not run: ${run.stdout}${run.stderr}`;
      return verdict(output, code === '0', judges[i] as NginxBinary);
    });
  } finally {
    await sb.destroy();
  }
}

function verdict(output: string, exitedZero: boolean, nginx: NginxBinary): NginxCheckResult {
  const lines = output.split('\n');
  return {
    ok: exitedZero && !lines.some((line) => PROBLEM.test(line)),
    output,
    warnings: lines.filter((line) => line.includes('[warn]')),
    version: nginx.version,
  };
}

function unionOfNeeds(all: readonly NginxNeeds[]): NginxNeeds {
  const union = (pick: (needs: NginxNeeds) => readonly string[]) =>
    [...new Set(all.flatMap((needs) => pick(needs)))].sort();
  return {
    hosts: union((needs) => needs.hosts),
    contentDirs: union((needs) => needs.contentDirs),
    writableDirs: union((needs) => needs.writableDirs),
    writtenFiles: union((needs) => needs.writtenFiles),
    users: union((needs) => needs.users),
    listens: union((needs) => needs.listens),
    setsDaemon: all.some((needs) => needs.setsDaemon),
  };
}

/** One loopback address per name, beyond the 252 of 127.0.0.0/24 (nothing connects to them under -t). */
function spreadOverLoopback(names: readonly string[]): HostsMap {
  return Object.fromEntries(
    names.map((name, i) => [name, [`127.1.${Math.floor(i / 250)}.${(i % 250) + 1}`]]),
  );
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The version of the machine's nginx (Debian's), which judges every config that needs no newer one. */
export async function nginxVersion(): Promise<string> {
  return debianNginx().version;
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
