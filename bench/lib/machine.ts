import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installedVersion } from '../cdk8s/install';
import { CDK8S_PACKAGES } from '../cdk8s/versions';
import { DOCKYARD_DIR, REPO_ROOT } from './paths';

/** Where the figures were taken: they mean little without it. */
export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memory: string;
  readonly os: string;
  /** 1-minute load average when the run started and when it ended: other work on the machine skews figures. */
  readonly load: readonly [number, number];
  /** Tool -> version, in display order. */
  readonly versions: ReadonlyArray<readonly [string, string]>;
}

/** Reads the machine and the versions of every tool the benches run. */
export function machineInfo(cdk8sMeasured: boolean, loadAtStart: number): MachineInfo {
  const cpuinfo = readOr('/proc/cpuinfo', '');
  const cpuModel = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  const cores = Number(run('nproc', []) || os.availableParallelism());
  const memory =
    /^Mem:\s+(\S+)/m.exec(run('free', ['-h']))?.[1] ?? `${(os.totalmem() / 2 ** 30).toFixed(1)}Gi`;
  const osName = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(readOr('/etc/os-release', ''))?.[1] ?? os.platform();
  const dockyard = (JSON.parse(readOr(path.join(DOCKYARD_DIR, 'package.json'), '{}')) as { version?: string })
    .version;
  const commit = run('git', ['-C', REPO_ROOT, 'describe', '--always', '--dirty']);
  const cdk8s = cdk8sMeasured
    ? `cdk8s ${installedVersion('cdk8s')}, cdk8s-cli ${installedVersion('cdk8s-cli')}, ts-node ${installedVersion('ts-node')}, typescript ${installedVersion('typescript')}`
    : `not installed (quick mode; a full run pins cdk8s ${CDK8S_PACKAGES.cdk8s})`;
  return {
    cpuModel,
    cores,
    memory,
    os: `${osName}, ${os.release()}`,
    load: [loadAtStart, os.loadavg()[0] ?? 0],
    versions: [
      ['node', process.version],
      ['dockyard', `${dockyard ?? '?'} (${commit || 'no git'})`],
      ['cdk8s', cdk8s],
      ['nginx', firstLine(run('nginx', ['-v'], true)).replace(/^nginx version: /, '')],
      ['gunicorn', firstLine(run('gunicorn', ['--version'])).replace(/^gunicorn \(version (.+)\)$/, '$1')],
      [
        'flask',
        firstLine(run('python3', ['-c', 'import flask, importlib.metadata as m; print(m.version("flask"))'])),
      ],
      ['wrk', firstLine(run('wrk', ['-v'], true)).replace(/ Copyright.*$/, '')],
    ],
  };
}

function run(file: string, args: readonly string[], stderrToo = false): string {
  const result = spawnSync(file, args, { encoding: 'utf8' });
  if (result.error) return '';
  return `${result.stdout ?? ''}${stderrToo ? (result.stderr ?? '') : ''}`.trim();
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.trim() || 'not found';
}

function readOr(file: string, fallback: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}
