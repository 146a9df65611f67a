import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPathBatcher } from './path-batcher.ts';

function batcher(overrides: { maxPaths?: number } = {}) {
  const batches: string[][] = [];
  const instance = createPathBatcher({ delayMs: 100, maxWaitMs: 1000, maxPaths: overrides.maxPaths ?? 100, flush: (paths) => batches.push(paths) });
  return { batches, instance };
}

describe('createPathBatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends one sorted, de-duplicated batch after a quiet spell', () => {
    const { batches, instance } = batcher();
    instance.add('/b/.env');
    vi.advanceTimersByTime(50);
    instance.add('/a/.env');
    instance.add('/b/.env');
    vi.advanceTimersByTime(99);
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(batches).toEqual([['/a/.env', '/b/.env']]);
  });

  it('starts a new batch after one went out', () => {
    const { batches, instance } = batcher();
    instance.add('/a');
    vi.advanceTimersByTime(100);
    instance.add('/b');
    vi.advanceTimersByTime(100);
    expect(batches).toEqual([['/a'], ['/b']]);
  });

  it('does not let a steady stream of paths hold a batch back past the maximum wait', () => {
    const { batches, instance } = batcher();
    for (let i = 0; i < 30; i++) {
      instance.add(`/p${i % 3}`);
      vi.advanceTimersByTime(50);
    }
    expect(batches.length).toBeGreaterThanOrEqual(1);
    expect(batches[0]).toEqual(['/p0', '/p1', '/p2']);
  });

  it('keeps at most maxPaths paths, but still sends', () => {
    const { batches, instance } = batcher({ maxPaths: 2 });
    for (const path of ['/a', '/b', '/c', '/d']) instance.add(path);
    vi.advanceTimersByTime(100);
    expect(batches).toEqual([['/a', '/b']]);
  });

  it('sends nothing once closed', () => {
    const { batches, instance } = batcher();
    instance.add('/a');
    instance.close();
    instance.add('/b');
    vi.advanceTimersByTime(2000);
    expect(batches).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
