import { discoverNeeds, type NginxNeeds } from '../../support/nginx/config-needs';
import { nginxMounts } from '../../support/nginx/nginx-mounts';
import { LoopbackPool, type MountRequest, Sandbox } from '../../support/sandbox';
import type { RequestsCommand, RequestsResult } from './client-protocol';
import { ClientRunner } from './client-runner';
import { DnsServer } from './dns-server';
import { FlaskReplicas, type Replica, type ServiceSpec } from './flask-replicas';
import { NginxServer } from './nginx-server';
import { runWrk, type WrkOptions, type WrkResult } from './wrk';

/** Options of {@link E2eHarness.create}. */
export interface HarnessOptions {
  /** Flask services by DNS name; each starts with `replicas` replicas, registered in DNS. */
  services: Readonly<Record<string, ServiceSpec>>;
  /**
   * The nginx configs the test will run. The sandbox's mounts are fixed when it is made, so the paths
   * and users these need are prepared up front. @default []
   */
  nginxConfigs?: readonly string[];
  /** Named volumes: one fresh dir bound at every listed path (seed 004: `/app/static`, `/var/www-data`). */
  volumes?: Readonly<Record<string, readonly string[]>>;
  /** TTL of DNS answers, seconds. @default 0 */
  dnsTtl?: number;
}

/** Reply of the Flask app's /stats. */
export interface FlaskStats {
  slot: string;
  hostname: string;
  pid: number;
  counts: Record<string, number>;
}

/**
 * The end-to-end rig: one sandbox holding dnsmasq on 127.0.0.11 (Docker's DNS), gunicorn+Flask replicas
 * on their own loopback addresses, real nginx instances, and the clients (node, wrk) that load them.
 * Nothing listens outside the sandbox; {@link E2eHarness.destroy} ends all of it.
 *
 * @example
 * const h = await E2eHarness.create({ services: { web: { replicas: 3, port: 8000 } }, nginxConfigs: [conf] });
 * const nginx = await h.startNginx('lb', conf);
 * const counts = await h.request(`${nginx.url}/`, { count: 300 });
 */
export class E2eHarness {
  private readonly nginxes: NginxServer[] = [];
  /** Addresses whose packets the namespace drops (see {@link vanishReplica}). */
  private readonly vanished = new Set<string>();

  private constructor(
    /** The namespace everything runs in. */
    readonly sandbox: Sandbox,
    readonly client: ClientRunner,
    readonly dns: DnsServer,
    readonly flask: FlaskReplicas,
  ) {}

  /** Makes the sandbox, starts DNS and every service's replicas, and registers them in DNS. */
  static async create(options: HarnessOptions): Promise<E2eHarness> {
    const needs = mergeNeeds((options.nginxConfigs ?? []).map(discoverNeeds));
    const explicit: MountRequest[] = [{ kind: 'shadow', target: '/etc/nginx', hide: [] }];
    for (const [volume, targets] of Object.entries(options.volumes ?? {})) {
      for (const target of targets) explicit.push({ target, volume });
    }
    const sandbox = await Sandbox.create({ users: needs.users, mounts: nginxMounts(needs, explicit) });
    try {
      const client = new ClientRunner(sandbox);
      const dns = await DnsServer.start(sandbox, client, options.dnsTtl ?? 0);
      const flask = new FlaskReplicas(sandbox, client, new LoopbackPool(), options.services);
      const harness = new E2eHarness(sandbox, client, dns, flask);
      await Promise.all(
        Object.entries(options.services).map(([service, spec]) => harness.scale(service, spec.replicas)),
      );
      return harness;
    } catch (error) {
      await sandbox.destroy();
      throw error;
    }
  }

  /**
   * Runs replicas 1..n of a service (starting missing ones, stopping higher slots) and points the
   * service's DNS name at exactly the running ones, like `docker compose up --scale`.
   */
  async scale(service: string, replicas: number): Promise<Replica[]> {
    const running = this.flask.running(service);
    const missing: number[] = [];
    for (let slot = 1; slot <= replicas; slot++) {
      if (!running.some((r) => r.slot === slot)) missing.push(slot);
    }
    await Promise.all(running.filter((r) => r.slot > replicas).map((r) => this.flask.kill(service, r.slot)));
    await this.flask.start(service, missing);
    const now = this.flask.running(service);
    await this.dns.set(
      service,
      now.map((r) => r.address),
    );
    return now;
  }

