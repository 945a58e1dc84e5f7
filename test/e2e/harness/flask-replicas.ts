import * as path from 'node:path';
import { pollUntil } from '../../support/poll';
import type { LoopbackPool, Sandbox, SandboxProcess } from '../../support/sandbox';
import type { ClientRunner } from './client-runner';

/** The seeds' Flask app, shared with the examples. */
export const FLASK_APP_DIR = path.resolve(__dirname, '../../../examples/flask-app');

/** One service: replicas of the Flask app under gunicorn, all on the same port like containers. */
export interface ServiceSpec {
  /** Replicas started at once. */
  replicas: number;
  /** Port every replica binds on its own loopback address. */
  port: number;
  /** gunicorn workers per replica; 1 keeps /stats per replica. @default 1 */
  workers?: number;
  /** STATIC_DIR inside the sandbox (seed 004): the app writes its static files there. */
  staticDir?: string;
  /** Extra environment for the app. */
  env?: Record<string, string>;
}

/** A running (or stopped) replica. */
export interface Replica {
  service: string;
  slot: number;
  address: string;
  port: number;
  process: SandboxProcess | undefined;
}

/** Starts, stops and tracks gunicorn replicas; each (service, slot) keeps its loopback address. */
export class FlaskReplicas {
  private readonly replicas = new Map<string, Replica>();

  constructor(
    private readonly sandbox: Sandbox,
    private readonly client: ClientRunner,
    private readonly pool: LoopbackPool,
    private readonly specs: Readonly<Record<string, ServiceSpec>>,
  ) {}

  /** Starts the given slots of a service and waits until every one accepts connections. */
  async start(service: string, slots: readonly number[]): Promise<Replica[]> {
    const spec = this.spec(service);
    const started = slots.map((slot) => {
      const replica = this.replica(service, slot);
      if (replica.process?.running) throw new Error(`${service}.${slot} is already running`);
      replica.process = this.sandbox.spawn(
        `gunicorn ${service}.${slot}`,
        'gunicorn',
        [
          `--bind=${replica.address}:${spec.port}`,
          `--workers=${spec.workers ?? 1}`,
          `--chdir=${FLASK_APP_DIR}`,
          '--graceful-timeout=1',
          'app:app',
        ],
        {
          env: {
            PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
            LANG: 'C.UTF-8',
            // Never write __pycache__ into the repository's examples folder.
            PYTHONDONTWRITEBYTECODE: '1',
            SLOT: String(slot),
            HOSTNAME: `${service}.${slot}`,
            ...(spec.staticDir === undefined ? {} : { STATIC_DIR: spec.staticDir }),
            ...spec.env,
          },
        },
      );
      return replica;
    });
    await this.waitReady(started);
    return started;
  }

  /** Kills a replica's whole process group (master and workers) and waits for it to exit. */
  async kill(service: string, slot: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const replica = this.replica(service, slot);
    await replica.process?.kill(signal, 2000);
  }

  /** Every replica of a service that is running, by slot. */
  running(service: string): Replica[] {
    return [...this.replicas.values()]
      .filter((r) => r.service === service && r.process?.running === true)
      .sort((a, b) => a.slot - b.slot);
  }

  /** The replica record of (service, slot), allocating its address on first use. */
  replica(service: string, slot: number): Replica {
    const key = `${service}.${slot}`;
    let replica = this.replicas.get(key);
    if (replica === undefined) {
      replica = {
        service,
        slot,
        address: this.pool.take(),
        port: this.spec(service).port,
        process: undefined,
      };
      this.replicas.set(key, replica);
    }
    return replica;
  }

  private spec(service: string): ServiceSpec {
    const spec = this.specs[service];
    if (spec === undefined) throw new Error(`unknown service ${service}`);
    return spec;
  }

  private async waitReady(replicas: readonly Replica[]): Promise<void> {
    const crashed = Promise.race(
      replicas.map(async (r) => {
        await r.process?.exited;
        return r;
      }),
    );
    const ready = this.client
      .waitFor(
        replicas.map((r) => ({ host: r.address, port: r.port })),
        READY_WITHIN_MS,
      )
      .then((accepting) =>
        accepting.ready ? this.waitServing(replicas, READY_WITHIN_MS - accepting.waitedMs) : accepting,
      );
    const outcome = await Promise.race([ready, crashed]);
    if ('ready' in outcome && outcome.ready) return;
    const why =
      'ready' in outcome
        ? `not accepting after ${outcome.waitedMs} ms: ${outcome.pending.join(', ')}`
        : `${outcome.service}.${outcome.slot} exited ${JSON.stringify(outcome.process?.exitStatus)}`;
    const logs = replicas.map((r) => `--- ${r.service}.${r.slot}\n${r.process?.log ?? ''}`).join('\n');
    throw new Error(`gunicorn replicas did not become ready: ${why}\n${logs}`);
  }

  /**
   * Accepting is not serving: gunicorn's master binds the port before its workers have imported the app, and on
   * a busy machine that takes seconds, during which a request sent there waits (and a client may time out).
   * A replica is ready once its /healthz answers, as a container is healthy once its health check passes.
   */
  private async waitServing(replicas: readonly Replica[], withinMs: number) {
    const started = Date.now();
    const polled = await Promise.all(
      replicas.map((r) =>
        pollUntil(
          () => this.client.requests({ url: `http://${r.address}:${r.port}/healthz`, count: 1 }),
          (result) => result.byStatus['200'] === 1,
          { withinMs: Math.max(0, withinMs) },
        ),
      ),
    );
    const pending = replicas.filter((_, i) => !polled[i]?.met).map((r) => `${r.address}:${r.port}/healthz`);
    return { ready: pending.length === 0, waitedMs: Date.now() - started, pending };
  }
}

/** How long replicas may take to start serving, on a busy two-core machine. */
const READY_WITHIN_MS = 15_000;
