import * as fs from 'node:fs';
import * as path from 'node:path';
import { Annotations, installDockyardMatchers, Match, Template } from 'dockyard/testing';
import { loadExample } from '../../test/examples/support/load-example';
import { codeBlocks } from '../../test/examples/support/readme-excerpts';

// The flagship program (the one the repository README shows): a whole LoadBalancedStack, and seed 001's
// legacy layout built from its parts. infra.ts is the README's program verbatim, so it exports nothing;
// the test runs it as `synth --check` does and looks at the stacks it made.

installDockyardMatchers();
const example = loadExample<Record<string, never>>(__dirname);
const shop = example.stack('shop');
const legacy = example.stack('legacy');

describe('flagship', () => {
  test('shop: three replicas of the app behind the only published port, with a one-replica backup', () => {
    // WHEN
    const template = Template.fromStack(shop);
    // THEN
    template.compose.hasService('web', {
      image: 'shop:1.4',
      command: Match.arrayWith(['--bind', '0.0.0.0:5000', '--workers', '2', 'app:app']),
      deploy: { replicas: 3 },
    });
    template.compose.hasService('web-backup', { image: 'shop:1.4', deploy: { replicas: 1 } });
    expect(Object.keys(template.compose.findServices({ ports: Match.anyValue() }))).toEqual(['nginx']);
    template.compose.hasService('nginx', { ports: [{ target: 80, published: 8080 }] });
    template.nginx.hasUpstream('web', {
      servers: [
        { address: 'web:5000', backup: false },
        { address: 'web-backup:5000', backup: true },
      ],
    });
    expect(template.nginx.directives('client_max_body_size')).toEqual([
      { name: 'client_max_body_size', args: ['20m'] },
    ]);
  });

  test('shop: nginx serves /static from the volume the app writes, and caches /cache-me for 10 minutes', () => {
    // WHEN
    const template = Template.fromStack(shop);
    // THEN
    template.compose.hasService('web', {
      volumes: [{ type: 'volume', source: 'web_static', target: '/app/static' }],
    });
    template.compose.hasService('nginx', {
      volumes: [{ type: 'volume', source: 'web_static', target: '/srv/static/web', read_only: true }],
    });
    template.nginx.hasLocation('^~ /static/', { alias: '/srv/static/web/', proxy_pass: Match.absent() });
    template.nginx.hasLocation('/cache-me', { proxy_cache: 'dockyard', proxy_cache_valid: '200 10m' });
    template.nginx.routesTo('/cache-me', 'web');
    template.nginx.routesTo('/', 'web');
  });

  test('legacy: seed 001 from its parts, with the backup and the build only Compose can use', () => {
    // WHEN
    const template = Template.fromStack(legacy);
    // THEN
    expect(legacy).toHaveUpstream('flaskappproxy', {
      servers: [
        { address: 'flaskservice:8001', backup: false },
        { address: 'redudantservice:8003', backup: false },
        { address: 'gotyourback:8002', backup: true },
      ],
    });
    expect(legacy).toRouteTo('/', 'flaskappproxy');
    template.compose.hasService('gotyourback', {
      build: { context: '../../../flask-app' },
      expose: [8002],
    });
    template.swarm.hasService('gotyourback', { image: 'legacy/flask:1', build: Match.absent() });
    Annotations.fromStack(legacy).hasNoErrors();
  });

  test('README.md shows infra.ts whole, word for word', () => {
    // GIVEN
    const program = fs.readFileSync(path.join(__dirname, 'infra.ts'), 'utf8');
    const readme = fs.readFileSync(path.join(__dirname, 'README.md'), 'utf8');
    // THEN
    const quoted = codeBlocks(readme).filter((block) => block.source?.ref === 'infra.ts');
    expect(quoted.map((block) => `${block.text}\n`)).toContain(program);
  });
});