  /** Kills one replica (SIGKILL by default); its DNS record stays, like a crashed container. */
  killReplica(service: string, slot: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    return this.flask.kill(service, slot, signal);
  }

  /**
   * Kills a replica and makes its address vanish, as a killed container's address leaves the Docker bridge:
   * its DNS record stays, but a connection to it now times out instead of being refused. The namespace's
   * own firewall drops every TCP packet to the address (nothing answers, not even a reset); the rule lives
   * and dies with the sandbox's network namespace, and {@link restartReplica} removes it.
   */
  async vanishReplica(service: string, slot: number): Promise<void> {
    await this.flask.kill(service, slot);
    const { address } = this.flask.replica(service, slot);
    await this.firewall('-I', address);
    this.vanished.add(address);
  }

  /** Starts a killed (or vanished) replica again on the same address and waits until it accepts connections. */
  async restartReplica(service: string, slot: number): Promise<Replica> {
    const { address } = this.flask.replica(service, slot);
    if (this.vanished.delete(address)) await this.firewall('-D', address);
    const [replica] = await this.flask.start(service, [slot]);
    if (replica === undefined) throw new Error(`could not restart ${service}.${slot}`);
    return replica;
  }

  /** The replica record of (service, slot): its address, port and process. */
  replica(service: string, slot: number): Replica {
    return this.flask.replica(service, slot);
  }

  /** Starts nginx on a config (written byte for byte) and waits for its listening ports. */
  async startNginx(name: string, config: string): Promise<NginxServer> {
    const nginx = await NginxServer.start(this.sandbox, this.client, name, config);
    this.nginxes.push(nginx);
    return nginx;
  }

  /**
   * Sends `count` GET requests from inside the sandbox and counts statuses, errors, and the X-Slot and
   * X-Served-By headers (plus any `countHeaders`).
   */
  request(url: string, options: Omit<RequestsCommand, 'mode' | 'url' | 'count'> & { count?: number } = {}) {
    const countHeaders = [...new Set(['x-slot', 'x-served-by', ...(options.countHeaders ?? [])])];
    return this.client.requests({ ...options, url, count: options.count ?? 1, countHeaders });
  }

  /** Runs wrk inside the sandbox, a few seconds at most. */
  wrk(options: WrkOptions): Promise<WrkResult> {
    return runWrk(this.sandbox, options);
  }

  /** A replica's own request counts, asked directly (not through nginx). */
  async stats(service: string, slot: number): Promise<FlaskStats> {
    const r = this.flask.replica(service, slot);
    const result: RequestsResult = await this.client.requests({
      url: `http://${r.address}:${r.port}/stats`,
      count: 1,
      keep: 1,
    });
    const body = result.kept[0]?.body;
    if (body === undefined)
      throw new Error(`no /stats from ${service}.${slot}: ${JSON.stringify(result.errors)}`);
    return JSON.parse(body) as FlaskStats;
  }

  /** Host path of a named volume, to look at what the containers wrote. */
  volumePath(volume: string): string {
    return this.sandbox.volumePath(volume);
  }

  /** Pids still alive from this harness (empty after {@link E2eHarness.destroy}). */
  leftovers(): number[] {
    return this.sandbox.leftovers();
  }

  /** Inserts (`-I`) or deletes (`-D`) the rule that silently drops TCP to `address` inside the namespace. */
  private async firewall(op: '-I' | '-D', address: string): Promise<void> {
    const args = ['-w', '5', op, 'INPUT', '-d', `${address}/32`, '-p', 'tcp', '-j', 'DROP'];
    const result = await this.sandbox.exec('iptables', args, { timeoutMs: 10_000 });
    if (result.code !== 0) throw new Error(`iptables ${args.join(' ')}: ${result.stderr}`);
  }

  /** Ends every process (nginx, gunicorn, dnsmasq, clients) and removes every temp dir. */
  destroy(): Promise<void> {
    return this.sandbox.destroy();
  }
}

function mergeNeeds(all: readonly NginxNeeds[]): NginxNeeds {
  const union = (pick: (n: NginxNeeds) => string[]) => [...new Set(all.flatMap(pick))].sort();
  return {
    hosts: union((n) => n.hosts),
    contentDirs: union((n) => n.contentDirs),
    writableDirs: union((n) => n.writableDirs),
    writtenFiles: union((n) => n.writtenFiles),
    users: union((n) => n.users),
    listens: union((n) => n.listens),
    setsDaemon: all.some((n) => n.setsDaemon),
  };
}
