import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideRestart, describeExit, restartsAfterStablePeriod, type RestartPolicy } from './restart-policy.ts';

const policy: RestartPolicy = { policy: 'on-failure', maxRestarts: 5, initialDelayMs: 500, factor: 2, maxDelayMs: 4_000, resetAfterSeconds: 30 };
const crash = { code: 1, signal: null };

describe('decideRestart', () => {
  it('backs off exponentially up to the cap, then gives up at maxRestarts', () => {
    const delays = [0, 1, 2, 3, 4].map((restarts) => decideRestart(policy, crash, restarts));
    expect(delays.map((decision) => (decision.restart ? decision.delayMs : null))).toEqual([500, 1_000, 2_000, 4_000, 4_000]);
    expect(decideRestart(policy, crash, 5)).toEqual({ restart: false, reason: expect.stringContaining('restarted 5 times (maxRestarts 5)') });
  });

  it('follows the policy: on-failure skips clean exits, never never restarts, always restarts clean exits', () => {
    expect(decideRestart(policy, { code: 0, signal: null }, 0).restart).toBe(false);
    expect(decideRestart(policy, { code: null, signal: 'SIGKILL' }, 0).restart).toBe(true);
    expect(decideRestart({ ...policy, policy: 'never' }, crash, 0).restart).toBe(false);
    expect(decideRestart({ ...policy, policy: 'always' }, { code: 0, signal: null }, 0).restart).toBe(true);
  });

  it('never waits longer than the cap nor restarts past the maximum (fast-check)', () => {
    fc.assert(fc.property(fc.nat(1_000), fc.integer({ min: 1, max: 10 }), fc.nat(100_000), fc.nat(50), (initial, factor, cap, restarts) => {
      const decision = decideRestart({ ...policy, initialDelayMs: initial, factor, maxDelayMs: cap, maxRestarts: 20 }, crash, restarts);
      if (decision.restart) {
        expect(decision.delayMs).toBeLessThanOrEqual(cap);
        expect(restarts).toBeLessThan(20);
      } else expect(restarts).toBeGreaterThanOrEqual(20);
    }));
  });
});

describe('restartsAfterStablePeriod and describeExit', () => {
  it('forgives restarts after a stable run only', () => {
    expect(restartsAfterStablePeriod(policy, 4, 29_999)).toBe(4);
    expect(restartsAfterStablePeriod(policy, 4, 30_000)).toBe(0);
  });

  it('reads exits plainly', () => {
    expect(describeExit({ code: 3, signal: null })).toBe('exited with code 3');
    expect(describeExit({ code: null, signal: 'SIGKILL' })).toBe('killed by SIGKILL');
  });
});
