import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { pollUntil } from '../poll';
import { groupHasMembers } from './netns-processes';

// A process group id is its leader's pid, which the kernel reuses once the group is empty: the sandbox signals a
// group after its leader ended only while groupHasMembers says the group still exists.
describe('groupHasMembers', () => {
  test('GIVEN a group whose leader left a member WHEN asked THEN true, and false once the last member is gone', async () => {
    // GIVEN a detached shell (the group's leader) that starts a sleep in its group and exits at once
    // The sleep gets no copy of the pipe, so the pipe closes with the shell and 'close' comes after all output
    // ('exit' may come before the output has been read).
    const leader = spawn('/bin/sh', ['-c', 'sleep 30 >/dev/null & echo $!'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const pgid = leader.pid as number;
    let member = '';
    leader.stdout?.on('data', (chunk: Buffer) => {
      member += chunk.toString('utf8');
    });
    await once(leader, 'close');
    try {
      // THEN the group outlives its leader
      expect(groupHasMembers(pgid)).toBe(true);
    } finally {
      process.kill(-pgid, 'SIGKILL');
    }
    // WHEN the member is gone (SIGKILLed; init reaps it) THEN the group is empty
    const gone = await pollUntil(
      () => groupHasMembers(pgid),
      (alive) => !alive,
      { withinMs: 10_000 },
    );
    expect({ member: member.trim().length > 0, gone: gone.met }).toEqual({ member: true, gone: true });
  });
});
