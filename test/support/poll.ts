/** What {@link pollUntil} saw last. */
export interface Polled<T> {
  /** The last value the probe returned. */
  readonly value: T;
  /** Whether the condition held for it (false: the deadline passed first). */
  readonly met: boolean;
  /** Milliseconds from the call until the last probe returned. */
  readonly waitedMs: number;
  readonly attempts: number;
}

/** Options of {@link pollUntil}. */
export interface PollOptions {
  /** The deadline, counted from the call: no probe starts after it. */
  readonly withinMs: number;
  /** Pause between two probes. @default 50 */
  readonly everyMs?: number;
}

/**
 * Probes until a condition holds or a deadline passes, and returns the last value. Timing-dependent tests wait
 * for the condition they need this way, never for a fixed time: on a loaded machine a fixed sleep is too short,
 * on an idle one it is time lost. The caller asserts `met`, so a timeout fails with the last value in view, and
 * derives `withinMs` from the fact that bounds the wait (a cache's validity, nginx's fail_timeout...) plus a
 * margin for a busy machine.
 *
 * @example
 * const polled = await pollUntil(() => harness.request(url, { count: 30 }), reachesAllThree, { withinMs: validMs + 3000 });
 * expect(polled.met).toBe(true);
 */
export async function pollUntil<T>(
  probe: () => Promise<T> | T,
  until: (value: T) => boolean,
  options: PollOptions,
): Promise<Polled<T>> {
  const started = Date.now();
  for (let attempts = 1; ; attempts++) {
    const value = await probe();
    const waitedMs = Date.now() - started;
    if (until(value)) return { value, met: true, waitedMs, attempts };
    const left = options.withinMs - waitedMs;
    if (left <= 0) return { value, met: false, waitedMs, attempts };
    await new Promise((resolve) => setTimeout(resolve, Math.min(options.everyMs ?? 50, left)));
  }
}
