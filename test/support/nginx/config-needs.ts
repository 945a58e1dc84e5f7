import * as path from 'node:path';
import { parseNginx } from '../../../packages/dockyard/src/model/nginx/parser';
import { type Directive, parseDirectives, walk } from './parse-directives';

/** Debian's nginx prefix: where a relative path in a config points (`nginx -V`: --prefix). */
export const DEBIAN_NGINX_PREFIX = '/usr/share/nginx';

/** What a config needs from its surroundings to pass `nginx -t` or to run. All lists sorted, unique. */
export interface NginxNeeds {
  /** Names nginx resolves when it loads the config (upstream servers, static proxy_pass hosts). */
  hosts: string[];
  /** `root`/`alias` directories: read at request time, must exist. */
  contentDirs: string[];
  /** Directories nginx creates or writes (proxy_cache_path, *_temp_path). */
  writableDirs: string[];
  /** Files nginx opens for writing (pid, error_log, access_log, lock_file). */
  writtenFiles: string[];
  /** Users and groups from the `user` directive. */
  users: string[];
  /** Where the http servers listen, as `host:port` (`*` for all addresses); `*:80` for a server without `listen`. */
  listens: string[];
  /** True when the config sets `daemon` itself (then a runner must not add `-g 'daemon off;'`). */
  setsDaemon: boolean;
}

const PASS_DIRECTIVES = new Set([
  'proxy_pass',
  'fastcgi_pass',
  'uwsgi_pass',
  'scgi_pass',
  'grpc_pass',
  'memcached_pass',
]);
const TEMP_PATHS = new Set([
  'client_body_temp_path',
  'proxy_temp_path',
  'fastcgi_temp_path',
  'uwsgi_temp_path',
  'scgi_temp_path',
]);

/** Reads a config's needs. Forgiving: a config nginx will reject still yields what could be read. */
export function discoverNeeds(text: string): NginxNeeds {
  const tree = readDirectives(text);
  const upstreamNames = new Set<string>();
  for (const { directive } of walk(tree)) {
    if (directive.name === 'upstream' && directive.block !== undefined && directive.args[0] !== undefined) {
      upstreamNames.add(directive.args[0]);
    }
  }
  const hosts = new Set<string>();
  const contentDirs = new Set<string>();
  const writableDirs = new Set<string>();
  const writtenFiles = new Set<string>();
  const users = new Set<string>();
  const listens = new Set<string>();
  let setsDaemon = false;
  const addPath = (set: Set<string>, value: string | undefined) => {
    const resolved = resolvePath(value);
    if (resolved !== undefined) set.add(resolved);
  };
  for (const { directive, parents } of walk(tree)) {
    const [first, second] = directive.args;
    const name = directive.name;
    if (name === 'server' && parents[parents.length - 1] === 'upstream') {
      addHost(hosts, hostOf(first));
    } else if (PASS_DIRECTIVES.has(name)) {
      const host = hostOf(stripScheme(first));
      if (host !== undefined && !upstreamNames.has(host)) addHost(hosts, host);
    } else if (name === 'root' || name === 'alias') {
      addPath(contentDirs, first);
    } else if (name === 'proxy_cache_path' || TEMP_PATHS.has(name)) {
      addPath(writableDirs, first);
    } else if (name === 'pid' || name === 'lock_file') {
      addPath(writtenFiles, first);
    } else if (name === 'error_log' || name === 'access_log') {
      if (first !== undefined && first !== 'off' && first !== 'stderr' && !/^(syslog|memory):/.test(first)) {
        addPath(writtenFiles, first);
      }
    } else if (name === 'user' && parents.length === 0) {
      for (const u of [first, second]) if (u !== undefined) users.add(u);
    } else if (name === 'server' && directive.block !== undefined && parents[parents.length - 1] === 'http') {
      const own = directive.block.filter((d) => d.name === 'listen').map((d) => listenAddress(d.args[0]));
      for (const listen of own.length === 0 ? ['*:80'] : own) if (listen !== undefined) listens.add(listen);
    } else if (name === 'daemon' && parents.length === 0) {
      setsDaemon = true;
    }
  }
  const sorted = (set: Set<string>) => [...set].sort();
  return {
    hosts: sorted(hosts),
    contentDirs: sorted(contentDirs),
    writableDirs: sorted(writableDirs),
    writtenFiles: sorted(writtenFiles),
    users: sorted(users),
    listens: sorted(listens),
    setsDaemon,
  };
}

/**
 * The library's parser reads what nginx reads; it rejects a broken config, and then the forgiving reader
 * here still finds what it can, so that nginx itself gets to report the error.
 */
function readDirectives(text: string): Directive[] {
  try {
    return parseNginx(text);
  } catch {
    return parseDirectives(text);
  }
}

function stripScheme(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const match = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url);
  return match === null ? url : url.slice(match[0].length);
}

/** The host part of `host:port/path`, or undefined for unix sockets, IP literals and variables. */
function hostOf(address: string | undefined): string | undefined {
  if (address === undefined || address.startsWith('unix:') || address.startsWith('[')) return undefined;
  const host = address.split(/[/:?]/, 1)[0] ?? '';
  if (host === '' || host.includes('$') || /^\d+(\.\d+){3}$/.test(host)) return undefined;
  return host;
}

/** `80` -> `*:80`, `127.0.0.1:8080` stays, `[::]:80` stays; unix sockets are left out. */
function listenAddress(arg: string | undefined): string | undefined {
  if (arg === undefined || arg.startsWith('unix:')) return undefined;
  if (/^\d+$/.test(arg)) return `*:${arg}`;
  if (arg.startsWith('[') || arg.includes(':')) return arg;
  return `${arg}:80`;
}

function addHost(hosts: Set<string>, host: string | undefined): void {
  if (host !== undefined && host !== 'localhost') hosts.add(host);
}

/** Absolute form of a path argument; undefined for variables and kernel files (/dev/stdout). */
function resolvePath(value: string | undefined): string | undefined {
  if (value === undefined || value === '' || value.includes('$')) return undefined;
  const absolute = path.posix.resolve(DEBIAN_NGINX_PREFIX, value);
  if (/^\/(dev|proc|sys)(\/|$)/.test(absolute)) return undefined;
  return absolute.replace(/(.)\/+$/, '$1');
}
