import { describe, expect, it } from 'vitest';
import { createNoticeStore } from './notice-store.ts';

describe('createNoticeStore', () => {
  it('keeps every error until dismissed, counting repeats of one message', () => {
    const store = createNoticeStore(() => 5);
    let changes = 0;
    store.subscribe(() => changes++);
    store.error('auth is already running');
    store.error('the server cannot be reached');
    store.error('auth is already running');
    expect(store.snapshot().errors.map((notice) => [notice.message, notice.count])).toEqual([
      ['auth is already running', 2],
      ['the server cannot be reached', 1],
    ]);
    store.dismiss(store.snapshot().errors[0]?.id ?? -1);
    expect(store.snapshot().errors.map((notice) => notice.message)).toEqual(['the server cannot be reached']);
    expect(changes).toBe(4);
  });

  it('bounds the list to the most recent errors', () => {
    const store = createNoticeStore();
    for (let i = 0; i < 20; i++) store.error(`failure ${i}`);
    expect(store.snapshot().errors).toHaveLength(8);
    expect(store.snapshot().errors.at(-1)?.message).toBe('failure 19');
  });

  it('remembers the last action separately from errors', () => {
    const store = createNoticeStore(() => 42);
    store.action('started auth');
    expect(store.snapshot()).toEqual({ errors: [], lastAction: { message: 'started auth', at: 42 } });
  });
});
