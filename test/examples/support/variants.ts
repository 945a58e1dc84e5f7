import { App, type NginxProxyProps, Stack } from '../../../packages/dockyard/src';
import { loadExample } from './load-example';

/** The nginx an example's stack is built for. */
export type NginxTarget = Pick<NginxProxyProps, 'nginxVersion' | 'dns'>;
/** What each example's infra.ts exports besides running itself: a function that builds its stack. */
export type StackBuilder = (app: App, nginx?: NginxTarget) => Stack;

/**
 * The one function `<dir>/infra.ts` exports, which builds the example's stack into a given App. Throws when
 * the program exports none or several (the flagship exports nothing: it is the README's program verbatim).
 */
export function stackBuilder(dir: string): StackBuilder {
  const exported = Object.entries(loadExample<Record<string, unknown>>(dir).module).filter(
    (entry): entry is [string, StackBuilder] => typeof entry[1] === 'function',
  );
  if (exported.length !== 1) {
    throw new Error(
      `${dir}/infra.ts should export one function building its stack, exports ${exported.map(([name]) => name).join(', ') || 'none'}`,
    );
  }
  return (exported[0] as [string, StackBuilder])[1];
}

/** The example's stack built anew for `nginx`, in an App whose relative paths start at the example folder. */
export function buildVariant(dir: string, nginx: NginxTarget): Stack {
  const stack = stackBuilder(dir)(new App({ baseDir: dir }), nginx);
  if (!Stack.isStack(stack)) throw new Error(`${dir}/infra.ts: the exported function returned no Stack`);
  return stack;
}
