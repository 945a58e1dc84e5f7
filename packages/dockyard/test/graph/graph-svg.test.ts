import {
  App,
  BackupUpstream,
  FlaskService,
  LoadBalancedStack,
  Network,
  NginxProxy,
  Service,
  Stack,
  Volume,
} from '../../src';
import { toDot } from '../../src/graph/dot';
import { toMermaid } from '../../src/graph/mermaid';
import { renderSvg } from '../../src/graph/svg';
import { topologyOf } from '../../src/graph/topology';
import { type DrawnGraph, parseGraphSvg } from '../helpers/graph-svg';
import { tempDir } from '../helpers/tmp';

/** The flagship's `shop` stack (examples/flagship/infra.ts), with the changes a test makes to it. */
function shop(changes: { replicas?: number; cachePaths?: string[] } = {}): LoadBalancedStack {
  const app = new App({ outdir: tempDir() });
  return new LoadBalancedStack(app, 'shop', {
    flask: { image: 'shop:1.4', wsgi: 'app:app', port: 5000, replicas: changes.replicas ?? 3, workers: 2 },
    proxy: { publish: 8080, clientMaxBodySize: '20m' },
    backup: { image: 'shop:1.4' },
    staticFiles: { urlPath: '/static', appDir: '/app/static' },
    cache: { paths: changes.cachePaths ?? ['/cache-me'], ttl: '10m' },
  });
}

/** A second program from parts: two networks, a weighted least_conn upstream, a backup and a volume of three. */
function blog() {
  const app = new App({ outdir: tempDir() });
  const stack = new Stack(app, 'blog');
  const front = new Network(stack, 'front');
  const back = new Network(stack, 'back');
  const media = new Volume(stack, 'media');
  const api = new FlaskService(stack, 'api', {
    image: 'blog:2',
    port: 6000,
    replicas: 2,
    networks: [back],
    staticFiles: { appDir: '/app/media', volume: media },
  });
  const spare = new FlaskService(stack, 'spare', { image: 'blog:2', port: 6001, networks: [back] });
  new Service(stack, 'thumbnailer', {
    image: 'thumbs:1',
    volumes: [{ volume: media, target: '/media' }],
    networks: [back],
  });
  const proxy = new NginxProxy(stack, 'edge', { publish: 8443, networks: [front] });
  const pool = proxy.addUpstream('api', { servers: [{ service: api, weight: 3 }], method: 'least_conn' });
  new BackupUpstream(stack, 'fallback', { upstream: pool, service: spare });
  proxy.addRoute('/', pool);
  proxy.addStatic('/media', api);
  return { stack, proxy };
}

async function draw(stack: Stack): Promise<{ svg: string; graph: DrawnGraph }> {
  const svg = await renderSvg(toDot(topologyOf(stack)), stack.stackName);
  return { svg, graph: parseGraphSvg(svg) };
}

const dashedEdges = (graph: DrawnGraph) => [...graph.edges].filter(([, e]) => e.dashed).map(([id]) => id);
const dashedNodes = (graph: DrawnGraph) => [...graph.nodes].filter(([, n]) => n.dashed).map(([id]) => id);

