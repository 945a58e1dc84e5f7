/** A gunicorn command line as a user writes it, read into the settings FlaskService has props for. */
export interface HandWrittenGunicorn {
  /** The port of the one bind address; undefined when the command binds none (a config file may). */
  readonly port: number | undefined;
  /** gunicorn's own default is 1 worker. */
  readonly workers: number;
  readonly threads?: number;
  readonly workerClass?: string;
  /** gunicorn's own default is 30 seconds. */
  readonly timeout: number;
  readonly config?: string;
  /** Options FlaskService has no prop for, as written (`--reload`, `--max-requests 100`). */
  readonly extraArgs: readonly string[];
  readonly wsgi: string;
}

/** The worker classes FlaskService's `workerClass` accepts; others stay in `extraArgs`. */
const WORKER_CLASSES = new Set(['sync', 'gthread', 'gevent', 'eventlet', 'tornado']);

/** gunicorn options that take no value (the others take the next word, or `--option=value`). */
const SWITCHES = new Set([
  '--reload',
  '--preload',
  '-D',
  '--daemon',
  '-R',
  '--enable-stdio-inheritance',
  '--capture-output',
  '--check-config',
  '--print-config',
  '--reuse-port',
  '--no-sendfile',
  '--spew',
  '--proxy-protocol',
  '--strip-header-spaces',
  '--suppress-ragged-eofs',
  '--do-handshake-on-connect',
  '-v',
  '--version',
  '-h',
  '--help',
]);

/** Short options with a value, by the long name this reader knows them as. */
const SHORT: Readonly<Record<string, string>> = {
  '-w': '--workers',
  '-b': '--bind',
  '-t': '--timeout',
  '-c': '--config',
  '-k': '--worker-class',
};

const WSGI = /^[A-Za-z_][A-Za-z0-9_.]*:[A-Za-z_][A-Za-z0-9_]*(\(.*\))?$/;

/**
 * Reads a hand-written gunicorn command (`gunicorn -w 4 -b 0.0.0.0:5000 app:app`, options in any order, short or
 * long, `--option=value`), or returns why it is not one FlaskService can run. The bind address must listen on
 * every interface (`0.0.0.0:P`, `:P`, `[::]:P`): one on 127.0.0.1 is unreachable from nginx, and FlaskService
 * would change that.
 */
export function readGunicornCommand(argv: readonly string[]): HandWrittenGunicorn | string {
  const [program, ...rest] = argv;
  if (program !== 'gunicorn' && !program?.endsWith('/gunicorn')) return 'not a gunicorn command';
  const options = new Map<string, string>();
  const extraArgs: string[] = [];
  const targets: string[] = [];
  for (let index = 0; index < rest.length; index++) {
    const word = rest[index] as string;
    if (!word.startsWith('-') || word === '-') {
      targets.push(word);
      continue;
    }
    if (SWITCHES.has(word)) {
      extraArgs.push(word);
      continue;
    }
    const equals = word.indexOf('=');
    const shortJoined = /^-[wbtck]./.test(word) && !word.startsWith('--');
    const flag = equals > 0 ? word.slice(0, equals) : shortJoined ? word.slice(0, 2) : word;
    let value: string | undefined;
    if (equals > 0) value = word.slice(equals + 1);
    else if (shortJoined) value = word.slice(2);
    else value = rest[++index];
    if (value === undefined) return `${word} has no value`;
    const name = SHORT[flag] ?? flag;
    if (['--workers', '--bind', '--timeout', '--config', '--worker-class', '--threads'].includes(name)) {
      if (options.has(name)) return `${name} is given twice`;
      options.set(name, value);
    } else if (name === '--access-logfile' && value === '-') {
      // FlaskService writes it: requests go to `docker logs`.
    } else extraArgs.push(...(equals > 0 ? [word] : [word, value]));
  }
  if (targets.length !== 1) return `expected one WSGI target (module:callable), got ${targets.length}`;
  const wsgi = targets[0] as string;
  if (!WSGI.test(wsgi)) return `expected a WSGI target such as "app:app", got ${JSON.stringify(wsgi)}`;
  const bind = options.get('--bind');
  let port: number | undefined;
  if (bind !== undefined) {
    const match = /^(0\.0\.0\.0|\[::\]|)?:(\d+)$/.exec(bind);
    if (!match)
      return `binds ${JSON.stringify(bind)}: FlaskService listens on every interface (0.0.0.0:PORT)`;
    port = Number(match[2]);
    if (port < 1 || port > 65535) return `binds port ${port}, not a port`;
  }
  const integer = (name: string, fallback: number, max: number): number | string => {
    const text = options.get(name);
    if (text === undefined) return fallback;
    const value = Number(text);
    return /^\d+$/.test(text) && value >= 1 && value <= max ? value : `${name} ${text} is not 1 to ${max}`;
  };
  const workers = integer('--workers', 1, 64);
  const timeout = integer('--timeout', 30, 3600);
  const threads = options.has('--threads') ? integer('--threads', 1, 256) : undefined;
  for (const value of [workers, timeout, threads]) if (typeof value === 'string') return value;
  const workerClass = options.get('--worker-class');
  const knownClass = workerClass === undefined || WORKER_CLASSES.has(workerClass);
  const config = options.get('--config');
  return {
    port,
    workers: workers as number,
    ...(threads !== undefined ? { threads: threads as number } : {}),
    ...(workerClass !== undefined && knownClass ? { workerClass } : {}),
    timeout: timeout as number,
    ...(config !== undefined ? { config } : {}),
    extraArgs: knownClass ? extraArgs : [...extraArgs, '--worker-class', workerClass as string],
    wsgi,
  };
}
