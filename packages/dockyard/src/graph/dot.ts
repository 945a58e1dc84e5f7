import { NODE_STYLE, printable } from './style';
import { isDashed, type Topology, type TopologyEdge, type TopologyNode } from './topology';

/** How each kind of edge is drawn in DOT beyond its label (dashes come from `isDashed` alone). */
const EDGE_ATTRIBUTES: Readonly<Record<TopologyEdge['kind'], string>> = {
  publish: 'penwidth=1.6',
  route: '',
  proxy: '',
  files: 'color="#c2410c"',
  server: '',
  backup: '',
  mount: 'color="#c2410c", arrowhead=odot',
  network: 'color="#9ca3af", dir=none',
};

/**
 * The topology as a graphviz DOT digraph, left to right in the order requests travel (port, proxy, routes,
 * upstreams, services), with volumes and networks after the services. Node ids are the topology's ids, so
 * graphviz's SVG titles them (`<title>service:web</title>`, `<title>upstream:nginx web&#45;&gt;service:web</title>`).
 */
export function toDot(topology: Topology): string {
  const lines = [
    `digraph ${quote(topology.stack)} {`,
    `  graph [rankdir=LR, fontname="Helvetica", fontsize=13, labelloc=t, nodesep=0.25, ranksep=0.55, label=${quote(`stack ${topology.stack}`)}];`,
    '  node [fontname="Helvetica", fontsize=11, style=filled, color="#374151", margin="0.16,0.06"];',
    '  edge [fontname="Helvetica", fontsize=9, color="#374151", fontcolor="#374151"];',
    ...topology.nodes.map((node) => `  ${quote(node.id)} [${nodeAttributes(node)}];`),
    ...topology.edges.map((edge) => `  ${quote(edge.from)} -> ${quote(edge.to)} [${edgeAttributes(edge)}];`),
    '}',
  ];
  return `${lines.join('\n')}\n`;
}

function nodeAttributes(node: TopologyNode): string {
  const style = NODE_STYLE[node.kind];
  return [
    `label=${quote(node.label.join('\n'))}`,
    `shape=${style.dot}`,
    `fillcolor=${quote(style.fill)}`,
    ...(node.backupOnly ? ['style="filled,dashed"'] : []),
  ].join(', ');
}

function edgeAttributes(edge: TopologyEdge): string {
  return [
    ...(edge.label ? [`label=${quote(edge.label)}`] : []),
    ...(isDashed(edge) ? ['style=dashed'] : []),
    ...(EDGE_ATTRIBUTES[edge.kind] ? [EDGE_ATTRIBUTES[edge.kind]] : []),
  ].join(', ');
}

/**
 * A DOT string: backslashes are doubled so that a user's text (a regex route) never becomes one of graphviz's
 * escapes (`\N` is the node's name), quotes are escaped, and a line break is DOT's centred `\n`.
 */
function quote(text: string): string {
  const escaped = text
    .split('\n')
    .map((line) => printable(line).replace(/\\/g, '\\\\').replace(/"/g, '\\"'))
    .join('\\n');
  return `"${escaped}"`;
}
