import { composeArtifactProblems } from '../../../../test/support/artifacts/validate-compose-artifacts';
import { checkNginxConfig } from '../../../../test/support/nginx/nginx-check';
import { App, LoadBalancedStack, type LoadBalancedStackProps } from '../../src';
import { parseNginx, upstreamServers } from '../../src/model/nginx';
import { Match, Template, Testing } from '../../src/testing';
import { tempDir } from '../helpers/tmp';

const shop = (overrides: Partial<LoadBalancedStackProps> = {}) =>
  new LoadBalancedStack(new App({ outdir: tempDir() }), 'shop', {
    flask: { image: 'shop:1.4', wsgi: 'app:app', port: 5000, replicas: 3, workers: 2 },
    proxy: { publish: 8080, clientMaxBodySize: '20m' },
    backup: { image: 'shop:1.4' },
    staticFiles: { urlPath: '/static', appDir: '/app/static' },
    cache: { paths: ['/cache-me'], ttl: '10m' },
    ...overrides,
  });

describe('LoadBalancedStack', () => {
  test('the seed setup in one construct: replicas behind nginx, a backup, static files and a cached path', () => {
    // GIVEN
    const stack = shop();
    // WHEN
    const template = Template.fromStack(stack);
    // THEN
    template.compose.hasService('web', { image: 'shop:1.4', expose: [5000], deploy: { replicas: 3 } });
    template.compose.hasService('web-backup', { image: 'shop:1.4', deploy: { replicas: 1 } });
    template.compose.hasService('nginx', { ports: [{ target: 80, published: 8080 }] });
    template.compose.serviceCountIs(3);
    template.nginx.hasUpstream('web', {
      servers: ['web:5000', { address: 'web-backup:5000', backup: true }],
    });
    template.nginx.routesTo('/', 'web');
    template.nginx.routesTo('/cache-me', 'web');
    template.nginx.hasLocation('/cache-me', { proxy_cache: 'dockyard', proxy_cache_valid: '200 10m' });
    template.nginx.hasLocation('^~ /static/', { alias: '/srv/static/web/' });
    template.swarm.hasNetwork('backend', { driver: 'overlay' });
  });

  test('only the proxy publishes a host port', () => {
    // WHEN
    const template = Template.fromStack(shop());
    // THEN
    expect(Object.keys(template.compose.findServices({ ports: Match.anyValue() }))).toEqual(['nginx']);
  });

  test('the parts stay reachable for changes (escape hatches)', () => {
    // GIVEN
    const stack = shop();
    // WHEN
    stack.proxy.addRoute('/api', stack.upstream);
    // THEN
    expect(stack.flask.serviceName).toBe('web');
    expect(stack.backup?.serviceName).toBe('web-backup');
    expect(stack.routes.has('/cache-me')).toBe(true);
    Template.fromStack(stack).nginx.routesTo('/api', 'web');
  });

  test('the backup inherits the app but replicas, and overrides what it is given', () => {
    // GIVEN
    const stack = shop({ backup: { image: 'shop:1.3', workers: 1 } });
    // WHEN
    const compose = Testing.synth(stack).files['compose.yaml']?.parsed as {
      services: Record<string, { image: string; command: string[]; deploy: { replicas: number } }>;
    };
    // THEN
    const backup = compose.services['web-backup'];
    expect(backup?.image).toBe('shop:1.3');
    expect(backup?.deploy.replicas).toBe(1);
    expect(backup?.command).toEqual(expect.arrayContaining(['--bind', '0.0.0.0:5000', '--workers', '1']));
  });

  test('renaming the app renames every dependent line', () => {
    // GIVEN
    const stack = new LoadBalancedStack(new App({ outdir: tempDir() }), 'shop', {
      flask: { name: 'store', image: 'shop:1.4', port: 7000 },
    });
    // WHEN
    const { files } = Testing.synth(stack);
    // THEN
    expect(upstreamServers(parseNginx(files['nginx.conf']!.text), 'store').map((s) => s.address)).toEqual([
      'store:7000',
    ]);
    for (const file of Object.values(files)) expect(file.text).not.toMatch(/\bweb\b:/);
  });

  test('all artifacts pass the real validators; the nginx 1.22 variant passes the real nginx -t', async () => {
    // GIVEN
    const stack = shop({ backup: undefined, proxy: { publish: 8080, nginxVersion: '1.22', dns: 'static' } });
    // WHEN
    const { files } = Testing.synth(stack);
    const nginx = await checkNginxConfig(files['nginx.conf']!.text);
    // THEN
    expect(composeArtifactProblems(files)).toEqual([]);
    expect(nginx.warnings).toEqual([]);
    expect(nginx.output).toContain('test is successful');
    expect(nginx.ok).toBe(true);
  });

  test('invalid props are reported on the stack with the path of the prop', () => {
    // GIVEN
    const stack = new LoadBalancedStack(new App({ outdir: tempDir() }), 'shop', {
      flask: { image: 'shop:1.4', port: 0 },
      cache: { paths: ['no-slash'] },
    });
    // THEN
    expect(() => Testing.synth(stack)).toThrow(/\[shop\] flask\.port: expected a number >= 1, got 0/);
    expect(() => Testing.synth(stack)).toThrow(
      /\[shop\] cache\.paths\[0\]: expected a URL path such as "\/static", got "no-slash"/,
    );
  });
});
