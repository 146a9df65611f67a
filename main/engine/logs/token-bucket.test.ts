import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.ts';

function clock() {
  let time = 0;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe('TokenBucket', () => {
  it('allows a burst, then says how long to wait for the rest', () => {
    const time = clock();
    const bucket = new TokenBucket(1_000, 500, time.now);
    expect(bucket.take(300)).toBe(0);
    expect(bucket.take(200)).toBe(0);
    expect(bucket.take(100)).toBe(100);
    time.advance(100);
    expect(bucket.take(100)).toBe(0);
  });

  it('refills at its rate up to the burst, never beyond', () => {
    const time = clock();
    const bucket = new TokenBucket(1_000, 500, time.now);
    expect(bucket.take(500)).toBe(0);
    time.advance(60_000);
    expect(bucket.take(500)).toBe(0);
    expect(bucket.take(1)).toBe(1);
  });

  it('lets an amount larger than the burst through once full, leaving a debt to wait out', () => {
    const time = clock();
    const bucket = new TokenBucket(1_000, 100, time.now);
    expect(bucket.take(1_000)).toBe(0);
    expect(bucket.take(100)).toBe(1_000);
    time.advance(1_000);
    expect(bucket.take(100)).toBe(0);
  });

  it('spends no more than the rate over time, whatever the requests', () => {
    const time = clock();
    const bucket = new TokenBucket(10_000, 10_000, time.now);
    let spent = 0;
    for (let step = 0; step < 10_000; step++) {
      if (bucket.take(700) === 0) spent += 700;
      time.advance(1);
    }
    // 10 s at 10,000 a second, plus the first burst.
    expect(spent).toBeLessThanOrEqual(110_000);
    expect(spent).toBeGreaterThan(90_000);
  });
});
