import { describe, expect, it } from 'vitest';
import type { LogEntry } from './log-entry.ts';
import { createRetainedEntries } from './retained-entries.ts';

const entry = (seq: number, text = 'x'): LogEntry => ({ kind: 'line', line: { service: 'a', seq, time: seq, stream: 'stdout', text, level: null } });
const seqs = (entries: readonly LogEntry[]) => entries.map((item) => (item.kind === 'line' ? item.line.seq : -1));

describe('createRetainedEntries', () => {
  it('keeps the most recent entries within a count, counting what it dropped', () => {
    const retained = createRetainedEntries(3, 1_000_000);
    retained.push([entry(1), entry(2)]);
    retained.push([entry(3), entry(4), entry(5)]);
    expect(seqs(retained.all())).toEqual([3, 4, 5]);
    expect(retained.dropped()).toBe(2);
  });

  it('keeps within a byte budget too', () => {
    const retained = createRetainedEntries(1_000, 200);
    retained.push([entry(1, 'a'.repeat(100)), entry(2, 'b'.repeat(100)), entry(3, 'c')]);
    expect(seqs(retained.all())).toEqual([2, 3]);
  });

  it('stays correct across many drops (compaction)', () => {
    const retained = createRetainedEntries(10, 1_000_000);
    for (let i = 0; i < 20_000; i++) retained.push([entry(i)]);
    expect(seqs(retained.all())).toEqual([19_990, 19_991, 19_992, 19_993, 19_994, 19_995, 19_996, 19_997, 19_998, 19_999]);
    retained.replace([entry(1)]);
    expect(retained.dropped()).toBe(0);
    retained.clear();
    expect(retained.all()).toEqual([]);
  });
});
