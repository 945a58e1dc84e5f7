/** Something that can tear itself down synchronously when the test process exits. */
export interface ExitCleanup {
  cleanupNow(): void;
}

interface Registry {
  live: Set<ExitCleanup>;
}

// jest evaluates this module once per test file in the same worker process: keep one registry and one
// exit hook per process, not one per module instance.
const KEY = Symbol.for('dockyard.test.sandbox.registry');
const holder = globalThis as typeof globalThis & { [KEY]?: Registry };

function registry(): Registry {
  let existing = holder[KEY];
  if (existing === undefined) {
    const created: Registry = { live: new Set() };
    existing = created;
    holder[KEY] = created;
    process.once('exit', () => {
      for (const item of created.live) {
        try {
          item.cleanupNow();
        } catch {
          // Best effort on the way out; the supervisor's reaper still runs when our pipe closes.
        }
      }
    });
  }
  return existing;
}

/** Registers a live sandbox so it is torn down on process exit even if a test forgot to. */
export function trackForExit(item: ExitCleanup): void {
  registry().live.add(item);
}

/** Forgets a sandbox that was destroyed normally. */
export function untrackForExit(item: ExitCleanup): void {
  registry().live.delete(item);
}
