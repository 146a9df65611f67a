import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeUtf8 } from './utf8-encode.ts';

describe('encodeUtf8', () => {
  it('encodes like Buffer.from, into a reused buffer (fast-check)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => {
      expect(Buffer.compare(encodeUtf8(text), Buffer.from(text))).toBe(0);
    }));
  });

  it('grows for a text bigger than its buffer, and reuses it for the next', () => {
    const text = '€'.repeat(200_000);
    const first = encodeUtf8(text);
    expect(first.length).toBe(600_000);
    const second = encodeUtf8('ok');
    expect(second.toString()).toBe('ok');
    expect(second.buffer).toBe(first.buffer);
  });
});
