// jest globalTeardown of the engine project: remove everything, stop dockerd by PID, check nothing is left.
import { type RunningEngine, stopEngine } from './start-engine';

const KEY = Symbol.for('dockyard.test.engine');

export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as { [KEY]?: RunningEngine };
  const engine = holder[KEY];
  if (engine === undefined) return;
  holder[KEY] = undefined;
  const started = Date.now();
  await stopEngine(engine);
  process.stderr.write(`engine: stopped and removed in ${Date.now() - started} ms\n`);
}
