import * as path from 'node:path';
import { App, Stack } from '../../../packages/dockyard/src';
import { registeredApps, setSynthDirective } from '../../../packages/dockyard/src/pipeline/runtime';

/** An example program, run the way `synth --check` runs it: rendered in memory, nothing written. */
export interface LoadedExample<M> {
  /** What infra.ts exports (functions that build its stacks with other options). */
  readonly module: M;
  /** The Apps the program created. */
  readonly apps: readonly App[];
  /** The stack named `name` (its folder under dist/). @throws when the program has no such stack */
  stack(name: string): Stack;
}

const loaded = new Map<string, LoadedExample<unknown>>();

/**
 * Runs `<dir>/infra.ts` once per test file under the CLI's check directive. The program ends with
 * `app.synth()`, as a user's program does; under the directive that call validates and renders but writes
 * nothing, and relative paths start from the example's folder exactly as with `npx synth` there. Jest's own
 * module registry loads it, so the program and the test share one copy of the library.
 */
export function loadExample<M>(dir: string): LoadedExample<M> {
  const known = loaded.get(dir);
  if (known) return known as LoadedExample<M>;
  setSynthDirective({ mode: 'check', baseDir: dir, outcomes: [] });
  let module: M;
  let apps: App[];
  try {
    module = require(path.join(dir, 'infra.ts')) as M;
    apps = registeredApps().filter((app): app is App => App.isApp(app));
  } finally {
    setSynthDirective(undefined);
  }
  const stacks = apps.flatMap((app) => app.node.children.filter((child) => Stack.isStack(child)));
  const example: LoadedExample<M> = {
    module,
    apps,
    stack(name) {
      const found = stacks.find((stack) => stack.stackName === name);
      if (!found) {
        const names = stacks.map((stack) => stack.stackName).join(', ');
        throw new Error(`${dir}/infra.ts has no stack "${name}" (stacks: ${names || 'none'})`);
      }
      return found;
    },
  };
  loaded.set(dir, example);
  return example;
}
