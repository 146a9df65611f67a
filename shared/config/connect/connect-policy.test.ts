import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../profile.ts';
import { backoffOf, connectPolicyFor, retryDelays, worstCaseMs } from './connect-policy.ts';

const noJitter = () => 0;

describe('connectPolicyFor', () => {
  it('takes seed 004 section 4.2: 5 s and 3 retries on a developer machine, 10 s and 5 retries when deployed', () => {
    expect(connectPolicyFor('development')).toEqual({ timeoutMs: 5_000, retries: 3 });
    expect(connectPolicyFor('test')).toEqual({ timeoutMs: 5_000, retries: 3 });
    expect(connectPolicyFor('staging')).toEqual({ timeoutMs: 10_000, retries: 5 });
    expect(connectPolicyFor('production')).toEqual({ timeoutMs: 10_000, retries: 5 });
  });

  it('lets either number be overridden alone', () => {
    expect(connectPolicyFor('staging', { timeoutMs: 200 })).toEqual({ timeoutMs: 200, retries: 5 });
    expect(connectPolicyFor('development', { retries: 0 })).toEqual({ timeoutMs: 5_000, retries: 0 });
  });
});

describe('retryDelays', () => {
  it('waits a tenth of the attempt limit first, doubling up to one attempt limit', () => {
    expect(retryDelays(connectPolicyFor('development'), noJitter)).toEqual([500, 1_000, 2_000]);
    expect(retryDelays(connectPolicyFor('production'), noJitter)).toEqual([1_000, 2_000, 4_000, 8_000, 10_000]);
    expect(retryDelays({ timeoutMs: 100, retries: 2 }, noJitter)).toEqual([10, 20]);
    expect(retryDelays({ timeoutMs: 100, retries: 0 }, noJitter)).toEqual([]);
  });

  it('bounds the whole effort of one target: every attempt timing out and every wait at its longest', () => {
    expect(worstCaseMs(connectPolicyFor('development'))).toBe(4 * 5_000 + 3_500);
    expect(worstCaseMs(connectPolicyFor('staging'))).toBe(6 * 10_000 + 25_000);
  });

  it('never waits longer than an attempt, never less than the jitter allows, one wait per retry', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 60_000 }), fc.nat(20), fc.double({ min: 0, max: 1, noNaN: true }), (timeoutMs, retries, random) => {
      const policy = { timeoutMs, retries };
      const delays = retryDelays(policy, () => random);
      const longest = retryDelays(policy, noJitter);
      expect(delays).toHaveLength(retries);
      delays.forEach((delay, index) => {
        expect(delay).toBeLessThanOrEqual(backoffOf(policy).maxMs);
        expect(delay).toBeLessThanOrEqual(longest[index] as number);
        expect(delay).toBeGreaterThanOrEqual(Math.floor((longest[index] as number) * 0.8));
      });
      expect(delays.reduce((sum, delay) => sum + delay, 0) + (retries + 1) * timeoutMs).toBeLessThanOrEqual(worstCaseMs(policy));
    }));
  });

  it('gives every profile a finite, positive bound', () => {
    for (const profile of PROFILES) expect(worstCaseMs(connectPolicyFor(profile))).toBeGreaterThan(0);
  });
});
