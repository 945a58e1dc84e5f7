import { App, LoadBalancedStack } from '../../../packages/dockyard/src';
import { pollUntil } from '../../support/poll';
import type { WrkResult } from '../harness';
import { startStack, stopStack } from './support';

// Real processes on a 2-core machine that may be busy: bounded, but above jest's 5 s default.
jest.setTimeout(30_000);

const NO_ERRORS = { connect: 0, read: 0, write: 0, status: 0, timeout: 0 };
// The one failure no proxy can retry: the replica had sent the response's status and headers (nginx passed
// them on) and died before the body. gunicorn writes headers and body with two send() calls.
const CUT_MID_RESPONSE = /upstream prematurely closed connection while reading upstream\b/;

/** A LoadBalancedStack of three replicas, running. */
async function startThreeReplicas() {
  const stack = new LoadBalancedStack(new App(), 'shop', {
    flask: { image: 'shop:1.4', port: 5000, replicas: 3, workers: 1 },
    proxy: { nginxVersion: '1.22', dns: 'static' },
  });
  return { stack, run: await startStack(stack) };
}

/**
 * wrk (a second process, inside the namespace) loads the proxy for 3 s; `signal` goes to 2 replicas as soon as
 * both have served under that load (polled, at most 2 s in, so the survivor still carries a second of it): a
 * fixed 1 s wait let a slow wrk start miss the victims altogether on a busy machine.
 */
async function killTwoUnderLoad(
  { stack, run }: Awaited<ReturnType<typeof startThreeReplicas>>,
  signal: NodeJS.Signals,
) {
  const web = stack.flask.serviceName;
  const [survivor, ...victims] = run.harness.flask.running(web).map((r) => r.slot);
  const served = async (slot: number) => (await run.harness.stats(web, slot)).counts['/'] ?? 0;
  const before = await Promise.all(victims.map(served));
  const load = run.harness.wrk({ url: `${run.url}/`, durationSec: 3, connections: 8 });
  const loaded = await pollUntil(
    () => Promise.all(victims.map(served)),
    (counts) => counts.every((count, i) => count > (before[i] ?? 0)),
    { withinMs: 2000 },
  );
  expect(loaded.met).toBe(true);
  await Promise.all(victims.map((slot) => run.harness.killReplica(web, slot, signal)));
  const result = await load;
  return {
    result,
    survivor: String(survivor),
    killedWorkers: victims.length * (run.plan.services[web]?.workers ?? 1),
  };
}

function expectServedBeforeAndAfter(result: WrkResult, survivor: string): void {
  expect(Object.keys(result.byStatus)).toEqual(['200']);
  expect(result.byStatus['200']).toBe(result.requests);
  expect(result.requests).toBeGreaterThan(200);
  // The victims served before they went; the survivor carried the rest.
  expect(Object.keys(result.bySlot).sort()).toEqual(['1', '2', '3']);
  expect(result.bySlot[survivor]).toBeGreaterThan(result.requests / 2);
}

describe('Dockyard LoadBalancedStack: 2 of 3 replicas stopped under load (docker stop: SIGTERM)', () => {
  let started: Awaited<ReturnType<typeof startThreeReplicas>>;

  beforeAll(async () => {
    started = await startThreeReplicas();
  });

  afterAll(async () => {
    await stopStack(started?.run);
  });

  test('loses no request: no socket error, no timeout, no non-2xx', async () => {
    // WHEN
    const { result, survivor } = await killTwoUnderLoad(started, 'SIGTERM');
    // THEN requests queued at a stopping replica were reset before an answer, and nginx retried them
    expect(result.errors).toEqual(NO_ERRORS);
    expectServedBeforeAndAfter(result, survivor);
  });
});

describe('Dockyard LoadBalancedStack: 2 of 3 replicas crashing under load (SIGKILL)', () => {
  let started: Awaited<ReturnType<typeof startThreeReplicas>>;

  beforeAll(async () => {
    started = await startThreeReplicas();
  });

  afterAll(async () => {
    await stopStack(started?.run);
  });

  test('loses no request nginx could retry: no non-2xx, no connect error or timeout', async () => {
    // WHEN
    const { result, survivor, killedWorkers } = await killTwoUnderLoad(started, 'SIGKILL');
    // THEN refused and reset attempts were all retried on the survivor (nginx logged them); a client saw an
    // error only for a response the dying worker had already begun, at most one per killed (sync) worker
    const errors = started.run.nginx.errorLog.split('\n').filter((line) => line.includes('[error]'));
    const cut = errors.filter((line) => CUT_MID_RESPONSE.test(line)).length;
    expect(errors.length).toBeGreaterThan(0);
    expect(result.errors).toEqual({ ...NO_ERRORS, read: cut });
    expect(cut).toBeLessThanOrEqual(killedWorkers);
    expectServedBeforeAndAfter(result, survivor);
  });
});
