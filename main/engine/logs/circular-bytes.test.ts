import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CircularBytes } from './circular-bytes.ts';

describe('CircularBytes', () => {
  it('keeps bytes by virtual offsets across the wrap, and reads them back', () => {
    const store = new CircularBytes(8);
    store.push(Buffer.from('abcdef'));
    store.dropTo(4);
    store.push(Buffer.from('ghij'));
    expect([store.start, store.end, store.length]).toEqual([4, 10, 6]);
    expect(store.toString(4, 6)).toBe('efghij');
    expect(store.read(6, 3).toString()).toBe('ghi');
    expect(store.contiguousFrom(4).toString()).toBe('efgh');
    expect(store.indexOf(0x69, 4)).toBe(8);
    expect(store.indexOf(0x7a, 4)).toBe(-1);
  });

  it('refuses to hold more than its maximum', () => {
    const store = new CircularBytes(4);
    store.push(Buffer.from('abc'));
    expect(() => store.push(Buffer.from('de'))).toThrow(RangeError);
  });

  it('grows by doubling up to its maximum, keeping what it holds', () => {
    const store = new CircularBytes(1024 * 1024);
    const first = store.capacity;
    store.push(Buffer.alloc(first - 200, 'a'));
    store.dropTo(300);
    store.push(Buffer.alloc(400, 'b'));
    expect(store.capacity).toBe(first);
    store.push(Buffer.alloc(first, 'c'));
    expect(store.capacity).toBe(first * 2);
    expect(store.toString(first - 205, 410)).toBe('a'.repeat(5) + 'b'.repeat(400) + 'c'.repeat(5));
    expect(store.length).toBe(first * 2 - 100);
  });

  it('reads back exactly what was pushed and not dropped, whatever the sizes (fast-check)', () => {
    const step = fc.oneof(fc.uint8Array({ maxLength: 40 }).map((bytes) => ({ push: Buffer.from(bytes) })), fc.nat(40).map((drop) => ({ drop })));
    fc.assert(fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
      const store = new CircularBytes(64);
      let model = Buffer.alloc(0);
      let start = 0;
      for (const action of steps) {
        if ('push' in action) {
          if (model.length + action.push.length > 64) continue;
          store.push(action.push);
          model = Buffer.concat([model, action.push]);
        } else {
          const drop = Math.min(action.drop, model.length);
          store.dropTo(start + drop);
          start += drop;
          model = model.subarray(drop);
        }
        expect(store.length).toBe(model.length);
        expect(store.read(store.start, store.length).equals(model)).toBe(true);
        const view = store.contiguousFrom(store.start);
        expect(view.equals(model.subarray(0, view.length))).toBe(true);
      }
    }));
  });
});
