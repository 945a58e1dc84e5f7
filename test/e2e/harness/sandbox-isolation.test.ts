import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pollUntil } from '../../support/poll';
import { pidExists, processesInNetns, Sandbox } from '../../support/sandbox';
import { renderSetupScript } from '../../support/sandbox/setup-script';

// Real processes on a 2-core machine that may be busy: bounded, but above jest's 5 s default.
jest.setTimeout(30_000);

// A TEST-NET-1 address (RFC 5737): reserved for documentation, and unroutable from the namespace anyway.
const NON_LOOPBACK = '192.0.2.1';

const CONNECT_PROBE = `
const net = require('node:net');
const s = net.connect({ host: process.argv[1], port: 80 });
s.setTimeout(3000, () => { console.log('TIMEOUT'); process.exit(0); });
s.on('connect', () => { console.log('CONNECTED'); process.exit(0); });
s.on('error', (e) => { console.log(e.code); process.exit(0); });
`;

describe('Sandbox', () => {
  let sb: Sandbox;
  const hostHad = { app: existsSync('/app'), wwwData: existsSync('/var/www-data') };

  beforeAll(async () => {
    sb = await Sandbox.create({
      hosts: { web: ['127.0.0.2', '127.0.0.3'] },
      mounts: [{ target: '/app/static' }, { target: '/var/www-data' }, { target: '/var/cache/nginx' }],
      users: ['nginx'],
    });
  });

  afterAll(async () => {
    await sb.destroy();
  });

  test('has no network interface but loopback', async () => {
    // WHEN
    const links = await sb.exec('ip', ['-o', 'link', 'show']);
    const routes = await sb.exec('ip', ['-4', 'route', 'show', 'table', 'all']);
    // THEN
    expect(links.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^1: lo: <LOOPBACK,UP,LOWER_UP>/),
    ]);
    for (const line of routes.stdout.trim().split('\n')) expect(line).toMatch(/dev lo\b/);
  });

  test('connecting to a non-loopback address fails with ENETUNREACH', async () => {
    // WHEN
    const probe = await sb.exec('node', ['-e', CONNECT_PROBE, NON_LOOPBACK], { timeoutMs: 10_000 });
    // THEN
    expect(probe.stdout.trim()).toBe('ENETUNREACH');
  });

  test('resolves names from the private hosts file, and an unknown name fails fast', async () => {
    // WHEN
    // (getent's ahostsv4 asks with AI_ADDRCONFIG, which hides IPv4 when only loopback has it; nginx asks
    // for AF_UNSPEC like ahosts does.)
    const known = await sb.exec('getent', ['ahosts', 'web']);
    const started = Date.now();
    const unknown = await sb.exec('getent', ['hosts', 'no-such-service.example']);
    const elapsed = Date.now() - started;
    const resolv = await sb.exec('cat', ['/etc/resolv.conf']);
    // THEN
    expect(known.stdout).toContain('127.0.0.2');
    expect(known.stdout).toContain('127.0.0.3');
    expect(unknown.code).toBe(2);
    expect(elapsed).toBeLessThan(2000);
    expect(resolv.stdout.match(/^nameserver .*/gm)).toEqual(['nameserver 127.0.0.11']);
  });

  test('writeHosts changes resolution in place', async () => {
    // WHEN
    sb.writeHosts({ web: ['127.0.0.9'] });
    const after = await sb.exec('getent', ['hosts', 'web']);
    // THEN
    expect(after.stdout.trim()).toBe('127.0.0.9       web');
    sb.writeHosts({ web: ['127.0.0.2', '127.0.0.3'] });
  });

  test('container paths exist inside, backed by temp dirs, without appearing on the host', async () => {
    // GIVEN
    writeFileSync(path.join(sb.pathOf('/app/static'), 'hello.txt'), 'from the host side\n');
    // WHEN
    const read = await sb.exec('cat', ['/app/static/hello.txt']);
    const write = await sb.exec('sh', [
      '-c',
      'echo from inside > /var/www-data/out.txt && ls -d /var/cache/nginx',
    ]);
    const etc = await sb.exec('ls', ['/etc/nginx/mime.types', '/usr/share/nginx/html']);
    // THEN
    expect(read.stdout).toBe('from the host side\n');
    expect(write.code).toBe(0);
    expect(readFileSync(path.join(sb.pathOf('/var/www-data'), 'out.txt'), 'utf8')).toBe('from inside\n');
    expect(etc.code).toBe(0); // what the host had next to the new dirs is still there
    expect(existsSync('/app')).toBe(hostHad.app);
    expect(existsSync('/var/www-data')).toBe(hostHad.wwwData);
  });

  test('has a private nginx user the host does not have', async () => {
    // WHEN
    const inside = await sb.exec('getent', ['passwd', 'nginx']);
    // THEN
    expect(inside.stdout).toMatch(/^nginx:x:\d+:\d+:/);
    expect(readFileSync('/etc/passwd', 'utf8')).not.toMatch(/^nginx:/m);
  });
});

