import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, FlaskService, NginxProxy, Stack } from '../../../packages/dockyard/src';
import { Testing } from '../../../packages/dockyard/src/testing';
import { asInContainer } from '../../support/nginx/nginx-check';
import type { SandboxProcess } from '../../support/sandbox';
import { makeTestCa, type TestCa } from '../../support/tls/certificates';
import { E2eHarness } from '../harness';
import { readStackPlan } from './support/stack-plan';

// ACME for real: Debian's pebble (an ACME test CA) validates HTTP-01 through the real nginx running the
// synthesized nginx.conf, certbot runs the exact script of the synthesized certbot service, and nginx runs the
// exact wait-and-reload entrypoint of the proxy service. All inside the private namespace.

jest.setTimeout(120_000);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'dockyard-e2e-acme-'));

function program() {
  const stack = new Stack(new App({ baseDir: tmp, outdir: path.join(tmp, 'dist') }), 'acme');
  const shop = new FlaskService(stack, 'shop', { image: 'shop:1', port: 5000, workers: 1 });
  const proxy = new NginxProxy(stack, 'nginx', { nginxVersion: '1.22', dns: 'static' });
  proxy.useAcme({ email: 'ops@shop.example', reloadCheckEvery: 1 });
  proxy
    .addSite('shop', { serverName: ['shop.example'], tls: 'acme' })
    .addRoute('/', proxy.addUpstream('shop', { servers: [shop] }));
  return stack;
}

type ComposeService = { entrypoint?: string[] };

let failureLogs = () => '';

