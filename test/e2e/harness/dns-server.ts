import { writeFileSync } from 'node:fs';
import { SANDBOX_NAMESERVER, type Sandbox, type SandboxProcess } from '../../support/sandbox';
import type { ClientRunner } from './client-runner';

const PROBE_NAME = 'dockyard-dns-probe';

/**
 * dnsmasq on 127.0.0.11 inside a sandbox, standing in for Docker's embedded DNS: it answers only from
 * a hosts file the harness rewrites (no upstream servers, nothing else read), and re-reads it on SIGHUP.
 */
export class DnsServer {
  private readonly records = new Map<string, string[]>();

  private constructor(
    private readonly process: SandboxProcess,
    private readonly hostsFile: string,
    private readonly client: ClientRunner,
  ) {}

  /**
   * Starts dnsmasq and waits until it answers.
   * @param ttl seconds a client may cache an answer (Docker's embedded DNS uses 600; 0 lets nginx's
   *   `resolver` ask again on every request). @default 0
   */
  static async start(sandbox: Sandbox, client: ClientRunner, ttl = 0): Promise<DnsServer> {
    const hostsFile = sandbox.scratch('dns.hosts');
    // The first answer comes from the file as read at startup: a SIGHUP before dnsmasq installs its
    // handler would kill it, so readiness is polled without one.
    writeFileSync(hostsFile, `127.0.0.1 ${PROBE_NAME}\n`, { mode: 0o644 });
    const proc = sandbox.spawn('dnsmasq', 'dnsmasq', [
      '--keep-in-foreground',
      '--conf-file=/dev/null',
      '--no-resolv',
      '--no-hosts',
      // Answer only from the hosts file: NODATA for a known name's AAAA and NXDOMAIN for unknown
      // names, as Docker's DNS does for service names, instead of REFUSED for want of an upstream.
      '--local=/#/',
      `--addn-hosts=${hostsFile}`,
      `--listen-address=${SANDBOX_NAMESERVER}`,
      '--bind-interfaces',
      '--port=53',
      '--user=root',
      '--pid-file',
      '--log-facility=-',
      `--local-ttl=${ttl}`,
    ]);
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && proc.running) {
      const answer = await client.dns(SANDBOX_NAMESERVER, PROBE_NAME, 200);
      if (answer.addresses.length > 0) return new DnsServer(proc, hostsFile, client);
    }
    await proc.kill('SIGKILL', 0);
    throw new Error(`dnsmasq did not start answering within 5 s\n${proc.log}`);
  }

  /** The dnsmasq process. */
  get dnsmasq(): SandboxProcess {
    return this.process;
  }

  /** Sets a name's A records (empty removes it) and waits until dnsmasq answers with exactly them. */
  async set(name: string, addresses: readonly string[]): Promise<void> {
    if (addresses.length === 0) this.records.delete(name);
    else this.records.set(name, [...addresses].sort());
    const lines: string[] = [];
    for (const [host, addrs] of [...this.records.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      for (const address of addrs) lines.push(`${address} ${host}`);
    }
    writeFileSync(this.hostsFile, lines.length === 0 ? '' : `${lines.join('\n')}\n`);
    const expected = JSON.stringify([...addresses].sort());
    const deadline = Date.now() + 5000;
    let last = '';
    while (Date.now() < deadline) {
      if (!this.process.running) throw new Error(`dnsmasq exited: ${this.process.log}`);
      this.process.signal('SIGHUP');
      const answer = await this.client.dns(SANDBOX_NAMESERVER, name, 500);
      last = JSON.stringify(answer);
      if (JSON.stringify(answer.addresses) === expected) return;
    }
    throw new Error(
      `dnsmasq did not answer ${name} -> ${expected} within 5 s (last answer ${last})\n${this.process.log}`,
    );
  }

  /** The records as set, name -> sorted addresses. */
  get entries(): ReadonlyMap<string, readonly string[]> {
    return this.records;
  }
}
