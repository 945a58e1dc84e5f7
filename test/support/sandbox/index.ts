export { type HostsMap, SANDBOX_NAMESERVER } from './identity-files';
export { LoopbackPool } from './loopback';
export { netnsOf, pidExists, processesInNetns } from './netns-processes';
export {
  type ExecOptions,
  type ExecResult,
  type MountRequest,
  type RunOptions,
  Sandbox,
  type SandboxOptions,
} from './sandbox';
export { type ExitStatus, SandboxProcess } from './sandbox-process';