/** Polls `probe` until it returns a value, at most `timeoutMs`. */
async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${failureLogs()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('Dockyard ACME with pebble and certbot, end to end', () => {
  let harness: E2eHarness;
  let ca: TestCa;
  let pebbleRoot: string;
  let certbotScript: string;
  const processes: SandboxProcess[] = [];

  const logs = () => processes.map((proc) => `--- ${proc.name}\n${proc.log.slice(-3000)}`).join('\n');
  const shell = (script: string) => harness.sandbox.exec('sh', ['-c', script], { timeoutMs: 20_000 });
  /** The serial of the certificate nginx presents for shop.example. */
  const servedSerial = async () => {
    const run = await shell(
      'openssl s_client -connect 127.0.0.1:443 -servername shop.example </dev/null 2>/dev/null | openssl x509 -noout -serial -issuer',
    );
    return run.stdout.trim().replace(/\n/g, ' ');
  };
  const certbotEnv = (extra: string) => ({
    ...process.env,
    DOCKYARD_ACME_SERVER: 'https://pebble.test:14000/dir',
    DOCKYARD_ACME_ARGS: `--work-dir ${tmp}/work --logs-dir ${tmp}/logs ${extra}`,
    REQUESTS_CA_BUNDLE: ca.certificate,
    // Debian's python3 (with python3-cryptography, a certbot dependency) writes the placeholder, as in the image.
    PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
  });

  beforeAll(async () => {
    failureLogs = logs;
    ca = makeTestCa(path.join(tmp, 'ca'));
    const synthesized = Testing.synth(program());
    const { files } = synthesized;
    const plan = readStackPlan(synthesized);
    const compose = files['compose.yaml']?.parsed as { services: Record<string, ComposeService> };
    // As Compose reads them: `$$` is its escape for a literal `$`.
    certbotScript = (compose.services.nginx_certbot?.entrypoint?.[2] ?? '').replaceAll('$$', '$');
    const nginxScript = (compose.services.nginx?.entrypoint?.[2] ?? '').replaceAll('$$', '$');
    expect(certbotScript).toContain('certbot certonly');
    expect(nginxScript).toContain('nginx -s reload');
    harness = await E2eHarness.create({
      services: plan.services,
      nginxConfigs: [plan.proxy.config],
      volumes: plan.volumes,
    });
    // shop.example for pebble's HTTP-01 check; nginx, the proxy's service name, as Docker's DNS gives it to the
    // certbot service, which waits until nginx serves the webroot before it asks the CA.
    for (const name of ['shop.example', 'pebble.test', 'nginx']) await harness.dns.set(name, ['127.0.0.1']);
    // pebble: its API on 14000 with a certificate of our test CA; HTTP-01 checked on port 80 of the name's address.
    const listener = ca.leaf('pebble.test');
    const config = path.join(tmp, 'pebble.json');
    writeFileSync(
      config,
      JSON.stringify({
        pebble: {
          listenAddress: '127.0.0.1:14000',
          managementListenAddress: '127.0.0.1:15000',
          certificate: listener.certificate,
          privateKey: listener.key,
          httpPort: 80,
          tlsPort: 5001,
          ocspResponderURL: '',
          externalAccountBindingRequired: false,
        },
      }),
    );
    processes.push(
      harness.sandbox.spawn('pebble', 'pebble', ['-config', config, '-dnsserver', '127.0.0.11:53'], {
        env: { ...process.env, PEBBLE_VA_NOSLEEP: '1', PEBBLE_WFE_NONCEREJECT: '0', PEBBLE_AUTHZREUSE: '0' },
      }),
    );
    await harness.client.waitFor([{ host: '127.0.0.1', port: 14000 }], 15_000);
    // nginx.conf where the image reads it, then the proxy's own entrypoint (it waits for the certificate files).
    await harness.sandbox.exec('sh', ['-c', 'cat > /etc/nginx/nginx.conf'], { input: plan.proxy.config });
    processes.push(
      harness.sandbox.spawn('nginx entrypoint', 'bash', ['-c', asInContainer(`sh -c ${sq(nginxScript)}`)]),
    );
    processes.push(harness.sandbox.spawn('certbot', 'sh', ['-c', certbotScript], { env: certbotEnv('') }));
    const root = await shell(`curl -sS --cacert ${ca.certificate} https://pebble.test:15000/roots/0`);
    pebbleRoot = path.join(tmp, 'pebble-root.pem');
    writeFileSync(pebbleRoot, root.stdout);
  });

  afterAll(async () => {
    for (const proc of processes.reverse()) await proc.kill('SIGTERM', 2000);
    await harness?.destroy();
    expect(harness?.leftovers()).toEqual([]);
    rmSync(tmp, { recursive: true, force: true });
  });

  test('nginx starts on the placeholder, pebble validates HTTP-01 through it, and the issued certificate is served', async () => {
    // WHEN the certbot service has obtained the certificate and nginx reloaded onto it
    const ok = await until("an HTTPS answer with pebble's certificate", 40_000, async () => {
      const run = await shell(
        `curl -sS --max-time 3 --cacert ${pebbleRoot} -o /dev/null -w '%{http_code}' https://shop.example/`,
      );
      return run.code === 0 ? run.stdout : undefined;
    });
    // THEN
    expect(ok).toBe('200');
    expect(await servedSerial()).toMatch(/issuer=.*Pebble/i);
  });

  test('a renewal is served after a reload, without a failed request meanwhile', async () => {
    // GIVEN the certificate served now, and a client sending requests throughout
    const before = await servedSerial();
    const load = harness.sandbox.exec('sh', ['-c', renewalLoad(pebbleRoot, path.join(tmp, 'curl.log'))], {
      timeoutMs: 60_000,
    });
    // WHEN certbot renews (forced: a fresh certificate is months from due) with the service's own script
    const first = processes.find((proc) => proc.name === 'certbot');
    await first?.kill('SIGTERM', 2000);
    processes.push(
      harness.sandbox.spawn('certbot renew', 'sh', ['-c', certbotScript], {
        env: certbotEnv('--force-renewal'),
      }),
    );
    const after = await until('the renewed certificate', 30_000, async () => {
      const now = await servedSerial();
      return now !== before && /serial=/.test(now) ? now : undefined;
    });
    const [okText, failText, declinedText, codes = ''] = (await load).stdout.trim().split(' ');
    const [ok, fail, declined] = [Number(okText), Number(failText), Number(declinedText)];
    // THEN
    expect(after).not.toBe(before);
    expect({ fail, curlExitCodes: codes }).toEqual({ fail: 0, curlExitCodes: '' });
    expect(ok).toBeGreaterThan(10);
    // One client in sequence meets at most one fresh connection per reload; the hook may cause two reloads.
    expect(declined).toBeLessThanOrEqual(2);
    console.log(
      `[e2e] ACME renewal: ${before} -> ${after}; ${ok} requests during it, ${fail} failed, ${declined} declined by GOAWAY and retried`,
    );
  });
});

/**
 * A shell loop that sends requests for 15 s and prints `<ok> <failed> <declined> <,exit codes of failures>`.
 *
 * A request is given 10 s: on a loaded machine a slow answer is not a dropped one. Each failure's curl exit code is
 * kept, so a failure says what it was (7 refused, 28 timed out, 35 TLS...). One kind of error is not a failure: on
 * a reload, nginx's old worker ends an HTTP/2 connection that has no stream yet with `GOAWAY` (NO_ERROR) naming
 * last stream 0, so the request on it was never processed. RFC 9113 (6.8) says such a request can be retried, and
 * browsers do; Debian 12's curl (7.88) exits 16 instead. The loop retries exactly that case, once, and counts it.
 * HTTP/1.1 has no such race: 0 of those in a storm of 300 reloads where HTTP/2 met 15.
 */
function renewalLoad(caFile: string, logFile: string): string {
  const request = `curl -sS -v --max-time 10 --cacert ${caFile} -o /dev/null https://shop.example/ 2>${logFile}`;
  return [
    "ok=0; fail=0; declined=0; codes=''; end=$(( $(date +%s) + 15 ))",
    'while [ $(date +%s) -lt $end ]; do',
    `  ${request}; code=$?`,
    `  if [ $code -eq 16 ] && grep -q 'GOAWAY, error=0, last_stream=0' ${logFile}; then`,
    `    declined=$((declined+1)); ${request}; code=$?`,
    '  fi',
    '  if [ $code -eq 0 ]; then ok=$((ok+1)); else fail=$((fail+1)); codes="$codes,$code"; fi',
    'done',
    'echo "$ok $fail $declined $codes"',
  ].join('\n');
}

function sq(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
