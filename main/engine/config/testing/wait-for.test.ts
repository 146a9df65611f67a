import { describe, expect, it } from 'vitest';
import { waitFor } from './wait-for.ts';

describe('waitFor', () => {
  it('returns the first value the probe gives', async () => {
    let calls = 0;
    expect(await waitFor('a third call', () => (++calls >= 3 ? calls : undefined), { intervalMs: 1 })).toBe(3);
  });

  it('awaits an async probe and accepts falsy values other than undefined and false', async () => {
    expect(await waitFor('zero', async () => 0)).toBe(0);
  });

  it('gives up at the deadline, naming what it waited for', async () => {
    await expect(waitFor('nothing', () => false, { timeoutMs: 30, intervalMs: 5 })).rejects.toThrow('gave up waiting for nothing after 30 ms');
  });
});
