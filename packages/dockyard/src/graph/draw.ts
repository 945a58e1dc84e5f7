import * as path from 'node:path';
import type { App } from '../pipeline/app';
import { stacksBelow } from '../pipeline/synthesis';
import { toDot } from './dot';
import { toMermaid } from './mermaid';
import { renderSvg } from './svg';
import { topologyOf } from './topology';
import type { GraphFile } from './write-graphs';

/**
 * The folder an App's pictures go to unless `--out` says otherwise: `graph/` beside the program (next to the
 * default `dist/`). It is never inside the outdir, so synth's folders, its record of what it wrote and
 * `synth --check` never see a graph file.
 */
export function defaultGraphDir(app: App): string {
  return path.join(app.baseDir, 'graph');
}

/** `<dir>/<stack>.mmd` and `<dir>/<stack>.svg` for every stack of the app, in tree order. */
export async function graphFilesOf(app: App, dir: string): Promise<GraphFile[]> {
  const files: GraphFile[] = [];
  for (const stack of stacksBelow(app)) {
    const topology = topologyOf(stack);
    files.push({ path: path.join(dir, `${stack.stackName}.mmd`), text: toMermaid(topology) });
    files.push({
      path: path.join(dir, `${stack.stackName}.svg`),
      text: await renderSvg(toDot(topology), stack.stackName),
    });
  }
  return files;
}
