import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GAP_AFTER_INTERVALS, heartbeatGaps } from './heartbeat-gaps.ts';

describe('heartbeatGaps', () => {
  it('marks the silence before the first beat, between beats and after the last, each longer than 1.5 beats', () => {
    expect(heartbeatGaps([3_500, 5_500, 7_000, 16_000], 0, 30_000, 2_000)).toEqual([
      { from: 0, to: 3_500, ms: 3_500, where: 'before_first' },
      { from: 7_000, to: 16_000, ms: 9_000, where: 'between' },
      { from: 16_000, to: 30_000, ms: 14_000, where: 'after_last' },
    ]);
  });

  it('gives a run that never beat one gap over its whole life, and a steady run none', () => {
    expect(heartbeatGaps([], 1_000, 11_000, 2_000)).toEqual([{ from: 1_000, to: 11_000, ms: 10_000, where: 'before_first' }]);
    expect(heartbeatGaps([2_000, 4_000, 6_000, 8_000], 0, 9_000, 2_000)).toEqual([]);
  });

  it('never overlaps gaps, keeps them inside the window, and leaves no silence longer than the limit unmarked (property)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: -5_000, max: 65_000 }), { maxLength: 40 }), fc.integer({ min: 100, max: 5_000 }), (beats, interval) => {
      const start = 0;
      const end = 60_000;
      const gaps = heartbeatGaps(beats, start, end, interval);
      for (const [index, gap] of gaps.entries()) {
        expect(gap.from).toBeGreaterThanOrEqual(start);
        expect(gap.to).toBeLessThanOrEqual(end);
        expect(gap.ms).toBeGreaterThan(GAP_AFTER_INTERVALS * interval);
        if (index > 0) expect(gap.from).toBeGreaterThanOrEqual(gaps[index - 1]?.to ?? -Infinity);
      }
      const points = [start, ...beats.filter((beat) => beat >= start && beat <= end).sort((a, b) => a - b), end];
      const unmarked = points.slice(1).map((to, index) => [points[index] as number, to] as const)
        .filter(([from, to]) => !gaps.some((gap) => gap.from === from && gap.to === to));
      for (const [from, to] of unmarked) expect(to - from).toBeLessThanOrEqual(GAP_AFTER_INTERVALS * interval);
    }), { numRuns: 300 });
  });
});
