import * as path from 'node:path';

/**
 * A path inside the sandbox that must show a host directory (by default a fresh, empty temp dir).
 * Missing mount points are created privately: see {@link planMounts}.
 */
export interface DirMount {
  kind: 'dir';
  /** Absolute path as the sandboxed program sees it, e.g. `/var/cache/nginx`. */
  target: string;
  /** Host directory to show there; share one between two targets to model one volume in two containers. */
  source: string;
}

/** A path inside the sandbox that must show a host file (the file is bound, so in-place edits show). */
export interface FileMount {
  kind: 'file';
  target: string;
  source: string;
}

/**
 * A directory that keeps showing what the host has in it, while anything a program creates in it stays
 * in the sandbox (e.g. `/run` for a pid file). Names in `hide` are left out so the program gets its own.
 */
export interface ShadowMount {
  kind: 'shadow';
  target: string;
  hide: string[];
}

/** One mount request, after defaults were filled in. */
export type PlannedMount = DirMount | FileMount | ShadowMount;

/** One step of the namespace setup, in order. `host-*` steps touch only the sandbox's own temp dirs. */
export type SetupStep =
  | { op: 'host-mkdir'; path: string }
  | { op: 'host-touch'; path: string }
  | { op: 'shadow'; dir: string; stage: string; hide: string[] }
  | { op: 'mkdir'; path: string }
  | { op: 'touch'; path: string }
  | { op: 'unlink-copy'; path: string }
  | { op: 'bind'; source: string; target: string };

/** What the planner may ask about the host's filesystem; injected so planning is a pure function. */
export interface HostView {
  exists(p: string): boolean;
  isSymlink(p: string): boolean;
  /** Resolves symlinks of the longest existing prefix; the missing rest is appended unchanged. */
  realpath(p: string): string;
}

/** Paths a mount must never cover: the kernel's own trees, and anything above the sandbox's temp dir. */
const FORBIDDEN_TARGETS = ['/proc', '/sys', '/dev'];

/**
 * Turns mount requests into setup steps without touching the host's filesystem for good.
 *
 * The mount point of a request may not exist on the host (`/app/static`, `/var/www-data`). Creating it
 * on the host and removing it later would leave litter after a crash and race with other sandboxes,
 * so instead the nearest existing parent is "shadowed" inside the namespace: a tmpfs is mounted over
 * it, every entry the host has there is bound back one by one (symlinks copied), and the missing
 * directory is created in the tmpfs. The host sees nothing. Shadowing `/` itself needs `pivot_root`,
 * which the setup script does (see setup-script.ts).
 */
export function planMounts(mounts: readonly PlannedMount[], host: HostView, stageRoot: string): SetupStep[] {
  const view = new NamespaceView(host, stageRoot);
  const ordered = [...mounts]
    .map((m, index) => ({ m: normalizeTarget(m, host, stageRoot), index }))
    .sort((a, b) => depth(a.m.target) - depth(b.m.target) || a.index - b.index)
    .map((e) => e.m);
  for (const m of ordered) {
    if (m.kind === 'dir') view.bindDir(m.source, m.target);
    else if (m.kind === 'file') view.bindFile(m.source, m.target);
    else view.shadowDir(m.target, m.hide);
  }
  return view.steps;
}

function depth(p: string): number {
  return p === '/' ? 0 : p.split('/').length - 1;
}

function normalizeTarget(m: PlannedMount, host: HostView, stageRoot: string): PlannedMount {
  if (!path.posix.isAbsolute(m.target)) throw new Error(`sandbox mount target must be absolute: ${m.target}`);
  const clean = path.posix.normalize(m.target).replace(/(.)\/+$/, '$1');
  // A dir mount follows symlinks like the kernel would (/var/run -> /run); a file mount replaces a
  // symlinked file (resolv.conf is often one) instead of following it somewhere we do not control.
  const target =
    m.kind === 'file'
      ? path.posix.join(host.realpath(path.posix.dirname(clean)), path.posix.basename(clean))
      : host.realpath(clean);
  const covers = (p: string) => p === target || p.startsWith(`${target === '/' ? '' : target}/`);
  if (m.kind !== 'shadow' && (target === '/' || covers(stageRoot))) {
    throw new Error(`sandbox mount target ${m.target} would hide the sandbox's own files`);
  }
  if (FORBIDDEN_TARGETS.some((f) => target === f || target.startsWith(`${f}/`))) {
    throw new Error(`sandbox mount target ${m.target} is a kernel filesystem`);
  }
  return { ...m, target };
}

/** How the namespace will look after the steps planned so far. */
class NamespaceView {
  readonly steps: SetupStep[] = [];
  /** ns dir -> host dir backing it (our temp dirs). */
  private readonly backed = new Map<string, string>();
  /** ns dirs created inside a tmpfs: private, entries can be made with mkdir/touch in the namespace. */
  private readonly tmpfsDirs = new Set<string>();
  /** ns dirs covered by a shadow tmpfs, with the host names left out. */
  private readonly shadowed = new Map<string, Set<string>>();
  private readonly created = new Set<string>();
  private readonly removed = new Set<string>();
  private readonly hostPlanned = new Set<string>();
  private stages = 0;