describe('dockyard graph: the SVG against the program', () => {
  test("the flagship's shop: port, proxy, routes, upstream, replicas, dashed backup, shared volume, network", async () => {
    // GIVEN
    const stack = shop();
    // WHEN
    const { graph } = await draw(stack);
    // THEN
    expect([...graph.nodes.keys()].sort()).toEqual(
      [
        'port:8080',
        'service:nginx',
        'route:nginx /',
        'route:nginx /cache-me',
        'route:nginx ^~ /static/',
        'upstream:nginx web',
        'service:web',
        'service:web-backup',
        'volume:web_static',
        'network:backend',
      ].sort(),
    );
    expect([...graph.edges.keys()].sort()).toEqual(
      [
        'port:8080->service:nginx',
        'service:nginx->route:nginx /',
        'service:nginx->route:nginx /cache-me',
        'service:nginx->route:nginx ^~ /static/',
        'route:nginx /->upstream:nginx web',
        'route:nginx /cache-me->upstream:nginx web',
        'route:nginx ^~ /static/->volume:web_static',
        'upstream:nginx web->service:web',
        'upstream:nginx web->service:web-backup',
        'service:web->volume:web_static',
        'service:nginx->volume:web_static',
        'service:web->network:backend',
        'service:nginx->network:backend',
        'service:web-backup->network:backend',
      ].sort(),
    );
    // Only the backup server is dashed, its line and its box.
    expect(dashedEdges(graph)).toEqual(['upstream:nginx web->service:web-backup']);
    expect(dashedNodes(graph)).toEqual(['service:web-backup']);
    expect(graph.nodes.get('service:web')?.text).toEqual(['web', `${stack.flask.replicas} replicas`]);
    expect(graph.nodes.get('port:8080')?.text).toEqual([':8080']);
    expect(graph.edges.get('port:8080->service:nginx')?.text).toEqual([`:${stack.proxy.listenPort}`]);
    expect(graph.edges.get('upstream:nginx web->service:web')?.text).toEqual([':5000']);
    expect(graph.nodes.get('route:nginx /cache-me')?.text).toEqual(['/cache-me', 'cached']);
    expect(graph.nodes.get('volume:web_static')?.text).toEqual(['web_static', 'shared by 2']);
    expect(graph.edges.get('service:nginx->volume:web_static')?.text).toEqual(['/srv/static/web ro']);
  });

  test("the flagship's shop in Mermaid: the same parts, and only the backup dashed", () => {
    // GIVEN
    const stack = shop();
    // WHEN
    const lines = toMermaid(topologyOf(stack)).split('\n');
    // THEN
    expect(lines.filter((line) => line.includes('-.->'))).toEqual([
      '  upstream_nginx_web -.->|":5000 backup"| service_web_backup',
    ]);
    expect(lines.filter((line) => line.includes('stroke-dasharray'))).toEqual([
      '  style service_web_backup stroke-dasharray:5 3',
    ]);
    expect(lines).toContain('  service_web["web<br/>3 replicas"]:::service');
    expect(lines).toContain('  port_8080 -->|":80"| service_nginx');
    expect(lines.filter((line) => / (-->|-\.->|---)/.test(line))).toHaveLength(14);
  });

  test('a program from parts: weights, least_conn, a backup of its own, a volume shared by three, two networks', async () => {
    // GIVEN
    const { stack } = blog();
    // WHEN
    const { graph } = await draw(stack);
    // THEN
    expect([...graph.nodes.keys()].sort()).toEqual(
      [
        'port:8443',
        'service:edge',
        'route:edge /',
        'route:edge ^~ /media/',
        'upstream:edge api',
        'service:api',
        'service:spare',
        'service:thumbnailer',
        'volume:media',
        'network:front',
        'network:back',
      ].sort(),
    );
    expect(dashedEdges(graph)).toEqual(['upstream:edge api->service:spare']);
    expect(dashedNodes(graph)).toEqual(['service:spare']);
    expect(graph.edges.get('upstream:edge api->service:api')?.text).toEqual([':6000 weight 3']);
    expect(graph.edges.get('upstream:edge api->service:spare')?.text).toEqual([':6001 backup']);
    expect(graph.nodes.get('upstream:edge api')?.text).toEqual(['upstream api', 'least_conn']);
    expect(graph.nodes.get('service:api')?.text).toEqual(['api', '2 replicas']);
    expect(graph.nodes.get('service:thumbnailer')?.text).toEqual(['thumbnailer', '1 replica']);
    expect(graph.nodes.get('volume:media')?.text).toEqual(['media', 'shared by 3']);
    const mounts = [...graph.edges.keys()].filter((id) => id.endsWith('->volume:media')).sort();
    expect(mounts).toEqual([
      'route:edge ^~ /media/->volume:media',
      'service:api->volume:media',
      'service:edge->volume:media',
      'service:thumbnailer->volume:media',
    ]);
    // The proxy joins the backends' network as well as its own: the picture shows what the artifacts say.
    const networks = [...graph.edges.keys()].filter((id) => id.includes('->network:')).sort();
    expect(networks).toEqual([
      'service:api->network:back',
      'service:edge->network:back',
      'service:edge->network:front',
      'service:spare->network:back',
      'service:thumbnailer->network:back',
    ]);
  });

  test('replicas 3 -> 5 and one more route change exactly those parts of the picture', async () => {
    // GIVEN
    const before = (await draw(shop())).graph;
    // WHEN
    const after = (await draw(shop({ replicas: 5, cachePaths: ['/cache-me', '/report'] }))).graph;
    // THEN
    const changed = (a: DrawnGraph['nodes'], b: DrawnGraph['nodes']) =>
      [...new Set([...a.keys(), ...b.keys()])]
        .filter((id) => JSON.stringify(a.get(id)) !== JSON.stringify(b.get(id)))
        .sort();
    expect(changed(before.nodes, after.nodes)).toEqual(['route:nginx /report', 'service:web']);
    expect(after.nodes.get('service:web')?.text).toEqual(['web', '5 replicas']);
    expect(changed(before.edges, after.edges)).toEqual([
      'route:nginx /report->upstream:nginx web',
      'service:nginx->route:nginx /report',
    ]);
  });

  test('the same program gives the same bytes twice', async () => {
    // GIVEN two separate builds of one program
    const first = await draw(blog().stack);
    // WHEN
    const second = await draw(blog().stack);
    // THEN
    expect(second.svg).toBe(first.svg);
    expect(first.svg.split('\n')[1]).toBe('<!-- stack blog: generated by dockyard graph -->');
  });
});
