import type { IConstruct } from 'constructs';
import { Network } from '../constructs/compose/network';
import { Service } from '../constructs/compose/service';
import { Volume } from '../constructs/compose/volume';
import type { Location } from '../constructs/nginx/location';
import { NginxConfig } from '../constructs/nginx/nginx-config';
import type { Upstream } from '../constructs/nginx/upstream';
import { Stack } from '../core/stack';
import type { ServiceSpec } from '../model/compose/schemas';

/** What a box in the picture stands for. */
export type TopologyNodeKind =
  | 'port'
  | 'proxy'
  | 'route'
  | 'upstream'
  | 'service'
  | 'host'
  | 'volume'
  | 'network';

/** What an arrow in the picture stands for. */
export type TopologyEdgeKind =
  /** A published host port forwards to a service's container port. */
  | 'publish'
  /** A proxy answers a route. */
  | 'route'
  /** A route proxies to an upstream. */
  | 'proxy'
  /** A route serves the files of a volume (nginx `alias`). */
  | 'files'
  /** An upstream balances over a server. */
  | 'server'
  /** An upstream falls back to a server only when every primary is down (drawn dashed). */
  | 'backup'
  /** A service mounts a volume. */
  | 'mount'
  /** A service is attached to a network. */
  | 'network';

/**
 * One box: `id` is stable across runs and unique in its topology (graphviz's node title). It never holds `"`, `\`
 * or a control character (see {@link idPart}), so every drawing format carries it verbatim.
 */
export interface TopologyNode {
  readonly id: string;
  readonly kind: TopologyNodeKind;
  /** The lines of its label, the first one its name. */
  readonly label: readonly string[];
  /** A service that is only ever a backup server. */
  readonly backupOnly: boolean;
}

/** One arrow between two nodes, by id. */
export interface TopologyEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: TopologyEdgeKind;
  readonly label?: string;
}

/** The picture of one stack as data: what `dockyard graph` draws, before any drawing format. */
export interface Topology {
  readonly stack: string;
  readonly nodes: readonly TopologyNode[];
  readonly edges: readonly TopologyEdge[];
}

/** The only dashed edges in every drawing: backup servers. */
export function isDashed(edge: TopologyEdge): boolean {
  return edge.kind === 'backup';
}

/**
 * A user's text as part of a node id: `%`, `"`, `\` and control characters percent-encoded. DOT keeps a doubled
 * backslash doubled in an id (only in labels is it one backslash) and cannot end an id in one, so ids avoid both.
 */
export function idPart(text: string): string {
  return Array.from(text, (char) => {
    const code = char.charCodeAt(0);
    return char === '%' || char === '"' || char === '\\' || code < 0x20 || code === 0x7f
      ? `%${code.toString(16).toUpperCase().padStart(2, '0')}`
      : char;
  }).join('');
}

/** The network a service without `networks` joins: Compose and Swarm create it for the stack. */
const DEFAULT_NETWORK = 'default';

/**
 * The topology of a stack, read from its L1 constructs (which every pattern is made of): published ports, the
 * services that run an nginx.conf of the stack (proxies), their routes (locations that proxy to an upstream or
 * serve a volume's files; internal, `return` and `root` locations are left out), upstreams and their servers
 * (backups flagged), services with their replica counts, volumes with who mounts them, and networks. Order is the
 * construct tree's, so the same program always gives the same topology.
 */
export function topologyOf(stack: Stack): Topology {
  const inStack = (construct: IConstruct) => Stack.maybeOf(construct) === stack;
  const all = stack.node.findAll().filter(inStack);
  const services = all.filter(Service.isService);
  const configs = all.filter(NginxConfig.isNginxConfig);
  const graph = new GraphBuilder();
  const serviceId = (service: Service) => `service:${service.name}`;

  const proxyConfigs = new Map<Service, NginxConfig[]>();
  for (const service of services) {
    const files = new Set((service.spec.configs ?? []).map((grant) => grant.config.artifact));
    const served = configs.filter((config) => files.has(config.fileName));
    if (served.length > 0) proxyConfigs.set(service, served);
  }
  const backupOnly = backupOnlyServices(configs);

  for (const service of services) {
    const replicas = service.replicas;
    graph.node({
      id: serviceId(service),
      kind: proxyConfigs.has(service) ? 'proxy' : 'service',
      label: [service.name, `${replicas} ${replicas === 1 ? 'replica' : 'replicas'}`],
      backupOnly: backupOnly.has(service),
    });
  }
  const models = new Map(services.map((service) => [service, service.toModel()]));
  for (const service of services) {
    for (const port of models.get(service)?.ports ?? []) {
      const protocol = port.protocol === 'udp' ? '/udp' : '';
      const published = port.published === undefined ? 'ephemeral' : String(port.published);
      const id = graph.node({
        id: `port:${published}${protocol}`,
        kind: 'port',
        label: [port.published === undefined ? 'ephemeral port' : `:${port.published}${protocol}`],
        backupOnly: false,
      });
      graph.edge({ from: id, to: serviceId(service), kind: 'publish', label: `:${port.target}` });
    }
  }
  for (const [proxy, served] of proxyConfigs) {
    const volumes = volumeMounts(models.get(proxy));
    for (const config of served) drawConfig(graph, proxy, config, volumes, serviceId);
  }
  drawStorage(graph, all, models, serviceId);
  return { stack: stack.stackName, nodes: graph.nodes, edges: graph.edges };
}

