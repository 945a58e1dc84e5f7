import { readFileSync, writeFileSync } from 'node:fs';
import { discoverNeeds } from '../../support/nginx/config-needs';
import { nginxFor } from '../../support/nginx/nginx-binary';
import { asInContainer } from '../../support/nginx/nginx-check';
import type { Sandbox, SandboxProcess } from '../../support/sandbox';
import type { ClientRunner } from './client-runner';

/** The real nginx, running one config (written byte for byte) in a sandbox, in the foreground. */
export class NginxServer {
  private constructor(
    private readonly sandbox: Sandbox,
    private readonly client: ClientRunner,
    /** Path of the config inside the sandbox, `/etc/nginx/<name>.conf`. */
    readonly confPath: string,
    /** The master process; its group holds the workers. */
    readonly process: SandboxProcess,
    /** Where it listens, `host:port` as it accepts connections from inside the sandbox. */
    readonly endpoints: Array<{ host: string; port: number }>,
    private readonly errorFile: string,
    /** The version of the nginx running it (e.g. `1.22.1`, or `1.30.6` for a config that needs >= 1.27.3). */
    readonly version: string,
  ) {}

  /** Everything nginx wrote to stderr (its `error_log stderr`), in full. */
  get errorLog(): string {
    return readFileSync(this.errorFile, 'utf8');
  }

  /**
   * Writes `config` to /etc/nginx/<name>.conf inside the sandbox (next to Debian's mime.types, so
   * relative includes work as in the official image), starts nginx on it and waits until every port
   * the config listens on accepts connections.
   */
  static async start(
    sandbox: Sandbox,
    client: ClientRunner,
    name: string,
    config: string,
  ): Promise<NginxServer> {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`invalid nginx instance name ${name}`);
    const confPath = `/etc/nginx/${name}.conf`;
    await writeInside(sandbox, confPath, config);
    const needs = discoverNeeds(config);
    const endpoints = needs.listens.map((listen) => {
      const at = listen.lastIndexOf(':');
      const host = listen.slice(0, at);
      return {
        host: host === '*' ? '127.0.0.1' : host.replace(/^\[|\]$/g, ''),
        port: Number(listen.slice(at + 1)),
      };
    });
    // Debian's nginx 1.22, or unstable's 1.30 for a config that needs more (the default `resolve`).
    const nginx = nginxFor(config);
    const args = ['-c', confPath, '-e', 'stderr'];
    if (!needs.setsDaemon) args.push('-g', 'daemon off;');
    // nginx's stderr (its error_log) is also kept in a file of its own: with `access_log /dev/stdout` the
    // process log, which keeps only its last 64 KiB, is soon all access lines.
    const errorFile = sandbox.scratch(`nginx-${name}.stderr`);
    writeFileSync(errorFile, '');
    const proc = sandbox.spawn(`nginx ${name}`, 'bash', [
      '-c',
      `exec 2> >(exec tee -a ${shellQuote(errorFile)} >&2); ${asInContainer([nginx.command, ...args.map(shellQuote)].join(' '))}`,
    ]);
    const outcome = await Promise.race([client.waitFor(endpoints, 10_000), proc.exited]);
    if (!('ready' in outcome && outcome.ready)) {
      await proc.kill('SIGKILL', 0);
      throw new Error(`nginx ${name} did not start: ${JSON.stringify(outcome)}\n${proc.log}`);
    }
    return new NginxServer(sandbox, client, confPath, proc, endpoints, errorFile, nginx.version);
  }

  /** The first endpoint as a URL prefix, e.g. `http://127.0.0.1:8080`. */
  get url(): string {
    const first = this.endpoints[0];
    if (first === undefined) throw new Error('nginx listens nowhere');
    return `http://${first.host}:${first.port}`;
  }

  /**
   * Replaces the config (if given) and reloads: SIGHUP, then waits until the master has started new
   * workers, which only happens once the new config is in force.
   */
  async reload(config?: string): Promise<void> {
    if (config !== undefined) await writeInside(this.sandbox, this.confPath, config);
    const before = workerPids(this.process.pid);
    this.process.signal('SIGHUP');
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      const now = workerPids(this.process.pid);
      if (now.some((pid) => !before.includes(pid))) {
        await this.client.waitFor(this.endpoints, 5000);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`nginx did not reload within 5 s (bad config?)\n${this.process.log}`);
  }

  /** Stops nginx (whole process group). */
  async stop(): Promise<void> {
    await this.process.kill('SIGTERM', 2000);
  }
}

/** Writes exact bytes to a path inside the sandbox (its /etc/nginx is a private shadow). */
async function writeInside(sandbox: Sandbox, target: string, text: string): Promise<void> {
  const result = await sandbox.exec('sh', ['-c', 'cat > "$1"', 'sh', target], { input: text });
  if (result.code !== 0) throw new Error(`could not write ${target} in the sandbox: ${result.stderr}`);
}

function workerPids(master: number): number[] {
  try {
    return readFileSync(`/proc/${master}/task/${master}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
