import { pollUntil } from '../../support/poll';
import { E2eHarness, type RequestsResult } from '.';

// Real processes on a 2-core machine that may be busy: bounded, but above jest's 5 s default.
jest.setTimeout(30_000);

// Seed 002: the same service behind two nginx configs. The static one resolves `flaskapp` once, when
// nginx loads it; the workaround asks Docker's DNS (127.0.0.11, here dnsmasq) at request time.
const STATIC = `events {}
http {
    server {
        listen 8081;
        server_name localhost;
        location / {
            proxy_pass http://flaskapp:5090;
        }
    }
}
`;

const RESOLVER = `events {}
http {
    server {
        listen 8082;
        server_name localhost;
        resolver 127.0.0.11;
        set $backends flaskapp;
        location / {
            proxy_pass http://$backends:5090;
        }
    }
}
`;

const slotsOf = (result: RequestsResult) => Object.keys(result.byHeader['x-slot'] ?? {}).sort();

/**
 * How long nginx may keep answering from the one-address answer it cached before the scale: RESOLVER has no
 * `valid=`, so nginx keeps an answer for its TTL (dnsmasq's, 0 s here) counted in whole seconds of its clock,
 * i.e. until the second it arrived in has ended. Plus a margin for a busy machine.
 */
const CACHE_BOUND_MS = 1000 + 3000;

describe('scaling behind a static and a resolver config (seed 002)', () => {
  let h: E2eHarness;

  beforeAll(async () => {
    h = await E2eHarness.create({
      services: { flaskapp: { replicas: 1, port: 5090 } },
      nginxConfigs: [STATIC, RESOLVER],
    });
    await Promise.all([h.startNginx('static', STATIC), h.startNginx('resolver', RESOLVER)]);
  });

  afterAll(async () => {
    await h?.destroy();
    expect(h.leftovers()).toEqual([]);
  });

  test('with one replica, both configs reach it', async () => {
    // WHEN
    const [viaStatic, viaResolver] = await Promise.all([
      h.request('http://127.0.0.1:8081/', { count: 10 }),
      h.request('http://127.0.0.1:8082/', { count: 10 }),
    ]);
    // THEN
    expect(viaStatic.byHeader['x-slot']).toEqual({ 1: 10 });
    expect(viaResolver.byHeader['x-slot']).toEqual({ 1: 10 });
  });

  describe('after scaling 1 -> 3 through DNS', () => {
    beforeAll(async () => {
      const replicas = await h.scale('flaskapp', 3);
      expect((await h.client.dns('127.0.0.11', 'flaskapp')).addresses).toEqual(
        replicas.map((r) => r.address).sort(),
      );
    });

    test('the static config still sends everything to the first replica', async () => {
      // WHEN
      const result = await h.request('http://127.0.0.1:8081/', { count: 90 });
      // THEN
      expect(result.byStatus).toEqual({ 200: 90 });
      expect(result.byHeader['x-slot']).toEqual({ 1: 90 });
    });

    test('the resolver + variable config spreads the traffic over all three', async () => {
      // GIVEN nginx has let go of the answer it cached before the scale (polled, bounded by that answer's life):
      // asserting on the very next requests raced nginx's clock and once saw only slot 1
      const reached = await pollUntil(
        () => h.request('http://127.0.0.1:8082/', { count: 30 }),
        (batch) => slotsOf(batch).length === 3,
        { withinMs: CACHE_BOUND_MS },
      );
      expect(slotsOf(reached.value)).toEqual(['1', '2', '3']);
      // WHEN
      const result = await h.request('http://127.0.0.1:8082/', { count: 90 });
      // THEN
      expect(result.byStatus).toEqual({ 200: 90 });
      const slots = result.byHeader['x-slot'] ?? {};
      expect(Object.keys(slots).sort()).toEqual(['1', '2', '3']);
      for (const count of Object.values(slots)) expect(count).toBeGreaterThanOrEqual(10);
    });
  });
});
