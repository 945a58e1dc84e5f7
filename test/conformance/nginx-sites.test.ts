import { readFileSync } from 'node:fs';
import { compareVersions, minimumNginxVersion, parseNginx } from '../../packages/dockyard/src/model/nginx';
import { synthNginx } from '../../packages/dockyard/test/constructs/nginx/nginx-test-helpers';
import { tempDir } from '../../packages/dockyard/test/helpers/tmp';
import { acmeProgram, sitesProgram } from '../../packages/dockyard/test/patterns/site-programs';
import { composeArtifactProblems } from '../support/artifacts/validate-compose-artifacts';
import { dockerStackConfig } from '../support/compose';
import { debianNginx } from '../support/nginx/nginx-binary';
import { checkNginxConfig } from '../support/nginx/nginx-check';
import { makeTestCa } from '../support/tls/certificates';

// Several sites behind one proxy, HTTPS from certificate files, limits and a WebSocket route, judged by the real
// tools: Debian's `nginx -t` (1.22) with the certificates where the secrets put them, `docker stack config`, and
// the Compose schema. The config for nginx >= 1.25.1 (`http2 on`) goes through Debian unstable's nginx 1.30, and
// Debian's 1.22 is shown to refuse it.

/** The files nginx would find under /run/secrets: the exact certificate and key the program names. */
function secretFiles(program: ReturnType<typeof sitesProgram>) {
  const { certificate, key } = program.ca.leafFiles('shop.example');
  return {
    '/run/secrets/nginx_shop_crt': readFileSync(certificate, 'utf8'),
    '/run/secrets/nginx_shop_key': readFileSync(key, 'utf8'),
  };
}

describe('sites, TLS, limits and WebSockets against the real tools', () => {
  test.each([
    ['nginx 1.22, edge proxy', {}],
    ['nginx 1.22, behind a trusted proxy', { trustForwardedFor: true }],
  ])('%s: nginx -t passes with no warning', async (_name, proxy) => {
    // GIVEN
    const program = sitesProgram({ proxy });
    const { text } = synthNginx(program.stack);
    // WHEN
    const result = await checkNginxConfig(text, { files: secretFiles(program) });
    // THEN
    expect(compareVersions(minimumNginxVersion(parseNginx(text)).version, '1.22')).toBeLessThanOrEqual(0);
    expect(result.output).toContain('test is successful');
    expect(result.warnings).toEqual([]);
    expect(result.ok).toBe(true);
  });

  test('nginx 1.28: needs 1.25.1 for "http2 on", passes a real nginx that has it, and 1.22 refuses it', async () => {
    // GIVEN
    const program = sitesProgram({ proxy: { nginxVersion: '1.28.0', dns: 'variable' } });
    const { text } = synthNginx(program.stack);
    // WHEN
    const needed = minimumNginxVersion(parseNginx(text));
    const result = await checkNginxConfig(text, { files: secretFiles(program), meantFor: '1.28.0' });
    const old = await checkNginxConfig(text, { files: secretFiles(program), nginx: debianNginx() });
    // THEN
    expect(needed.version).toBe('1.25.1');
    expect(compareVersions(result.version, '1.28.0')).toBeGreaterThanOrEqual(0);
    expect(result.output).toContain('test is successful');
    expect(result.warnings).toEqual([]);
    expect(result.ok).toBe(true);
    expect(old.ok).toBe(false);
    expect(old.output).toMatch(/unknown directive "http2"/);
  });

  test('compose.yaml passes the Compose schema and our checks; stack.yaml passes docker stack config', () => {
    // GIVEN
    const { files } = synthNginx(sitesProgram().stack);
    // WHEN
    const stack = dockerStackConfig(files['stack.yaml']?.text ?? '');
    // THEN
    expect(composeArtifactProblems(files)).toEqual([]);
    expect(stack).toMatchObject({ ok: true, stderr: '' });
    expect(stack.stdout).toMatch(/sites_nginx_shop_crt_[0-9a-f]{12}/);
  });

  test('ACME: nginx -t passes with certificates where certbot puts them; the stack passes docker stack config', async () => {
    // GIVEN
    const { files } = synthNginx(acmeProgram().stack);
    const leaf = makeTestCa(tempDir()).leaf('shop.example');
    // WHEN
    const result = await checkNginxConfig(files['nginx.conf']?.text ?? '', {
      files: {
        '/etc/letsencrypt/dockyard/shop/fullchain.pem': readFileSync(leaf.certificate, 'utf8'),
        '/etc/letsencrypt/dockyard/shop/privkey.pem': readFileSync(leaf.key, 'utf8'),
      },
      paths: ['/var/www/acme', '/usr/share/nginx/html'],
    });
    // THEN
    expect(result.warnings).toEqual([]);
    expect(result.ok).toBe(true);
    expect(composeArtifactProblems(files)).toEqual([]);
    expect(dockerStackConfig(files['stack.yaml']?.text ?? '')).toMatchObject({ ok: true, stderr: '' });
  });
});
