import { composeArtifactProblems } from '../../../../test/support/artifacts/validate-compose-artifacts';
import { FlaskService, NginxProxy, Service } from '../../src';
import { compareVersions, minimumNginxVersion } from '../../src/model/nginx';
import { decideDns, RESOLVE_SINCE } from '../../src/patterns/nginx-proxy/dns-strategy';
import {
  argsOf,
  blockOf,
  lines,
  only,
  synthErrors,
  synthNginx,
} from '../constructs/nginx/nginx-test-helpers';
import { featureProgram, seedPrograms } from '../constructs/nginx/seed-programs';
import { newStack, synthCompose } from '../helpers/synth';

describe('the DNS strategy of NginxProxy (seed 002)', () => {
  test('decideDns: resolve from 1.27.3 on; older versions must choose; each choice says what it costs', () => {
    // WHEN
    const table = [
      ['1.28.0', undefined],
      ['1.27.3', undefined],
      ['1.27.2', undefined],
      ['1.22', 'resolve'],
      ['1.22', 'variable'],
      ['1.22', 'static'],
      ['1.28.0', 'static'],
    ] as const;
    const decisions = table.map(([version, dns]) => {
      const { strategy, problems } = decideDns(version, dns);
      return [version, dns ?? '-', strategy, problems.map((p) => p.level).join(',') || 'ok'];
    });
    // THEN
    expect(decisions).toEqual([
      ['1.28.0', '-', 'resolve', 'ok'],
      ['1.27.3', '-', 'resolve', 'ok'],
      ['1.27.2', '-', 'static', 'error'],
      ['1.22', 'resolve', 'resolve', 'error'],
      ['1.22', 'variable', 'variable', 'warning'],
      ['1.22', 'static', 'static', 'info'],
      ['1.28.0', 'static', 'static', 'info'],
    ]);
    expect(RESOLVE_SINCE).toBe('1.27.3');
  });

  test('by default (nginx 1.28) every upstream re-resolves through Docker DNS, and the file says it needs 1.27.3', () => {
    // GIVEN
    const stack = featureProgram();
    // WHEN
    const { tree } = synthNginx(stack);
    // THEN
    expect(only(blockOf(tree, 'http'), 'resolver')).toEqual(['127.0.0.11', 'valid=10s', 'ipv6=off']);
    const upstream = blockOf(tree, 'upstream', ['web']);
    expect(upstream[0]).toEqual({ name: 'zone', args: ['web', '64k'] });
    expect(argsOf(upstream, 'server').every((args) => args[1] === 'resolve')).toBe(true);
    expect(minimumNginxVersion(tree).version).toBe('1.27.3');
    expect(synthCompose(stack).compose.services.nginx?.depends_on).toBeUndefined();
  });

  test('nginx 1.22 without a dns choice is an error that explains both options', () => {
    // GIVEN
    const stack = seedPrograms['002 resolver']({ nginxVersion: '1.22' });
    // WHEN
    const errors = lines(synthErrors(stack));
    // THEN
    expect(errors).toEqual([
      expect.stringMatching(
        /^error \[dynamic\/nginx\] dns: is required for nginx 1\.22: .*expected "variable" .* or "static" .*, got nothing$/,
      ),
    ]);
  });

  test('nginx 1.22 with dns "resolve" is an error', () => {
    // GIVEN
    const stack = seedPrograms['002 resolver']({ nginxVersion: '1.22', dns: 'resolve' });
    // WHEN
    const errors = lines(synthErrors(stack));
    // THEN
    expect(errors).toEqual([
      'error [dynamic/nginx] dns: expected "variable" or "static" for nginx 1.22, got "resolve", which needs nginx >= 1.27.3',
    ]);
  });

  test('"variable" warns once about what it loses, and stays within nginx 1.22', () => {
    // GIVEN
    const stack = seedPrograms['003 cache and info']({ nginxVersion: '1.22', dns: 'variable' });
    // WHEN
    const { tree, diagnostics } = synthNginx(stack);
    // THEN
    expect(lines(diagnostics.filter((d) => d.level !== 'info'))).toEqual([
      expect.stringMatching(
        /^warning \[wsgi\/nginx-proxy\] dns: "variable" .*backup servers, weights, max_fails and balancing methods .* are lost$/,
      ),
    ]);
    expect(argsOf(blockOf(tree, 'http'), 'upstream')).toEqual([]);
    for (const path of ['/', '/cache-me']) {
      expect(only(blockOf(tree, 'location', [path]), 'proxy_pass')).toEqual(['http://$upstream_flask:8000']);
    }
    expect(compareVersions(minimumNginxVersion(tree).version, '1.22')).toBeLessThanOrEqual(0);
  });

  test('"variable" together with a backup, weights or a balancing method is an error on the construct that asked', () => {
    // GIVEN
    const backup = seedPrograms['001 backup upstream']({ nginxVersion: '1.22', dns: 'variable' });
    const features = featureProgram({ nginxVersion: '1.22', dns: 'variable' });
    // WHEN
    const backupErrors = lines(synthErrors(backup));
    const featureErrors = lines(synthErrors(features));
    // THEN
    expect(backupErrors).toEqual([
      expect.stringMatching(
        /^error \[legacy\/fallback\] service: upstream "flaskappproxy": cannot be honoured with dns "variable" \(got backup gotyourback:8002\)/,
      ),
      expect.stringMatching(
        /^error \[legacy\/nginx\/Config\/flaskappproxy\] servers: cannot be honoured with dns "variable" \(got 3 servers\)/,
      ),
    ]);
    expect(featureErrors).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          '[features/nginx/Config/web] method: cannot be honoured with dns "variable" (got "least_conn")',
        ),
        expect.stringContaining(
          '[features/nginx/Config/web] servers[0].weight: cannot be honoured with dns "variable" (got weight=9)',
        ),
        expect.stringContaining(
          '[features/nginx/Config/web] keepalive: cannot be honoured with dns "variable" (got 8)',
        ),
      ]),
    );
  });

  test('"static" writes plain server lines and no resolver, notes the reload, and makes Compose start the apps first', () => {
    // GIVEN
    const stack = seedPrograms['001 backup upstream']({ nginxVersion: '1.22', dns: 'static' });
    // WHEN
    const { tree, diagnostics } = synthNginx(stack);
    const { compose, swarm } = synthCompose(stack);
    // THEN
    expect(argsOf(blockOf(tree, 'upstream', ['flaskappproxy']), 'server')).toEqual([
      ['flaskservice:8001'],
      ['redudantservice:8003'],
      ['gotyourback:8002', 'backup'],
    ]);
    expect(argsOf(blockOf(tree, 'http'), 'resolver')).toEqual([]);
    expect(lines(diagnostics)).toContainEqual(
      expect.stringMatching(/^info \[legacy\/nginx\] dns: "static": .*nginx -s reload/),
    );
    expect(compose.services.nginx?.depends_on).toEqual({
      flaskservice: { condition: 'service_started' },
      redudantservice: { condition: 'service_started' },
      gotyourback: { condition: 'service_started' },
    });
    expect(swarm.services.nginx?.depends_on).toBeUndefined();
    expect(composeArtifactProblems(synthCompose(stack).files)).toEqual([]);
  });

  test('"static" in front of a Swarm service in endpoint_mode dnsrr warns: its task addresses move', () => {
    // GIVEN
    const stack = newStack();
    const web = new FlaskService(stack, 'web', { image: 'web:1' });
    const raw = new Service(stack, 'raw', { image: 'raw:1', deploy: { endpointMode: 'dnsrr' } });
    const proxy = new NginxProxy(stack, 'nginx', { dns: 'static' });
    const pool = proxy.addUpstream('app', { servers: [web] });
    pool.addServer({ host: 'raw', port: 8000, service: raw });
    proxy.addRoute('/', pool);
    // WHEN
    const { diagnostics } = synthNginx(stack);
    // THEN
    expect(lines(diagnostics.filter((d) => d.level === 'warning'))).toEqual([
      expect.stringMatching(/^warning \[shop\/nginx\] dns: "static" with shop\/raw in endpoint_mode dnsrr/),
    ]);
  });
});
