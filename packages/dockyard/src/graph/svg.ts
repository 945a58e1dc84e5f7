import { GRAPH_MARKER } from './style';

type Graphviz = Awaited<ReturnType<typeof import('@hpcc-js/wasm-graphviz')['Graphviz']['load']>>;

let graphviz: Promise<Graphviz> | undefined;

/**
 * Lays out a DOT graph and draws it as SVG with graphviz compiled to WebAssembly (@hpcc-js/wasm-graphviz), so no
 * system binary is needed. The module (about 0.8 MB of JavaScript) is loaded on the first call only: nothing but
 * `dockyard graph` pays for it. The same DOT text gives the same bytes (graphviz's layout is deterministic).
 */
export async function renderSvg(dot: string, stack: string): Promise<string> {
  graphviz ??= import('@hpcc-js/wasm-graphviz').then(({ Graphviz }) => Graphviz.load());
  // role and aria-label: the picture's alternative text for screen readers (and linters) wherever it is shown.
  const svg = (await graphviz)
    .dot(dot, 'svg')
    .replace('<svg ', `<svg role="img" aria-label="topology of stack ${escapeAttribute(stack)}" `);
  // The marker goes after the XML declaration, which must stay the first line of the file.
  const lines = svg.split('\n');
  const at = lines[0]?.startsWith('<?xml') ? 1 : 0;
  lines.splice(at, 0, `<!-- stack ${stack.replace(/-{2,}/g, '-')}: ${GRAPH_MARKER} -->`);
  const text = lines.join('\n');
  return text.endsWith('\n') ? text : `${text}\n`;
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
