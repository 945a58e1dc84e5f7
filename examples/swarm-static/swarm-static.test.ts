import { Capture, installDockyardMatchers, Match, Template } from 'dockyard/testing';
import { loadExample } from '../../test/examples/support/load-example';

// Seed 004: three Swarm replicas on an overlay network with a fixed subnet; the app writes its static files
// to a shared volume, and nginx serves them from it (read-only) without reaching the app.

installDockyardMatchers();
const stack = loadExample<typeof import('./infra')>(__dirname).stack('web');

describe('swarm-static (seed 004)', () => {
  test('an overlay network with subnet 192.168.100.0/24 holds both services', () => {
    // WHEN
    const swarm = Template.fromStack(stack).swarm;
    // THEN
    swarm.hasNetwork('web_network', {
      driver: 'overlay',
      ipam: { config: [{ subnet: '192.168.100.0/24' }] },
    });
    swarm.hasService('webapp', { networks: ['web_network'] });
    swarm.hasService('nginx', { networks: ['web_network'] });
  });

  test('three replicas write the static files into the volume, where the app is told to put them', () => {
    // GIVEN
    const swarm = Template.fromStack(stack).swarm;
    const appDir = new Capture();
    // WHEN
    swarm.hasService('webapp', {
      volumes: [{ type: 'volume', source: 'webapp_static', target: appDir, read_only: Match.absent() }],
      deploy: { replicas: 3 },
    });
    // THEN
    swarm.hasService('webapp', { environment: { STATIC_DIR: appDir.asString() } });
    swarm.hasVolume('webapp_static');
  });

  test('nginx mounts the same volume read-only and serves /static/ from it, never asking the app', () => {
    // GIVEN
    const template = Template.fromStack(stack);
    const mount = new Capture();
    // WHEN
    template.swarm.hasService('nginx', {
      volumes: [{ type: 'volume', source: 'webapp_static', target: mount, read_only: true }],
    });
    // THEN both sides of `alias` end in "/" (no `/staticX` -> `<dir>X` mapping), and `^~` beats regex routes
    template.nginx.hasLocation('^~ /static/', { alias: `${mount.asString()}/`, proxy_pass: Match.absent() });
    expect(stack).toRouteTo('/', 'webapp');
    expect(stack).toHaveUpstream('webapp', { servers: [{ address: 'webapp:8000', resolve: true }] });
  });

  test('only nginx publishes a port, 8080, and its config travels as a Swarm config named by content', () => {
    // WHEN
    const swarm = Template.fromStack(stack).swarm;
    // THEN
    expect(Object.keys(swarm.findServices({ ports: Match.anyValue() }))).toEqual(['nginx']);
    swarm.hasService('nginx', {
      ports: [{ target: 80, published: 8080 }],
      configs: [{ source: 'nginx_conf', target: '/etc/nginx/nginx.conf' }],
    });
    expect(swarm.toJSON()).toMatchObject({
      configs: {
        nginx_conf: { name: expect.stringMatching(/^web_nginx_conf_[0-9a-f]{12}$/), file: './nginx.conf' },
      },
    });
  });
});
