import { GRAPH_MARKER, NODE_STYLE, printable } from './style';
import { isDashed, type Topology, type TopologyEdge } from './topology';

/**
 * The topology as a Mermaid flowchart (GitHub renders it in Markdown). Mermaid ids must be plain words, so each
 * topology id becomes a readable one (`service_web`) that stays the same when other parts of the program change.
 */
export function toMermaid(topology: Topology): string {
  const ids = mermaidIds(topology.nodes.map((node) => node.id));
  const id = (topologyId: string) => ids.get(topologyId) ?? topologyId;
  const lines = [
    `%% stack ${printable(topology.stack)}: ${GRAPH_MARKER}`,
    'flowchart LR',
    ...topology.nodes.map((node) => {
      const [open, close] = NODE_STYLE[node.kind].mermaid;
      return `  ${id(node.id)}${open}"${node.label.map(text).join('<br/>')}"${close}:::${node.kind}`;
    }),
    ...topology.edges.map((edge) => `  ${id(edge.from)} ${arrow(edge)} ${id(edge.to)}`),
    ...Object.entries(NODE_STYLE).map(
      ([kind, style]) => `  classDef ${kind} fill:${style.fill},stroke:#374151`,
    ),
  ];
  // One `style` line per node: Mermaid's `style` takes a single id.
  for (const node of topology.nodes.filter((candidate) => candidate.backupOnly)) {
    lines.push(`  style ${id(node.id)} stroke-dasharray:5 3`);
  }
  return `${lines.join('\n')}\n`;
}

function arrow(edge: TopologyEdge): string {
  const line = isDashed(edge) ? '-.->' : edge.kind === 'network' ? '---' : '-->';
  return edge.label ? `${line}|"${text(edge.label)}"|` : line;
}

function mermaidIds(topologyIds: readonly string[]): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const topologyId of topologyIds) {
    const base = topologyId.replace(/[^A-Za-z0-9]+/g, '_').replace(/_$/, '');
    let candidate = base;
    for (let n = 2; taken.has(candidate); n += 1) candidate = `${base}_${n}`;
    taken.add(candidate);
    ids.set(topologyId, candidate);
  }
  return ids;
}

/** Text inside a quoted Mermaid label: its entity codes, so no user string can end the label or add markup. */
function text(value: string): string {
  const codes: Record<string, string> = {
    '#': '#35;',
    '"': '#quot;',
    '<': '#lt;',
    '>': '#gt;',
    '&': '#amp;',
  };
  return printable(value).replace(/[#"<>&]/g, (char) => codes[char] ?? char);
}
