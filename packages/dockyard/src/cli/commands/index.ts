import type { Subcommand } from '../subcommand';

/**
 * Every `dockyard` subcommand by name, in the order `dockyard --help` lists them. Each entry requires its module
 * lazily. Add a command here and in its own file under `commands/`.
 */
export const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  synth: {
    summary: 'synthesize compose.yaml, stack.yaml and nginx.conf from a program (the `synth` bin)',
    run: (argv, io) => (require('../main') as typeof import('../main')).main(argv, io),
  },
  init: {
    summary:
      'start a project here: package.json, infra.ts, infra.test.ts, tsconfig.json, .gitignore, README.md',
    run: (argv, io) => (require('./init') as typeof import('./init')).init(argv, io),
  },
  graph: {
    summary:
      'draw each stack as a Mermaid file and an SVG: ports, proxy, routes, upstreams, services, volumes',
    run: (argv, io) => (require('./graph') as typeof import('./graph')).graph(argv, io),
  },
  import: {
    summary: 'write a Dockyard program from an existing compose.yaml and nginx.conf',
    run: (argv, io) => (require('./import') as typeof import('./import')).importCommand(argv, io),
  },
};
