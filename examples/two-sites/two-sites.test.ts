import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'dockyard';
import { Annotations, installDockyardMatchers, Template, Testing } from 'dockyard/testing';
import { loadExample } from '../../test/examples/support/load-example';
import { checkNginxConfig } from '../../test/support/nginx/nginx-check';

// Two Flask apps on two host names behind one proxy: one over HTTPS with its certificate and key as secrets,
// one over HTTP; limits declared once; a WebSocket route; unknown host names answered 421.

installDockyardMatchers();
const example = loadExample<typeof import('./infra')>(__dirname);
const stack = example.stack('two-sites');
const secretFiles = {
  '/run/secrets/nginx_shop_crt': readFileSync(path.join(__dirname, 'certs/shop.example.crt'), 'utf8'),
  '/run/secrets/nginx_shop_key': readFileSync(path.join(__dirname, 'certs/shop.example.key'), 'utf8'),
};

describe('two-sites', () => {
  test('nginx publishes 80 and 443 and reads the certificate and key as secrets; the apps publish nothing', () => {
    // WHEN
    const template = Template.fromStack(stack);
    // THEN
    template.compose.hasService('nginx', {
      ports: [
        { target: 80, published: 80 },
        { target: 443, published: 443 },
      ],
      secrets: [{ source: 'nginx_shop_crt' }, { source: 'nginx_shop_key' }],
    });
    const { files } = Testing.synth(stack);
    expect(files['compose.yaml']?.text).toContain('file: ../../certs/shop.example.key');
    expect(files['stack.yaml']?.text).toMatch(/name: two-sites_nginx_shop_key_[0-9a-f]{12}/);
    for (const file of Object.values(files)) expect(file.text).not.toContain('PRIVATE KEY');
    Annotations.fromStack(stack).hasNoErrors();
  });

  test('built for nginx 1.22, nginx.conf passes the real nginx -t with the certificate where the secret mounts it', async () => {
    // GIVEN
    const variant = example.module.twoSites(new App({ baseDir: __dirname }), {
      nginxVersion: '1.22',
      dns: 'static',
    });
    const text = Testing.synth(variant).files['nginx.conf']?.text ?? '';
    // WHEN
    const result = await checkNginxConfig(text, { files: secretFiles });
    // THEN
    expect(result.warnings).toEqual([]);
    expect(result.ok).toBe(true);
  });

  // Docker Compose's own parser (v2, from Debian unstable via scripts/fetch-unstable.sh docker-compose), where present.
  const plugin = path.join(
    process.env.DOCKYARD_TEST_CACHE ?? path.join(process.env.HOME ?? '', '.cache/dockyard-test'),
    'unstable/root/docker-compose/usr/libexec/docker/cli-plugins/docker-compose',
  );
  (existsSync(plugin) ? test : test.skip)(
    'the committed compose.yaml passes `docker-compose -f FILE config -q`',
    () => {
      // WHEN
      const run = spawnSync(
        plugin,
        ['-f', path.join(__dirname, 'dist/two-sites/compose.yaml'), 'config', '-q'],
        {
          encoding: 'utf8',
          timeout: 20_000,
        },
      );
      // THEN
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    },
  );
});
