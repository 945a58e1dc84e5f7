import * as path from 'node:path';

interface EsbuildApi {
  buildSync(options: Record<string, unknown>): unknown;
}

/**
 * Bundles a TypeScript entry (and the library it imports) into one CommonJS file for `node` to start quickly:
 * one file loads in ~0.2 s where the library's ~100 modules take ~0.5 s, which is most of each SIGKILL round.
 * esbuild comes with tsx, a dependency of the library, so it is always installed.
 */
export function bundleForNode(entry: string, outfile: string): void {
  const tsx = require.resolve('tsx', { paths: [path.resolve(__dirname, '../../../packages/dockyard')] });
  const esbuild = require(require.resolve('esbuild', { paths: [tsx] })) as EsbuildApi;
  esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'error',
  });
}
