import { App, LoadBalancedStack } from '../../../packages/dockyard/src';

/** The stack both kill programs write: the folder a reader looks at after every kill. */
export const KILL_STACK = 'shop';

/**
 * Two programs writing the same stack with different content (every artifact differs), which the child of the
 * SIGKILL test synthesizes in turn into one outdir until it is killed.
 */
export function killProgram(outdir: string, version: 'A' | 'B', layout: 'plain' | 'linked' = 'plain'): App {
  const app = new App({ outdir, layout });
  new LoadBalancedStack(app, KILL_STACK, {
    flask: { image: `shop:${version}`, replicas: version === 'A' ? 2 : 4, workers: version === 'A' ? 2 : 3 },
    proxy: { publish: version === 'A' ? 8080 : 8081 },
    ...(version === 'B' ? { cache: { paths: ['/cached'] }, backup: { image: 'shop:A' } } : {}),
  });
  return app;
}
