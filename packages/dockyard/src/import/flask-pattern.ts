import type { ServiceSpec } from '../model/compose/service';
import { drainingCommand, pythonHealthProbe } from '../patterns/flask-service/gunicorn';
import type { Value } from './program';

const DEFAULT_HEALTH = { path: '/', interval: '10s', timeout: '3s', retries: 3, startPeriod: '10s' };
const DEFAULT_STOP_DELAY = 11;
const DEFAULT_UPDATE = { parallelism: 1, delay: '5s', order: 'start-first', failureAction: 'rollback' };

/**
 * FlaskService props for a service that has exactly the shape FlaskService writes (its gunicorn command,
 * `expose`, health probe, restart and deploy), or undefined. The caller proves the choice by synthesizing
 * both programs; this only recognises the shape. Build contexts, networks and references are the caller's.
 */
export function flaskServiceProps(service: ServiceSpec): Record<string, Value> | undefined {
  const allowed = new Set([
    'image',
    'build',
    'command',
    'environment',
    'expose',
    'networks',
    'healthcheck',
    'restart',
    'stop_grace_period',
    'deploy',
  ]);
  if (Object.keys(service).some((key) => !allowed.has(key))) return undefined;
  const draining = unwrapDraining(service.command ?? []);
  if (!draining) return undefined;
  const gunicorn = parseGunicorn(draining.command);
  if (!gunicorn) return undefined;
  const { port } = gunicorn;
  // FlaskService derives the grace period from the stop delay and gunicorn's timeout: one fact, read back.
  const grace = draining.seconds > 0 ? `${draining.seconds + gunicorn.timeout + 5}s` : undefined;
  if (service.stop_grace_period !== grace) return undefined;
  if (JSON.stringify(service.expose) !== JSON.stringify([port])) return undefined;
  const props: Record<string, Value> = {};
  if (service.image !== undefined) props.image = service.image;
  if (service.build !== undefined) props.build = service.build as Value;
  if (gunicorn.wsgi !== 'app:app') props.wsgi = gunicorn.wsgi;
  props.port = port;
  if (gunicorn.workers !== 2) props.workers = gunicorn.workers;
  if (gunicorn.threads !== undefined) props.threads = gunicorn.threads;
  if (gunicorn.workerClass !== undefined) props.workerClass = gunicorn.workerClass;
  if (gunicorn.timeout !== 30) props.timeout = gunicorn.timeout;
  if (gunicorn.config !== undefined) props.gunicornConfig = gunicorn.config;
  if (gunicorn.extraArgs.length > 0) props.extraArgs = gunicorn.extraArgs;
  if (draining.seconds !== DEFAULT_STOP_DELAY) props.stopDelay = draining.seconds;
  if (service.environment) {
    if (Object.values(service.environment).some((value) => typeof value !== 'string')) return undefined;
    props.environment = service.environment as Value;
  }
  const deploy = service.deploy ?? {};
  const deployKeys = new Set(['replicas', 'update_config', 'rollback_config', 'resources']);
  if (Object.keys(deploy).some((key) => !deployKeys.has(key))) return undefined;
  if ((deploy.replicas ?? 1) !== 1) props.replicas = deploy.replicas as number;
  const update = deploy.update_config;
  if (
    !update ||
    update.parallelism === undefined ||
    !update.delay ||
    !update.order ||
    !update.failure_action
  ) {
    return undefined;
  }
  const ours = {
    parallelism: update.parallelism,
    delay: update.delay,
    order: update.order,
    failureAction: update.failure_action,
  };
  if (JSON.stringify(ours) !== JSON.stringify(DEFAULT_UPDATE)) props.update = ours;
  if (
    JSON.stringify(deploy.rollback_config) !==
    JSON.stringify({ parallelism: update.parallelism, order: update.order })
  ) {
    return undefined;
  }
  if (deploy.resources) {
    const { limits, reservations } = deploy.resources;
    if (limits?.pids !== undefined) return undefined;
    const resources: Record<string, Value> = {};
    if (limits?.cpus !== undefined) resources.cpus = Number(limits.cpus);
    if (limits?.memory !== undefined) resources.memory = limits.memory;
    if (reservations?.cpus !== undefined) resources.reserveCpus = Number(reservations.cpus);
    if (reservations?.memory !== undefined) resources.reserveMemory = reservations.memory;
    props.resources = resources;
  }
  if (service.healthcheck) {
    const { test, interval, timeout, retries, start_period, start_interval } = service.healthcheck;
    const url = /urlopen\("http:\/\/127\.0\.0\.1:(\d+)(\/[^"]*)"/.exec(test[2] ?? '');
    if (!url || Number(url[1]) !== port || start_interval !== undefined) return undefined;
    const path = url[2] as string;
    if (JSON.stringify(test) !== JSON.stringify(pythonHealthProbe(port, path))) return undefined;
    const health = { path, interval, timeout, retries, startPeriod: start_period };
    if (Object.values(health).some((value) => value === undefined)) return undefined;
    if (JSON.stringify(health) !== JSON.stringify(DEFAULT_HEALTH)) props.healthcheck = health as Value;
  } else props.healthcheck = false;
  if (service.restart === undefined) return undefined;
  if (service.restart !== 'unless-stopped') props.restart = service.restart;
  return props;
}

interface Gunicorn {
  port: number;
  workers: number;
  threads?: number;
  workerClass?: string;
  timeout: number;
  config?: string;
  extraArgs: string[];
  wsgi: string;
}

/**
 * FlaskService's stop-delay wrapper (see drainingCommand) taken off a command: the delay and the command
 * inside, or the command as it is with a delay of 0; undefined for a shell wrapper of another shape.
 */
function unwrapDraining(command: readonly string[]): { seconds: number; command: string[] } | undefined {
  if (command[0] !== 'sh') return { seconds: 0, command: [...command] };
  const seconds = Number(/^trap 'sleep (\d+);/.exec(command[2] ?? '')?.[1]);
  if (!Number.isInteger(seconds) || seconds === 0) return undefined;
  const inner = command.slice(4);
  return JSON.stringify(drainingCommand(seconds, inner)) === JSON.stringify(command)
    ? { seconds, command: inner }
    : undefined;
}

/** The command FlaskService writes (see gunicornCommand), read back. */
function parseGunicorn(command: readonly string[]): Gunicorn | undefined {
  const words = [...command];
  if (words.shift() !== 'gunicorn') return undefined;
  const take = (flag: string): string | undefined => {
    if (words[0] !== flag) return undefined;
    words.shift();
    return words.shift();
  };
  const config = take('--config');
  const bind = /^0\.0\.0\.0:(\d+)$/.exec(take('--bind') ?? '');
  const workers = Number(take('--workers'));
  const threads = take('--threads');
  const workerClass = take('--worker-class');
  const timeout = Number(take('--timeout'));
  if (!bind || !Number.isInteger(workers) || !Number.isInteger(timeout) || take('--access-logfile') !== '-') {
    return undefined;
  }
  const wsgi = words.pop();
  if (wsgi === undefined || !/^[A-Za-z_][A-Za-z0-9_.]*:[A-Za-z_][A-Za-z0-9_]*(\(.*\))?$/.test(wsgi))
    return undefined;
  return {
    port: Number(bind[1]),
    workers,
    ...(threads !== undefined ? { threads: Number(threads) } : {}),
    ...(workerClass !== undefined ? { workerClass } : {}),
    timeout,
    ...(config !== undefined ? { config } : {}),
    extraArgs: words,
    wsgi,
  };
}
