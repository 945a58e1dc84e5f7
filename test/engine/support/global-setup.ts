// jest globalSetup of the engine project: one engine for every test file, handed to the workers through the
// environment (the workers start after this returns and inherit it).
import { ENGINE_ENV } from './engine-info';
import { type RunningEngine, startEngine } from './start-engine';

const KEY = Symbol.for('dockyard.test.engine');

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const engine = await startEngine();
  (globalThis as { [KEY]?: RunningEngine })[KEY] = engine;
  process.env[ENGINE_ENV] = JSON.stringify(engine.info);
  const { versions, timings } = engine.info;
  process.stderr.write(
    `\nengine: ready in ${Date.now() - started} ms ${JSON.stringify(timings)}; ${JSON.stringify(versions)}\n`,
  );
}
