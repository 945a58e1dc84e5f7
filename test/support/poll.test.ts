import { pollUntil } from './poll';

describe('pollUntil', () => {
  test('returns the first value that meets the condition, with the attempts it took', async () => {
    // GIVEN a probe that counts up
    let n = 0;
    // WHEN
    const polled = await pollUntil(
      () => ++n,
      (value) => value === 3,
      { withinMs: 5000, everyMs: 1 },
    );
    // THEN
    expect(polled).toMatchObject({ value: 3, met: true, attempts: 3 });
  });

  test('stops at the deadline with the last value and met false', async () => {
    // GIVEN a condition that never holds
    let n = 0;
    // WHEN
    const polled = await pollUntil(
      () => ++n,
      () => false,
      { withinMs: 100, everyMs: 10 },
    );
    // THEN
    expect(polled.met).toBe(false);
    expect(polled.value).toBe(polled.attempts);
    expect(polled.waitedMs).toBeGreaterThanOrEqual(100);
    expect(polled.waitedMs).toBeLessThan(2000);
  });
});
