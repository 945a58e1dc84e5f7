import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { MountRequest } from '../sandbox';
import { realHostView } from '../sandbox/host-view';
import type { NginxNeeds } from './config-needs';

/** Where the config under test is placed: like the official image, so relative includes work. */
export const NGINX_CONF_PATH = '/etc/nginx/nginx.conf';

// Debian's compiled-in paths (`nginx -V`): temp files under /var/lib/nginx, the default access log in
// /var/log/nginx, the default pid file /run/nginx.pid. nginx writes there even if the config never
// names them, so each is private in the sandbox. /var/cache/nginx is where the official image keeps
// its temp and cache dirs, so configs written for it use that path. /etc/nginx/modules-enabled is empty in
// the sandbox: Debian's own nginx.conf loads the dynamic modules installed there, the official image has none,
// so a config Dockyard emits must pass without them (and the modules path of unstable's nginx does not exist).
const ALWAYS_PRIVATE = ['/etc/nginx/modules-enabled', '/var/cache/nginx', '/var/lib/nginx', '/var/log/nginx'];
const DEFAULT_PID = '/run/nginx.pid';

/**
 * The mounts that make every path a config needs exist, with everything nginx writes kept inside the
 * sandbox: fresh dirs for cache/temp/log dirs, a shadow (host entries visible, new files private) for
 * an existing folder that a pid or log file goes into, and fresh dirs for missing content dirs.
 * `explicit` mounts win over derived ones at the same target.
 */
export function nginxMounts(needs: NginxNeeds, explicit: readonly MountRequest[] = []): MountRequest[] {
  const taken = new Set(explicit.map((m) => m.target));
  const fresh = new Set<string>(ALWAYS_PRIVATE);
  const shadows = new Map<string, Set<string>>();
  const addShadow = (dir: string, hide?: string) => {
    const key = realHostView.realpath(dir); // /var/run and /run are one shadow
    const names = shadows.get(key) ?? new Set<string>();
    if (hide !== undefined) names.add(hide);
    shadows.set(key, names);
  };
  addShadow(path.posix.dirname(DEFAULT_PID), path.posix.basename(DEFAULT_PID));
  for (const dir of needs.writableDirs) {
    if (coversSandboxFiles(dir)) addShadow(dir);
    else fresh.add(dir);
  }
  for (const file of needs.writtenFiles) {
    const dir = path.posix.dirname(file);
    if (isInside(dir, fresh) || !existsSync(dir)) fresh.add(dir);
    else addShadow(dir, path.posix.basename(file));
  }
  for (const dir of needs.contentDirs) {
    if (!existsSync(dir) && !isInside(dir, fresh)) fresh.add(dir);
  }
  const derived: MountRequest[] = [
    ...[...fresh].sort().map((target): MountRequest => ({ target })),
    ...[...shadows.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([target, hide]): MountRequest => ({ kind: 'shadow', target, hide: [...hide].sort() })),
  ];
  return [...explicit, ...derived.filter((m) => !taken.has(m.target))];
}

/** True when binding an empty dir at `dir` would hide the sandbox's own temp files. */
function coversSandboxFiles(dir: string): boolean {
  const tmp = os.tmpdir();
  return dir === '/' || tmp === dir || tmp.startsWith(`${dir}/`);
}

function isInside(dir: string, roots: ReadonlySet<string>): boolean {
  for (const root of roots) if (dir === root || dir.startsWith(`${root}/`)) return true;
  return false;
}
