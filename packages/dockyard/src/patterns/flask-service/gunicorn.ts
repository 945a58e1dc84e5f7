/** How gunicorn runs a Flask app; everything here ends up as gunicorn's command line. */
export interface GunicornOptions {
  readonly wsgi: string;
  readonly port: number;
  readonly workers: number;
  readonly threads?: number | undefined;
  readonly workerClass?: string | undefined;
  readonly timeout: number;
  readonly configFile?: string | undefined;
  readonly extraArgs: readonly string[];
}

/**
 * gunicorn's command in exec form: no shell parses it, so no value can inject a command. The bind address
 * comes from the service's one port, which also feeds `expose`, the health check and every nginx upstream.
 */
export function gunicornCommand(options: GunicornOptions): string[] {
  const command = ['gunicorn'];
  if (options.configFile) command.push('--config', options.configFile);
  command.push('--bind', `0.0.0.0:${options.port}`, '--workers', String(options.workers));
  if (options.threads !== undefined) command.push('--threads', String(options.threads));
  if (options.workerClass) command.push('--worker-class', options.workerClass);
  command.push('--timeout', String(options.timeout));
  // Access log to stdout, so `docker logs` shows requests like the seeds' output does.
  command.push('--access-logfile', '-');
  command.push(...options.extraArgs, options.wsgi);
  return command;
}

/**
 * `command` behind a shell that, on SIGTERM, waits `seconds` before passing the signal on, so a stopping replica
 * keeps serving while proxies still hold its address (see FlaskService's `stopDelay`). The command stays exec
 * form: its words reach the shell as arguments (`"$@"`), never as script text. 0 returns `command` unchanged.
 */
export function drainingCommand(seconds: number, command: string[]): string[] {
  if (seconds === 0) return command;
  const script = `trap 'sleep ${seconds}; kill -TERM "$child"; wait "$child"; exit $?' TERM; "$@" & child=$!; wait "$child"`;
  return ['sh', '-c', script, command[0] ?? 'gunicorn', ...command];
}

/**
 * A health check that needs nothing but Python, which every Flask image has (no curl in python:*-slim).
 * Any HTTP answer below 500 counts as alive: a 404 on the probed path still proves gunicorn and Flask answer.
 */
export function pythonHealthProbe(port: number, path: string): string[] {
  const url = `http://127.0.0.1:${port}${path}`;
  const script = [
    'import sys, urllib.request, urllib.error',
    'try:',
    `    urllib.request.urlopen(${JSON.stringify(url)}, timeout=3)`,
    'except urllib.error.HTTPError as error:',
    '    sys.exit(1 if error.code >= 500 else 0)',
    'except Exception:',
    '    sys.exit(1)',
  ].join('\n');
  return ['python3', '-c', script];
}
