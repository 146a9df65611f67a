import { describe, expect, it } from 'vitest';
import { LINE_OVERHEAD_BYTES, RingBuffer } from './ring-buffer.ts';
import { SubscriberCursor } from './subscriber-cursor.ts';

function appendLines(ring: RingBuffer, lines: string[]): void {
  const text = lines.map((line) => `${line}\n`).join('');
  ring.append(Buffer.from(text), 'stdout', 5);
}

describe('SubscriberCursor', () => {
  it('gives each line once, in order, and nothing when there is nothing new', () => {
    const ring = new RingBuffer('api');
    const cursor = new SubscriberCursor();
    appendLines(ring, ['a', 'b']);
    expect(cursor.pending(ring)).toBe(2);
    expect(cursor.take(ring)).toEqual({ service: 'api', lines: [expect.objectContaining({ seq: 1, text: 'a' }), expect.objectContaining({ seq: 2, text: 'b' })], skipped: 0 });
    expect(cursor.take(ring)).toBeNull();
    appendLines(ring, ['c']);
    expect(cursor.take(ring)?.lines.map((line) => line.text)).toEqual(['c']);
    expect(cursor.pending(ring)).toBe(0);
  });

  it('starts where it is told: a new subscriber does not get the past', () => {
    const ring = new RingBuffer('api');
    appendLines(ring, ['old']);
    const cursor = new SubscriberCursor();
    cursor.startAt('api', ring.nextSeq);
    appendLines(ring, ['new']);
    expect(cursor.take(ring)?.lines.map((line) => line.text)).toEqual(['new']);
  });

  it('gives a subscriber that fell behind the newest lines within its line limit and counts the rest as skipped', () => {
    const ring = new RingBuffer('api');
    const cursor = new SubscriberCursor({ maxLines: 100 });
    for (let index = 1; index <= 1_000; index++) appendLines(ring, [String(index)]);
    const chunk = cursor.take(ring);
    expect(chunk?.skipped).toBe(900);
    expect(chunk?.lines.map((line) => line.seq)).toEqual(Array.from({ length: 100 }, (_, index) => 901 + index));
  });

  it('respects its byte limit, and counts lines the ring no longer holds as skipped', () => {
    const line = 'x'.repeat(99);
    const cost = 100 + LINE_OVERHEAD_BYTES;
    const ring = new RingBuffer('api', { maxBytes: 50 * cost });
    const cursor = new SubscriberCursor({ maxBytes: 10 * cost });
    for (let index = 0; index < 200; index++) appendLines(ring, [line]);
    const chunk = cursor.take(ring);
    expect(chunk?.lines).toHaveLength(10);
    expect(chunk?.skipped).toBe(190);
    expect(chunk?.lines.at(-1)?.seq).toBe(200);
  });

  it('always gives at least the newest line', () => {
    const ring = new RingBuffer('api');
    const cursor = new SubscriberCursor({ maxBytes: 1 });
    appendLines(ring, ['a long line', 'another long line']);
    expect(cursor.take(ring)).toEqual({ service: 'api', lines: [expect.objectContaining({ text: 'another long line' })], skipped: 1 });
  });
});
