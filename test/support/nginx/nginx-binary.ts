import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { compareVersions, minimumNginxVersion, parseNginx } from '../../../packages/dockyard/src/model/nginx';
import { repoRoot } from '../compose/repo-root';

/** A real nginx the checks can run: Debian's own, or Debian unstable's unpacked into the test cache. */
export interface NginxBinary {
  /** `nginx -v`'s version, e.g. `1.30.6`. */
  readonly version: string;
  /** Where it comes from, for messages: `debian` (the machine's) or `unstable` (the test cache). */
  readonly origin: 'debian' | 'unstable';
  /** The argv that runs it; append nginx's own arguments. */
  readonly argv: readonly string[];
  /** {@link argv} as one shell word list, each word single-quoted. */
  readonly command: string;
}

const MULTIARCH_LIB = 'usr/lib/x86_64-linux-gnu';

const shellWord = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

function binary(origin: NginxBinary['origin'], argv: readonly string[]): NginxBinary {
  const [file, ...args] = argv;
  if (file === undefined) throw new Error('empty nginx argv');
  // nginx -v prints on stderr; a binary that cannot start says why there too.
  const run = spawnSync(file, [...args, '-v'], { encoding: 'utf8', timeout: 10_000 });
  const printed = `${run.stdout ?? ''}${run.stderr ?? ''}${run.error ? String(run.error) : ''}`;
  if (run.status !== 0) throw new Error(`${origin} nginx does not start: ${printed}`);
  const version = /nginx version: nginx\/(\d+\.\d+\.\d+)/.exec(printed)?.[1];
  if (version === undefined) throw new Error(`${origin} nginx -v printed no version: ${printed}`);
  return { version, origin, argv, command: argv.map(shellWord).join(' ') };
}

let debian: NginxBinary | undefined;
let unstable: NginxBinary | undefined;

/** The machine's nginx (Debian 12's 1.22), found on PATH. */
export function debianNginx(): NginxBinary {
  debian ??= binary('debian', ['nginx']);
  return debian;
}

/**
 * Debian unstable's nginx (1.30.x), fetched on first use by `scripts/fetch-unstable-nginx.sh` (with the
 * libraries it links against) into the test cache (`$DOCKYARD_TEST_CACHE`, default `~/.cache/dockyard-test`)
 * and reused afterwards; nothing is installed on the machine. jest's global setup runs the same script before
 * any test, so this is quick. It runs through unstable's own dynamic loader on unstable's libraries only: its
 * glibc is newer than the machine's.
 */
export function unstableNginx(): NginxBinary {
  if (unstable) return unstable;
  const script = path.join(repoRoot(), 'scripts', 'fetch-unstable-nginx.sh');
  const printed = execFileSync('bash', [script], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 600_000,
  });
  const roots = printed.trim().split('\n');
  const root = (pkg: string) => {
    const found = roots.find((folder) => path.basename(folder) === pkg);
    if (found === undefined) throw new Error(`fetch-unstable-nginx.sh did not unpack ${pkg}: ${printed}`);
    return found;
  };
  const loader = path.join(root('libc6'), MULTIARCH_LIB, 'ld-linux-x86-64.so.2');
  const nginx = path.join(root('nginx'), 'usr', 'sbin', 'nginx');
  for (const file of [loader, nginx]) {
    if (!existsSync(file)) throw new Error(`unstable nginx: ${file} is missing`);
  }
  const libraryPath = roots
    .filter((folder) => path.basename(folder) !== 'nginx')
    .map((folder) => path.join(folder, MULTIARCH_LIB))
    .join(':');
  unstable = binary('unstable', [loader, '--library-path', libraryPath, nginx]);
  return unstable;
}

/**
 * The real nginx that judges `text`: Debian's when it is at least the version the config needs (from the
 * model's table, `minimumNginxVersion`) and at least `meantFor`, else unstable's. A config for nginx 1.22 is
 * thus judged by 1.22, and a config that needs (or is meant for) nginx >= 1.27.3 by 1.30, never by the parser
 * alone.
 * @throws when no nginx at hand is new enough
 */
export function nginxFor(text: string, meantFor?: string): NginxBinary {
  const needed = neededVersion(text);
  const wanted = meantFor !== undefined && compareVersions(meantFor, needed) > 0 ? meantFor : needed;
  for (const candidate of [debianNginx, unstableNginx]) {
    const nginx = candidate();
    if (compareVersions(nginx.version, wanted) >= 0) return nginx;
  }
  throw new Error(`no nginx >= ${wanted} at hand (Debian's is ${debianNginx().version})`);
}

/** What the config needs; a text the parser cannot read (a test of nginx's own errors) needs nothing. */
function neededVersion(text: string): string {
  try {
    return minimumNginxVersion(parseNginx(text)).version;
  } catch {
    return '0';
  }
}
