import { describe, expect, it } from 'vitest';
import { createFrameBatcher } from './frame-batcher.ts';

// A frame scheduler the test advances by hand.
function frames() {
  let queue: (() => void)[] = [];
  return {
    schedule: (callback: () => void) => queue.push(callback),
    cancel: () => { queue = []; },
    run() {
      const due = queue;
      queue = [];
      for (const callback of due) callback();
    },
    pending: () => queue.length,
  };
}

describe('createFrameBatcher', () => {
  it('writes everything pushed within a frame in one write', () => {
    const clock = frames();
    const writes: string[] = [];
    const batcher = createFrameBatcher({ write: (text, done) => { writes.push(text); done(); }, describeDropped: (n) => `[${n} dropped]`, ...clock });
    for (let i = 0; i < 10_000; i++) batcher.push(`${i}\r\n`, 1);
    expect(writes).toEqual([]);
    expect(clock.pending()).toBe(1);
    clock.run();
    expect(writes).toHaveLength(1);
    expect(writes[0]?.startsWith('0\r\n1\r\n')).toBe(true);
  });

  it('bounds what waits for a frame, dropping the oldest and saying how many lines went', () => {
    const clock = frames();
    const writes: string[] = [];
    const batcher = createFrameBatcher({ write: (text, done) => { writes.push(text); done(); }, describeDropped: (n) => `[${n} dropped]`, maxPendingBytes: 10, ...clock });
    for (const text of ['aaaa', 'bbbb', 'cccc', 'dddd']) batcher.push(text, 2);
    clock.run();
    expect(writes).toEqual(['[4 dropped]ccccdddd']);
  });

  it('waits for the terminal when it has too much unparsed text, then goes on', () => {
    const clock = frames();
    const writes: string[] = [];
    const done: (() => void)[] = [];
    const batcher = createFrameBatcher({ write: (text, callback) => { writes.push(text); done.push(callback); }, describeDropped: () => '', maxInFlightBytes: 5, ...clock });
    batcher.push('0123456789', 1);
    clock.run();
    batcher.push('next', 1);
    clock.run();
    expect(writes).toEqual(['0123456789']);
    done.shift()?.();
    clock.run();
    expect(writes).toEqual(['0123456789', 'next']);
  });

  it('forgets pending text on clear and stops on dispose', () => {
    const clock = frames();
    const writes: string[] = [];
    const batcher = createFrameBatcher({ write: (text, done) => { writes.push(text); done(); }, describeDropped: () => '', ...clock });
    batcher.push('old', 1);
    batcher.clear();
    batcher.push('new', 1);
    clock.run();
    batcher.dispose();
    batcher.push('late', 1);
    clock.run();
    expect(writes).toEqual(['new']);
  });
});
