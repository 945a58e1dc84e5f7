import type { ExecOptions, ExecResult } from '../../support/sandbox';
import { runBounded } from './namespace';

/** Where the engine's client meets its daemon: the private socket and a CLI config folder with Compose. */
export interface DockerEndpoint {
  /** `unix://...` in the engine's temp dir, never the host's /var/run/docker.sock. */
  host: string;
  /** DOCKER_CONFIG: holds `cli-plugins/docker-compose`. */
  configDir: string;
}

/** A failed docker command, with what it printed. */
export class DockerError extends Error {}

/** The docker CLI pointed at the engine's own daemon: a user's real docker is never touched. */
export class Docker {
  constructor(readonly endpoint: DockerEndpoint) {}

  get env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      DOCKER_HOST: this.endpoint.host,
      DOCKER_CONFIG: this.endpoint.configDir,
      DOCKER_CLI_HINTS: 'false',
      DOCKER_BUILDKIT: '0',
      COMPOSE_PROGRESS: 'quiet',
      COMPOSE_MENU: 'false',
    };
  }

  /** Runs `docker ARGS` and returns what happened, failing or not. */
  run(args: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    return runBounded('docker', args, {
      timeoutMs: 60_000,
      ...options,
      env: { ...this.env, ...options.env },
    });
  }

  /** Runs `docker ARGS` and returns its stdout; throws with stderr when it fails. */
  async ok(args: readonly string[], options: ExecOptions = {}): Promise<string> {
    const result = await this.run(args, options);
    if (result.code !== 0) {
      throw new DockerError(
        `docker ${args.join(' ')} failed (${result.code}):\n${result.stderr}${result.stdout}`,
      );
    }
    return result.stdout;
  }

  /** Non-empty lines of `docker ARGS`'s stdout. */
  async lines(args: readonly string[]): Promise<string[]> {
    return (await this.ok(args)).split('\n').filter((line) => line.trim() !== '');
  }

  /** Everything a test could leave behind, by kind; empty lists mean a clean engine. */
  async leftovers(): Promise<Record<string, string[]>> {
    const swarm = (await this.ok(['info', '--format', '{{.Swarm.LocalNodeState}}'])).trim();
    const builtin = new Set(['bridge', 'host', 'none', 'ingress', 'docker_gwbridge']);
    return {
      containers: await this.lines(['ps', '-aq']),
      services: swarm === 'active' ? await this.lines(['service', 'ls', '-q']) : [],
      configs: swarm === 'active' ? await this.lines(['config', 'ls', '-q']) : [],
      secrets: swarm === 'active' ? await this.lines(['secret', 'ls', '-q']) : [],
      volumes: await this.lines(['volume', 'ls', '-q']),
      networks: (await this.lines(['network', 'ls', '--format', '{{.Name}}'])).filter((n) => !builtin.has(n)),
    };
  }

  /**
   * Removes every service, container, config, secret, volume and user network (stacks, compose projects and
   * whatever a failed test left), then waits until the engine reports none, bounded by `timeoutMs`.
   */
  async removeEverything(timeoutMs = 60_000): Promise<Record<string, string[]>> {
    const deadline = Date.now() + timeoutMs;
    let left = await this.leftovers();
    while (Date.now() < deadline) {
      if (left.services?.length) await this.run(['service', 'rm', ...left.services]);
      if (left.containers?.length) await this.run(['rm', '-f', '-v', ...left.containers]);
      if (left.configs?.length) await this.run(['config', 'rm', ...left.configs]);
      if (left.secrets?.length) await this.run(['secret', 'rm', ...left.secrets]);
      if (left.volumes?.length) await this.run(['volume', 'rm', '-f', ...left.volumes]);
      if (left.networks?.length) await this.run(['network', 'rm', ...left.networks]);
      left = await this.leftovers();
      if (Object.values(left).every((list) => list.length === 0)) return left;
      await pause(250);
    }
    return left;
  }
}

/** A short wait between polls of a condition (never a wait for the condition itself). */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `probe` until it returns a value other than undefined, or throws after `timeoutMs` with the last
 * thing `describe` said about the state, so a timeout explains itself.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`,
      );
    }
    await pause(intervalMs);
  }
}
