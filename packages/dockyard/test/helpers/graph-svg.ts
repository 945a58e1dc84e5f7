/** What a test reads back from graphviz's SVG: every node and edge by its title, and whether it is dashed. */
export interface DrawnGraph {
  /** Node id -> whether its outline is dashed. */
  readonly nodes: ReadonlyMap<string, { readonly dashed: boolean; readonly text: readonly string[] }>;
  /** `from->to` -> whether the line is dashed, and its label. */
  readonly edges: ReadonlyMap<string, { readonly dashed: boolean; readonly text: readonly string[] }>;
}

/**
 * Parses graphviz's SVG: each node is `<g class="node"><title>ID</title>...</g>`, each edge
 * `<g class="edge"><title>A->B</title>...</g>` (XML-escaped), and a dashed shape has `stroke-dasharray`.
 */
export function parseGraphSvg(svg: string): DrawnGraph {
  const nodes = new Map<string, { dashed: boolean; text: string[] }>();
  const edges = new Map<string, { dashed: boolean; text: string[] }>();
  for (const match of svg.matchAll(
    /<g id="[^"]*" class="(node|edge)">\n<title>([^<]*)<\/title>([\s\S]*?)<\/g>/g,
  )) {
    const [, kind, title = '', body = ''] = match;
    const entry = {
      dashed: body.includes('stroke-dasharray'),
      text: [...body.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => unescapeXml(m[1] ?? '')),
    };
    const id = unescapeXml(title);
    const into = kind === 'node' ? nodes : edges;
    if (into.has(id)) throw new Error(`the SVG has two ${kind}s titled ${id}`);
    into.set(id, entry);
  }
  return { nodes, edges };
}

function unescapeXml(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
