import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SANDBOX_DIR_PREFIX, SUPERVISOR_PID_FILE, sweepStaleSandboxDirs } from './stale-sweep';

describe('sweepStaleSandboxDirs', () => {
  test('removes dirs whose supervisor is gone, keeps live and young ones', async () => {
    // GIVEN a fake temp root with three sandbox dirs and an unrelated one
    const root = mkdtempSync(path.join(os.tmpdir(), 'sweep-test-'));
    const dir = (name: string) => {
      const p = path.join(root, `${SANDBOX_DIR_PREFIX}${name}`);
      mkdirSync(p);
      return p;
    };
    const dead = dir('dead');
    const live = dir('live');
    const young = dir('young');
    const other = path.join(root, 'not-a-sandbox');
    mkdirSync(other);
    const gone = spawn('true');
    await new Promise((resolve) => gone.once('close', resolve));
    writeFileSync(path.join(dead, SUPERVISOR_PID_FILE), String(gone.pid));
    const holder = spawn('sh', ['-c', 'sleep 30', live], { stdio: 'ignore' });
    writeFileSync(path.join(live, SUPERVISOR_PID_FILE), String(holder.pid));
    try {
      // WHEN
      const removed = sweepStaleSandboxDirs(root);
      // THEN
      expect(removed).toEqual([dead]);
      expect([existsSync(live), existsSync(young), existsSync(other)]).toEqual([true, true, true]);
    } finally {
      holder.kill('SIGKILL');
      rmSync(root, { recursive: true, force: true });
    }
  });
});
