import { existsSync, lstatSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import type { HostView } from './mount-plan';

/** The real host filesystem, read-only, as the mount planner sees it. */
export const realHostView: HostView = {
  exists: (p) => existsSync(p),
  isSymlink: (p) => {
    try {
      return lstatSync(p).isSymbolicLink();
    } catch {
      return false;
    }
  },
  realpath: (p) => {
    const missing: string[] = [];
    let existing = p;
    while (!existsSync(existing)) {
      missing.unshift(path.posix.basename(existing));
      existing = path.posix.dirname(existing);
    }
    return path.posix.join(realpathSync(existing), ...missing);
  },
};