function drawConfig(
  graph: GraphBuilder,
  proxy: Service,
  config: NginxConfig,
  mounts: readonly VolumeMount[],
  serviceId: (service: Service) => string,
): void {
  const upstreamIds = new Map<Upstream, string>();
  for (const upstream of config.upstreams) {
    const id = graph.node({
      id: `upstream:${proxy.name} ${idPart(upstream.name)}`,
      kind: 'upstream',
      label: [`upstream ${upstream.name}`, ...(upstream.method === 'round-robin' ? [] : [upstream.method])],
      backupOnly: false,
    });
    upstreamIds.set(upstream, id);
    for (const server of upstream.servers) {
      const target = server.service
        ? serviceId(server.service)
        : graph.node({
            id: `host:${idPart(server.host)}:${server.port}`,
            kind: 'host',
            label: [`${server.host}:${server.port}`],
            backupOnly: false,
          });
      const notes = [`:${server.port}`];
      if (server.weight !== undefined && server.weight !== 1) notes.push(`weight ${server.weight}`);
      if (server.backup) notes.push('backup');
      if (server.down) notes.push('down');
      graph.edge({ from: id, to: target, kind: server.backup ? 'backup' : 'server', label: notes.join(' ') });
    }
  }
  for (const server of config.servers) {
    for (const location of server.locations) {
      const upstream = location.upstream;
      const files = location.alias === undefined ? undefined : volumeServing(location, mounts);
      if (!upstream && !files) continue;
      const id = graph.node({
        id: `route:${proxy.name} ${idPart(location.description)}`,
        kind: 'route',
        label: [location.description, ...(location.cached ? ['cached'] : [])],
        backupOnly: false,
      });
      graph.edge({ from: `service:${proxy.name}`, to: id, kind: 'route' });
      if (upstream) {
        const to = upstreamIds.get(upstream);
        if (to) graph.edge({ from: id, to, kind: 'proxy' });
      }
      if (files) graph.edge({ from: id, to: `volume:${files}`, kind: 'files' });
    }
  }
}

/** A service's mount of a named volume, from the model the artifacts are rendered from. */
interface VolumeMount {
  /** The volume's key. */
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
}

/**
 * The named-volume mounts of a service's model. The model, not the props, because a pattern may complete a
 * service at synth (NginxProxy mounts the static-files volumes of its routes there).
 */
function volumeMounts(model: ServiceSpec | undefined): VolumeMount[] {
  return (model?.volumes ?? []).flatMap((mount) =>
    mount.type === 'volume' && mount.source !== undefined
      ? [{ source: mount.source, target: mount.target, readOnly: mount.read_only === true }]
      : [],
  );
}

/** The key of the volume a location's `alias` points into, through the proxy's own mount of it. */
function volumeServing(location: Location, mounts: readonly VolumeMount[]): string | undefined {
  const alias = location.alias ?? '';
  return mounts.find(({ target }) => alias === target || alias.startsWith(`${target.replace(/\/$/, '')}/`))
    ?.source;
}

function drawStorage(
  graph: GraphBuilder,
  all: readonly IConstruct[],
  models: ReadonlyMap<Service, ServiceSpec>,
  serviceId: (service: Service) => string,
): void {
  for (const volume of all.filter(Volume.isVolume)) {
    const users = [...models.values()].filter((model) =>
      volumeMounts(model).some((mount) => mount.source === volume.key),
    );
    graph.node({
      id: `volume:${volume.key}`,
      kind: 'volume',
      label: [volume.key, ...(users.length > 1 ? [`shared by ${users.length}`] : [])],
      backupOnly: false,
    });
  }
  for (const network of all.filter(Network.isNetwork)) {
    graph.node({ id: `network:${network.key}`, kind: 'network', label: [network.key], backupOnly: false });
  }
  for (const [service, model] of models) {
    for (const mount of volumeMounts(model)) {
      const label = mount.readOnly ? `${mount.target} ro` : mount.target;
      graph.edge({ from: serviceId(service), to: `volume:${mount.source}`, kind: 'mount', label });
    }
    const networks = model.networks === undefined ? [DEFAULT_NETWORK] : Object.keys(model.networks);
    for (const key of networks) {
      graph.node({ id: `network:${key}`, kind: 'network', label: [key], backupOnly: false });
      graph.edge({ from: serviceId(service), to: `network:${key}`, kind: 'network' });
    }
  }
}

/** Services that appear in upstreams only as backup servers. */
function backupOnlyServices(configs: readonly NginxConfig[]): Set<Service> {
  const backups = new Set<Service>();
  const primaries = new Set<Service>();
  for (const config of configs) {
    for (const upstream of config.upstreams) {
      for (const server of upstream.servers) {
        if (server.service) (server.backup ? backups : primaries).add(server.service);
      }
    }
  }
  return new Set([...backups].filter((service) => !primaries.has(service)));
}

/** Nodes and edges in insertion order; a node or edge added twice is kept once. */
class GraphBuilder {
  readonly nodes: TopologyNode[] = [];
  readonly edges: TopologyEdge[] = [];
  private readonly nodeIds = new Set<string>();
  private readonly edgeKeys = new Set<string>();

  /** Adds the node unless one with its id exists; returns the id. */
  node(node: TopologyNode): string {
    if (!this.nodeIds.has(node.id)) {
      this.nodeIds.add(node.id);
      this.nodes.push(node);
    }
    return node.id;
  }

  edge(edge: TopologyEdge): void {
    const key = JSON.stringify([edge.from, edge.to, edge.kind, edge.label ?? '']);
    if (this.edgeKeys.has(key)) return;
    this.edgeKeys.add(key);
    this.edges.push(edge);
  }
}