describe('Sandbox.destroy', () => {
  test('ends tracked processes, escaped daemons and the supervisor, and removes the temp dir', async () => {
    // GIVEN a tracked process and one that left its process group (setsid) like a daemon would
    const sb = await Sandbox.create();
    try {
      const sleeper = sb.spawn('sleeper', 'sleep', ['300']);
      const pidFile = sb.scratch('daemon.pid');
      // The daemon writes its pid only after setsid(), so it has left the group exec() ends.
      const daemonize = `setsid sh -c 'echo $$ > "$0"; exec sleep 301' "$1" </dev/null >/dev/null 2>&1 &
        while [ ! -s "$1" ]; do sleep 0.01; done`;
      await sb.exec('sh', ['-c', daemonize, 'sh', pidFile], { timeoutMs: 5000 });
      const daemon = Number(readFileSync(pidFile, 'utf8'));
      expect(sb.leftovers()).toEqual(expect.arrayContaining([sb.pid, sleeper.pid, daemon]));
      // WHEN
      await sb.destroy();
      // THEN
      expect(sleeper.running).toBe(false);
      expect(sb.leftovers()).toEqual([]);
      expect(pidExists(daemon)).toBe(false);
      expect(existsSync(sb.baseDir)).toBe(false);
    } finally {
      await sb.destroy();
    }
  });

  test('the supervisor reaps the namespace when the test process goes away (its stdin closes)', async () => {
    // GIVEN a bare supervisor, as Sandbox starts it, with a process started inside its namespace
    const supervisor = spawn('unshare', ['--mount', '--net', '--', '/bin/sh', '-c', renderSetupScript([])], {
      detached: true,
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const ready = await new Promise<string>((resolve) => {
      supervisor.stdout.on('data', (chunk: Buffer) => resolve(chunk.toString()));
    });
    const netns = ready.trim().split(' ')[1] ?? '';
    const inside = spawn('nsenter', ['-t', String(supervisor.pid), '-m', '-n', '--', 'sleep', '300'], {
      detached: true,
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => supervisor.once('close', resolve));
    try {
      // nsenter joins the namespace a moment after it starts: polled, bounded, not a fixed wait
      const joined = await pollUntil(
        () => processesInNetns(netns),
        (pids) => pids.includes(inside.pid ?? -1),
        { withinMs: 5000, everyMs: 10 },
      );
      expect(joined.value).toContain(inside.pid);
      // WHEN the pipe closes, as it does when the test process dies, even by SIGKILL
      supervisor.stdin.destroy();
      await exited;
      // THEN
      expect(processesInNetns(netns)).toEqual([]);
    } finally {
      // Also after a failure: the supervisor reaps what is inside when its stdin closes; the rest by pid.
      supervisor.stdin.destroy();
      for (const pid of [inside.pid, supervisor.pid]) {
        if (pid !== undefined && pidExists(pid)) process.kill(pid, 'SIGKILL');
      }
    }
  });
});
