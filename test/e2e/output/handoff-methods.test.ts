import { App, LoadBalancedStack } from '../../../packages/dockyard/src';
import { type StartedStack, startStack, stopStack } from './support';

// Real processes on a 2-core machine that may be busy: bounded, but above jest's 5 s default.
jest.setTimeout(60_000);

// The hand-off to the backup (failover.handOff) must not send a POST twice: nginx itself never retries a
// non-idempotent request once a server got it, and the named location keeps that rule. The Flask app has
// GET routes only, so a POST that reaches the backup gets Flask's 405 (counted in the backup's /stats): that is
// how a test tells "sent to the backup" from "refused by nginx".

// Accepts a connection, reads the request and closes without answering: a replica that dies after it got the
// request. nginx logs "upstream prematurely closed connection".
const CLOSES_AFTER_READING = [
  'import socket, sys',
  's = socket.socket()',
  's.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)',
  's.bind((sys.argv[1], int(sys.argv[2])))',
  's.listen(16)',
  'while True:',
  '    c, _ = s.accept()',
  '    c.recv(65536)',
  '    c.close()',
].join('\n');

function shop(replicas: number): LoadBalancedStack {
  return new LoadBalancedStack(new App(), 'shop', {
    flask: { image: 'shop:1.4', port: 5000, replicas, workers: 1 },
    backup: {},
  });
}

const backupPosts = async (run: StartedStack, stack: LoadBalancedStack) =>
  (await run.harness.stats(stack.backup!.serviceName, 1)).counts['/'] ?? 0;

describe('Dockyard defaults: the hand-off to the backup and request methods', () => {
  let run: StartedStack | undefined;

  afterEach(async () => {
    await stopStack(run);
    run = undefined;
  });

  test('a POST a primary already received is not sent again to the backup: 502 and the 50x page', async () => {
    // GIVEN the only replica replaced by one that reads the request and closes
    const stack = shop(1);
    run = await startStack(stack);
    const web = stack.flask.serviceName;
    const { address, port } = run.harness.replica(web, 1);
    await run.harness.killReplica(web, 1);
    run.harness.sandbox.spawn('closer', 'python3', ['-c', CLOSES_AFTER_READING, address, String(port)]);
    expect((await run.harness.client.waitFor([{ host: address, port }], 10_000)).ready).toBe(true);
    // WHEN
    const post = await run.harness.request(`${run.url}/`, { method: 'POST', bodyBytes: 10, keep: 1 });
    // THEN nginx did not retry it, and the hand-off refused it too
    expect(post.byStatus).toEqual({ 502: 1 });
    expect(post.kept[0]?.body).toContain('<h1>An error occurred.</h1>');
    expect(await backupPosts(run, stack)).toBe(0);
    expect(run.nginx.errorLog).toMatch(
      /upstream prematurely closed connection .*request: "POST \/ HTTP\/1\.1"/,
    );
    // WHEN the next POST comes, nginx knows the primary failed (max_fails) and uses the backup line itself
    const next = await run.harness.request(`${run.url}/`, { method: 'POST', bodyBytes: 10 });
    // THEN the backup is reachable: the 502 above was the rule, not a dead backup
    expect(next.byStatus).toEqual({ 405: 1 });
    expect(next.byHeader['x-served-by']).toEqual({ [`${stack.backup!.serviceName}.1`]: 1 });
    expect(await backupPosts(run, stack)).toBe(1);
  });

  test('a POST no primary received (their addresses vanished) is handed to the backup within 3 s', async () => {
    // GIVEN
    const stack = shop(3);
    run = await startStack(stack);
    const web = stack.flask.serviceName;
    const started = run;
    await Promise.all(
      started.harness.flask.running(web).map((r) => started.harness.vanishReplica(web, r.slot)),
    );
    // WHEN
    const post = await run.harness.request(`${run.url}/`, {
      method: 'POST',
      bodyBytes: 10,
      requestTimeoutMs: 15_000,
    });
    // THEN
    expect(post.byStatus).toEqual({ 405: 1 });
    expect(post.byHeader['x-served-by']).toEqual({ [`${stack.backup!.serviceName}.1`]: 1 });
    expect(post.slowestMs).toBeLessThanOrEqual(3000);
    expect(await backupPosts(run, stack)).toBe(1);
  });
});
