import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, reconnectDelay } from './reconnect-backoff.ts';

describe('reconnectDelay', () => {
  it('doubles from 250 ms up to the 5 s cap without jitter', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 50, 5_000].map((attempt) => reconnectDelay(attempt, { ...DEFAULT_BACKOFF, jitter: 0 }));
    expect(delays).toEqual([250, 500, 1_000, 2_000, 4_000, 5_000, 5_000, 5_000, 5_000]);
  });

  it('takes at most the jitter fraction off, and never goes past the cap', () => {
    expect(reconnectDelay(1, DEFAULT_BACKOFF, () => 0)).toBe(250);
    expect(reconnectDelay(1, DEFAULT_BACKOFF, () => 0.999999)).toBe(200);
    expect(reconnectDelay(10, DEFAULT_BACKOFF, () => 0)).toBe(5_000);
    expect(reconnectDelay(10, DEFAULT_BACKOFF, () => 1)).toBe(4_000);
    for (let i = 0; i < 200; i++) {
      const delay = reconnectDelay(3, DEFAULT_BACKOFF);
      expect(delay).toBeGreaterThanOrEqual(800);
      expect(delay).toBeLessThanOrEqual(1_000);
    }
  });

  it('treats odd inputs sanely: attempt 0 or below is the first delay, a random source out of range is clamped', () => {
    expect(reconnectDelay(0, { ...DEFAULT_BACKOFF, jitter: 0 })).toBe(250);
    expect(reconnectDelay(-3, { ...DEFAULT_BACKOFF, jitter: 0 })).toBe(250);
    expect(reconnectDelay(1, DEFAULT_BACKOFF, () => 7)).toBe(200);
    expect(reconnectDelay(1, DEFAULT_BACKOFF, () => -1)).toBe(250);
  });
});
