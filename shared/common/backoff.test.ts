import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, backoffDelay } from './backoff.ts';

describe('backoffDelay', () => {
  it('starts at 250 ms and doubles up to 5 s without jitter', () => {
    const noJitter = () => 0;
    expect(Array.from({ length: 8 }, (_, retry) => backoffDelay(retry, DEFAULT_BACKOFF, noJitter)))
      .toEqual([250, 500, 1_000, 2_000, 4_000, 5_000, 5_000, 5_000]);
    expect(backoffDelay(1_000, DEFAULT_BACKOFF, noJitter)).toBe(5_000);
  });

  it('takes up to the jitter fraction off each delay at random, never adding to it', () => {
    expect(backoffDelay(0, DEFAULT_BACKOFF, () => 1)).toBe(200);
    expect(backoffDelay(10, DEFAULT_BACKOFF, () => 1)).toBe(4_000);
    fc.assert(fc.property(fc.nat(60), fc.double({ min: 0, max: 1, noNaN: true }), (retry, random) => {
      const delay = backoffDelay(retry, DEFAULT_BACKOFF, () => random);
      expect(delay).toBeLessThanOrEqual(DEFAULT_BACKOFF.maxMs);
      expect(delay).toBeGreaterThanOrEqual(Math.round(Math.min(DEFAULT_BACKOFF.maxMs, 250 * 2 ** retry) * 0.8));
    }));
  });

  it('treats odd inputs sanely: a negative retry is the first, a random source out of range is clamped', () => {
    expect(backoffDelay(-3, DEFAULT_BACKOFF, () => 0)).toBe(250);
    expect(backoffDelay(0, DEFAULT_BACKOFF, () => 7)).toBe(200);
    expect(backoffDelay(0, DEFAULT_BACKOFF, () => -1)).toBe(250);
    expect(backoffDelay(2, { ...DEFAULT_BACKOFF, factor: 3, jitter: 0 })).toBe(2_250);
  });
});