  constructor(
    private readonly host: HostView,
    private readonly stageRoot: string,
  ) {}

  bindDir(source: string, target: string): void {
    this.ensureDir(target);
    this.steps.push({ op: 'bind', source, target });
    this.backed.set(target, source);
  }

  bindFile(source: string, target: string): void {
    const parent = path.posix.dirname(target);
    this.ensureDir(parent);
    if (this.host.isSymlink(target) && !this.isPrivate(target) && this.exists(target)) {
      this.makePrivateEntry(parent, path.posix.basename(target));
    }
    if (!this.exists(target)) this.createFile(target);
    this.steps.push({ op: 'bind', source, target });
  }

  shadowDir(target: string, hide: string[]): void {
    this.ensureDir(target);
    if (this.entriesArePrivate(target)) return;
    this.shadow(target, hide);
  }

  private ensureDir(p: string): void {
    if (this.exists(p)) return;
    const parent = path.posix.dirname(p);
    this.ensureDir(parent);
    // Inside one of our host-backed dirs the directory is made on the host side, in our temp dir.
    const backing = this.backingOf(p);
    if (backing !== undefined) {
      this.steps.push({ op: 'host-mkdir', path: backing });
      this.hostPlanned.add(backing);
      return;
    }
    if (!this.entriesArePrivate(parent)) this.shadow(parent, []);
    this.steps.push({ op: 'mkdir', path: p });
    this.created.add(p);
    this.tmpfsDirs.add(p);
  }

  private createFile(p: string): void {
    const parent = path.posix.dirname(p);
    const backing = this.backingOf(p);
    if (backing !== undefined) {
      this.steps.push({ op: 'host-touch', path: backing });
      this.hostPlanned.add(backing);
      return;
    }
    if (!this.entriesArePrivate(parent)) this.shadow(parent, []);
    this.steps.push({ op: 'touch', path: p });
    this.created.add(p);
  }

  /** Replaces a host entry by a private one: hide it in a new shadow, or drop its copy from ours. */
  private makePrivateEntry(parent: string, name: string): void {
    const hidden = this.shadowed.get(parent);
    if (hidden === undefined) {
      this.shadow(parent, [name]);
    } else {
      // Symlinks are copied into the shadow's tmpfs, so removing the copy leaves the host alone.
      this.steps.push({ op: 'unlink-copy', path: path.posix.join(parent, name) });
      hidden.add(name);
    }
    this.removed.add(path.posix.join(parent, name));
  }

  private shadow(dir: string, hide: string[]): void {
    const stage = path.posix.join(this.stageRoot, String(this.stages++));
    this.steps.push({ op: 'host-mkdir', path: stage });
    this.steps.push({ op: 'shadow', dir, stage, hide: [...hide].sort() });
    this.shadowed.set(dir, new Set(hide));
  }

  /** Longest mount root owning `p`: a host-backed bind or a tmpfs-created dir. */
  private ownerOf(p: string): { root: string; host?: string } | undefined {
    let best: { root: string; host?: string } | undefined;
    const consider = (root: string, host?: string) => {
      if (
        (p === root || p.startsWith(`${root}/`)) &&
        (best === undefined || root.length > best.root.length)
      ) {
        best = host === undefined ? { root } : { root, host };
      }
    };
    for (const [root, host] of this.backed) consider(root, host);
    for (const root of this.tmpfsDirs) consider(root);
    return best;
  }

  private backingOf(p: string): string | undefined {
    const owner = this.ownerOf(p);
    if (owner?.host === undefined) return undefined;
    return p === owner.root ? owner.host : path.posix.join(owner.host, p.slice(owner.root.length + 1));
  }

  private isPrivate(p: string): boolean {
    return this.ownerOf(p) !== undefined || this.created.has(p);
  }

  private entriesArePrivate(dir: string): boolean {
    return this.ownerOf(dir) !== undefined || this.shadowed.has(dir);
  }

  exists(p: string): boolean {
    const owner = this.ownerOf(p);
    if (owner !== undefined) {
      if (p === owner.root) return true;
      if (owner.host === undefined) return this.created.has(p);
      const backing = this.backingOf(p) ?? owner.host;
      return this.hostPlanned.has(backing) || this.host.exists(backing);
    }
    if (this.created.has(p)) return true;
    if (this.removed.has(p)) return false;
    for (let child = p; child !== '/'; child = path.posix.dirname(child)) {
      const hidden = this.shadowed.get(path.posix.dirname(child));
      if (hidden?.has(path.posix.basename(child))) return false;
    }
    return this.host.exists(p);
  }
}
