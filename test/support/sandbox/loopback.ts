import { SANDBOX_NAMESERVER } from './identity-files';

/**
 * Hands out distinct loopback addresses 127.0.0.2, 127.0.0.3, ... in order, skipping the sandbox's
 * DNS address (127.0.0.11), so every replica of every service gets its own address.
 */
export class LoopbackPool {
  private next = 2;

  /** The next free address. */
  take(): string {
    let address = `127.0.0.${this.next++}`;
    if (address === SANDBOX_NAMESERVER) address = `127.0.0.${this.next++}`;
    if (this.next > 254) throw new Error('sandbox: out of loopback addresses in 127.0.0.0/24');
    return address;
  }

  /** One address per name, in the order given. */
  assign(names: readonly string[]): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const name of names) out[name] = [this.take()];
    return out;
  }
}
