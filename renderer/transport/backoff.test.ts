import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, backoffDelay } from './backoff.ts';

describe('backoffDelay', () => {
  it('starts at 250 ms and doubles up to 5 s without jitter', () => {
    const noJitter = () => 0;
    expect(Array.from({ length: 8 }, (_, attempt) => backoffDelay(attempt, DEFAULT_BACKOFF, noJitter)))
      .toEqual([250, 500, 1_000, 2_000, 4_000, 5_000, 5_000, 5_000]);
    expect(backoffDelay(1_000, DEFAULT_BACKOFF, noJitter)).toBe(5_000);
  });

  it('takes up to 20% off each delay at random, never adding to it', () => {
    expect(backoffDelay(0, DEFAULT_BACKOFF, () => 1)).toBe(200);
    expect(backoffDelay(10, DEFAULT_BACKOFF, () => 1)).toBe(4_000);
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelay(3, DEFAULT_BACKOFF);
      expect(delay).toBeGreaterThanOrEqual(1_600);
      expect(delay).toBeLessThanOrEqual(2_000);
    }
  });

  it('treats a negative attempt as the first', () => {
    expect(backoffDelay(-3, DEFAULT_BACKOFF, () => 0)).toBe(250);
  });
});
