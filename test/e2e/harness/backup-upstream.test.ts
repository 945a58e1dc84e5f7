import { pollUntil } from '../../support/poll';
import { E2eHarness, type RequestsResult } from '.';

// Real processes on a 2-core machine that may be busy: bounded, but above jest's 5 s default.
jest.setTimeout(30_000);

// Seed 001's final config: two primaries and a backup, each its own one-replica service. The primaries
// get fail_timeout=1s (instead of the default 10 s) so the test of their return stays short.
const CONFIG = `events {}
http {
    upstream flaskappproxy {
        server flaskservice:8001 fail_timeout=1s;
        server gotyourback:8002 backup;
        server redudantservice:8003 fail_timeout=1s;
    }
    server {
        listen       8080;
        server_name  localhost;
        location / {
            proxy_pass http://flaskappproxy;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header Host $host;
            proxy_redirect off;
        }
    }
}
`;

const URL = 'http://127.0.0.1:8080/';
const servedBy = (result: RequestsResult) => result.byHeader['x-served-by'] ?? {};

describe('backup server (seed 001)', () => {
  let h: E2eHarness;

  beforeAll(async () => {
    h = await E2eHarness.create({
      services: {
        flaskservice: { replicas: 1, port: 8001 },
        gotyourback: { replicas: 1, port: 8002 },
        redudantservice: { replicas: 1, port: 8003 },
      },
      nginxConfigs: [CONFIG],
    });
    await h.startNginx('legacy', CONFIG);
  });

  afterAll(async () => {
    await h?.destroy();
    expect(h.leftovers()).toEqual([]);
  });

  test('with both primaries up, the backup gets nothing', async () => {
    // WHEN
    const result = await h.request(URL, { count: 60 });
    // THEN
    expect(result.byStatus).toEqual({ 200: 60 });
    expect(servedBy(result)).toEqual({ 'flaskservice.1': 30, 'redudantservice.1': 30 });
  });

  test('with one primary dead, the other primary takes everything', async () => {
    // GIVEN
    await h.killReplica('flaskservice', 1);
    // WHEN
    const result = await h.request(URL, { count: 40 });
    // THEN
    expect(result.byStatus).toEqual({ 200: 40 });
    expect(servedBy(result)).toEqual({ 'redudantservice.1': 40 });
  });

  test('with both primaries dead, the backup answers every request', async () => {
    // GIVEN
    await h.killReplica('redudantservice', 1);
    // WHEN
    const result = await h.request(URL, { count: 40 });
    // THEN
    expect(result.byStatus).toEqual({ 200: 40 });
    expect(servedBy(result)).toEqual({ 'gotyourback.1': 40 });
    expect((await h.stats('gotyourback', 1)).counts['/']).toBe(40);
  });

  test('once the primaries are back, the backup stops getting traffic', async () => {
    // GIVEN
    await Promise.all([h.restartReplica('flaskservice', 1), h.restartReplica('redudantservice', 1)]);
    // WHEN nginx retries each primary after its fail_timeout (1 s; polled, bounded by it plus a margin for a
    // busy machine), then a fresh batch: the one that first reached both may have started before the second
    const recovered = await pollUntil(
      () => h.request(URL, { count: 20 }),
      (r) => Object.keys(servedBy(r)).sort().join() === 'flaskservice.1,redudantservice.1',
      { withinMs: 1000 + 5000 },
    );
    expect(Object.keys(servedBy(recovered.value)).sort()).toEqual(['flaskservice.1', 'redudantservice.1']);
    const result = await h.request(URL, { count: 20 });
    // THEN
    expect(result.byStatus).toEqual({ 200: 20 });
    expect(servedBy(result)).toEqual({ 'flaskservice.1': 10, 'redudantservice.1': 10 });
  });
});
