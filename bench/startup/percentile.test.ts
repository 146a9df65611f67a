import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentile } from './percentile.ts';

describe('percentile', () => {
  it('reads the nearest rank: median and p95 of 1..20', () => {
    const samples = Array.from({ length: 20 }, (_, index) => 20 - index);
    expect([percentile(samples, 0.5), percentile(samples, 0.95), percentile(samples, 1), percentile(samples, 0)]).toEqual([10, 19, 20, 1]);
    expect(percentile([], 0.5)).toBeNaN();
  });

  it('is one of the samples, within their range, and grows with the fraction', () => {
    fc.assert(fc.property(fc.array(fc.double({ noNaN: true, min: 0, max: 1e6 }), { minLength: 1 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (samples, a, b) => {
      const [low, high] = a <= b ? [a, b] : [b, a];
      expect(samples).toContain(percentile(samples, low));
      expect(percentile(samples, low)).toBeLessThanOrEqual(percentile(samples, high));
    }));
  });
});
