import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAlertBatcher } from './alert-batcher.ts';
import type { StackNotification } from './compose-notification.ts';
import type { StackAlert } from './stack-alert.ts';

const died = (agent: string): StackAlert => ({ kind: 'agent-died', agent, runId: `run-${agent}`, cause: 'no_heartbeat', message: 'no heartbeat for 10 s' });
const crashed = (service: string): StackAlert => ({ kind: 'service-crashed', service, reason: 'exited with code 1' });

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

function batcher(options: { windowMs?: number; settleMs?: number } = {}) {
  const delivered: { at: number; notification: StackNotification }[] = [];
  const batch = createAlertBatcher({ ...options, deliver: (notification) => delivered.push({ at: Date.now(), notification }) });
  return { batch, delivered };
}

describe('createAlertBatcher: one notification per 10 s at most', () => {
  it('turns a burst into one notification a second later: "3 agents died, backend crashed"', () => {
    const { batch, delivered } = batcher();
    batch.add([died('a1')]);
    vi.advanceTimersByTime(200);
    batch.add([died('a2'), crashed('backend')]);
    batch.add([died('a3')]);
    vi.advanceTimersByTime(799);
    expect(delivered).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(delivered.map(({ notification }) => notification.title)).toEqual(['3 agents died, backend crashed']);
  });

  it('holds what comes after a notification until 10 s have passed since it, then sends it all as one', () => {
    const { batch, delivered } = batcher();
    batch.add([crashed('backend')]);
    vi.advanceTimersByTime(1_000);
    for (let second = 0; second < 8; second++) {
      batch.add([crashed(second % 2 === 0 ? 'backend' : 'auth')]);
      vi.advanceTimersByTime(1_000);
    }
    expect(delivered).toHaveLength(1);
    vi.advanceTimersByTime(1_999);
    expect(delivered).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(delivered.map(({ at, notification }) => [at - 1_000_000, notification.title])).toEqual([[1_000, 'backend crashed'], [11_000, 'backend and auth crashed']]);
    vi.advanceTimersByTime(60_000);
    expect(delivered).toHaveLength(2);
  });

  it('sends nothing after close, and ignores an empty add', () => {
    const { batch, delivered } = batcher();
    batch.add([]);
    batch.add([died('a1')]);
    batch.close();
    batch.add([died('a2')]);
    vi.advanceTimersByTime(30_000);
    expect(delivered).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('for any arrival times: notifications are 10 s apart or more, every alert is in exactly one, none waits past 11 s', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: 40 }), (gaps) => {
      vi.setSystemTime(1_000_000);
      const { batch, delivered } = batcher();
      const arrivals: number[] = [];
      gaps.forEach((gap, index) => {
        vi.advanceTimersByTime(gap);
        arrivals.push(Date.now());
        batch.add([died(`agent-${index}`)]);
      });
      vi.advanceTimersByTime(20_000);
      const at = delivered.map((entry) => entry.at);
      at.slice(1).forEach((time, index) => expect(time - (at[index] ?? -Infinity)).toBeGreaterThanOrEqual(10_000));
      const counts = delivered.map(({ notification }) => Number(/^(\d+) agents? died$/.exec(notification.title)?.[1]));
      expect(counts.reduce((sum, count) => sum + count, 0)).toBe(gaps.length);
      // The i-th alert is in the first notification delivered at or after its arrival.
      let covered = 0;
      delivered.forEach((entry, index) => {
        const due = arrivals.slice(covered, covered + (counts[index] ?? 0));
        for (const arrival of due) expect(entry.at - arrival).toBeLessThanOrEqual(11_000);
        covered += counts[index] ?? 0;
      });
      batch.close();
    }), { numRuns: 100 });
  });
});
