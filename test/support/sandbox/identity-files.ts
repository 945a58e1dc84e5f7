/** Host name -> loopback addresses, as the sandbox's private /etc/hosts lists them. */
export type HostsMap = Readonly<Record<string, readonly string[]>>;

/** Docker's embedded DNS address: the only name server a sandbox ever points at. */
export const SANDBOX_NAMESERVER = '127.0.0.11';

/** Renders a hosts file: localhost first, then one line per (address, name), names sorted. */
export function renderHosts(hosts: HostsMap): string {
  const lines = ['127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback'];
  for (const name of Object.keys(hosts).sort()) {
    for (const address of hosts[name] ?? []) {
      assertLoopback(address, `hosts entry ${name}`);
      lines.push(`${address}\t${name}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Renders resolv.conf; `ndots:0` like Docker's, one short attempt so a miss fails fast. */
export function renderResolvConf(nameserver: string = SANDBOX_NAMESERVER): string {
  assertLoopback(nameserver, 'nameserver');
  return `nameserver ${nameserver}\noptions ndots:0 timeout:1 attempts:1\n`;
}

/** Only files and DNS: no systemd, mdns or NIS lookups reaching for sockets outside the sandbox. */
export function renderNsswitch(): string {
  return ['passwd: files', 'group: files', 'shadow: files', 'hosts: files dns', 'networks: files', ''].join(
    '\n',
  );
}

/**
 * Adds system users (and same-named groups) to copies of the host's passwd and group files, each with the
 * first id from 101 up that neither file uses (101 is what the official nginx image gives `nginx`).
 */
export function withUsers(
  passwd: string,
  group: string,
  users: readonly string[],
): { passwd: string; group: string } {
  const userNames = new Set(fieldOf(passwd, 0));
  const groupNames = new Set(fieldOf(group, 0));
  const usedIds = new Set([...fieldOf(passwd, 2), ...fieldOf(passwd, 3), ...fieldOf(group, 2)].map(Number));
  let out = { passwd: ensureNewline(passwd), group: ensureNewline(group) };
  for (const user of [...new Set(users)].sort()) {
    if (!/^[a-z_][a-z0-9_-]*$/.test(user))
      throw new Error(`sandbox: invalid user name ${JSON.stringify(user)}`);
    if (userNames.has(user)) continue;
    let id = 101;
    while (usedIds.has(id)) id++;
    usedIds.add(id);
    out = {
      passwd: `${out.passwd}${user}:x:${id}:${id}:${user}:/nonexistent:/usr/sbin/nologin\n`,
      group: groupNames.has(user) ? out.group : `${out.group}${user}:x:${id}:\n`,
    };
  }
  return out;
}

function fieldOf(text: string, index: number): string[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.split(':')[index] ?? '');
}

function ensureNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}

/** Throws unless the address is IPv4 loopback (127.0.0.0/8) or ::1. */
export function assertLoopback(address: string, what: string): void {
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  const ok = address === '::1' || (v4?.slice(1).every((o) => Number(o) <= 255) ?? false);
  if (!ok) throw new Error(`sandbox: ${what} must be a loopback address (got ${address})`);
}
