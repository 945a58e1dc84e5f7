import { Docker } from './docker';
import { EngineNamespace } from './namespace';

/** The environment variable through which the global setup hands the engine to every jest worker. */
export const ENGINE_ENV = 'DOCKYARD_ENGINE';

/** What a test needs to reach the engine the global setup started. */
export interface EngineInfo {
  /** The engine's temp dir (data-root, exec-root, socket, pidfile, scratch). */
  baseDir: string;
  /** First process of the private network + mount namespace dockerd runs in. */
  supervisorPid: number;
  dockerdPid: number;
  /** `unix://<baseDir>/docker.sock`. */
  host: string;
  configDir: string;
  /** The veth address inside the namespace that `docker swarm init --advertise-addr` used. */
  advertiseAddr: string;
  /** Parent cgroup of every container, so a crashed run's containers can be found and killed. */
  cgroupParent: string;
  /** Versions of the real tools, for the docs' figures. */
  versions: Record<string, string>;
  /** How long setup took, by step (ms). */
  timings: Record<string, number>;
}

/** A test's handle on the engine: the docker CLI, and commands (curl, wrk, node) inside the namespace. */
export interface Engine {
  info: EngineInfo;
  docker: Docker;
  ns: EngineNamespace;
}

/** Connects to the engine the global setup started (fails clearly when the engine project's setup did not run). */
export function connectEngine(): Engine {
  const raw = process.env[ENGINE_ENV];
  if (raw === undefined)
    throw new Error(`${ENGINE_ENV} is not set: run the tests with --selectProjects engine`);
  const info = JSON.parse(raw) as EngineInfo;
  return {
    info,
    docker: new Docker({ host: info.host, configDir: info.configDir }),
    ns: new EngineNamespace(info.supervisorPid, `${info.baseDir}/scratch`),
  };
}
