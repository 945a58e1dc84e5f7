import { E2eHarness } from '.';

// Real processes on a 2-core machine that may be busy: bounded, but above jest's 5 s default.
jest.setTimeout(30_000);

// Seed 000's setup: one upstream of the service's replicas. In Docker the name resolves to every
// replica; here dnsmasq does the same for the three loopback addresses.
const CONFIG = `events {}
http {
    upstream loadbalancer {
        server backend:5000;
    }
    server {
        listen 8080;
        server_tokens off;
        client_max_body_size 20M;
        location / {
            proxy_pass http://loadbalancer;
            proxy_set_header Host $host;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }
    }
}
`;

describe('round robin over three replicas (seed 000)', () => {
  let h: E2eHarness;

  beforeAll(async () => {
    h = await E2eHarness.create({
      services: { backend: { replicas: 3, port: 5000 } },
      nginxConfigs: [CONFIG],
    });
    await h.startNginx('lb', CONFIG);
  });

  afterAll(async () => {
    await h?.destroy();
    expect(h.leftovers()).toEqual([]);
  });

  test('spreads 300 requests evenly, each replica within 10% of a third', async () => {
    // WHEN
    const result = await h.request('http://127.0.0.1:8080/', { count: 300 });
    // THEN
    expect(result.byStatus).toEqual({ 200: 300 });
    expect(Object.keys(result.byHeader['x-slot'] ?? {}).sort()).toEqual(['1', '2', '3']);
    for (const count of Object.values(result.byHeader['x-slot'] ?? {})) {
      expect(Math.abs(count - 100)).toBeLessThanOrEqual(10);
    }
  });

  test('each replica counted the requests it answered itself', async () => {
    // GIVEN
    const before = await Promise.all([1, 2, 3].map((slot) => h.stats('backend', slot)));
    // WHEN
    const result = await h.request('http://127.0.0.1:8080/', { count: 30 });
    // THEN what nginx's replies say matches what each Flask process counted
    const after = await Promise.all([1, 2, 3].map((slot) => h.stats('backend', slot)));
    for (const slot of [1, 2, 3]) {
      const served = (after[slot - 1]?.counts['/'] ?? 0) - (before[slot - 1]?.counts['/'] ?? 0);
      expect([slot, served]).toEqual([slot, result.byHeader['x-slot']?.[String(slot)] ?? 0]);
    }
  });

  test('forwards the client headers the seeds set', async () => {
    // WHEN
    const result = await h.request('http://127.0.0.1:8080/info', { keep: 1 });
    // THEN
    const info = JSON.parse(result.kept[0]?.body ?? '{}') as Record<string, string | null>;
    expect(info).toMatchObject({
      host: '127.0.0.1',
      x_real_ip: '127.0.0.1',
      x_forwarded_for: '127.0.0.1',
      x_forwarded_proto: 'http',
    });
  });

  test('wrk inside the sandbox sees only 2xx, spread over the replicas', async () => {
    // WHEN
    const result = await h.wrk({ url: 'http://127.0.0.1:8080/', durationSec: 2, connections: 6 });
    // THEN
    expect(result.errors).toEqual({ connect: 0, read: 0, write: 0, status: 0, timeout: 0 });
    expect(result.requests).toBeGreaterThan(100);
    expect(Object.keys(result.byStatus)).toEqual(['200']);
    const slots = result.bySlot;
    expect(Object.keys(slots).sort()).toEqual(['1', '2', '3']);
    for (const count of Object.values(slots)) expect(count / result.requests).toBeGreaterThan(0.25);
  });
});
