import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeLineChars, utf8PrefixEnd } from './utf8-prefix.ts';

const bytesOf = (text: string) => Buffer.byteLength(text);

describe('utf8PrefixEnd', () => {
  it('counts 1, 2, 3 and 4 bytes per character and never cuts a surrogate pair', () => {
    expect(utf8PrefixEnd('abcdef', 0, 6, 4)).toBe(4);
    expect(utf8PrefixEnd('ééé', 0, 3, 5)).toBe(2);
    expect(utf8PrefixEnd('€€', 0, 2, 5)).toBe(1);
    expect(utf8PrefixEnd('a😀b', 0, 4, 4)).toBe(1);
    expect(utf8PrefixEnd('a😀b', 0, 4, 5)).toBe(3);
  });

  it('takes one character even when it alone is over the limit, so cutting always advances', () => {
    expect(utf8PrefixEnd('😀', 0, 2, 1)).toBe(2);
    expect(utf8PrefixEnd('€x', 0, 2, 2)).toBe(1);
  });

  it('gives the longest prefix within the limit (fast-check)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), fc.integer({ min: 4, max: 40 }), (text, maxBytes) => {
      const end = utf8PrefixEnd(text, 0, text.length, maxBytes);
      if (text.length === 0) {
        expect(end).toBe(0);
        return;
      }
      expect(bytesOf(text.slice(0, end))).toBeLessThanOrEqual(maxBytes);
      if (end < text.length) {
        const withNext = text.slice(0, end + (isPairAt(text, end) ? 2 : 1));
        expect(bytesOf(withNext)).toBeGreaterThan(maxBytes);
        expect(isPairAt(text, end - 1)).toBe(false);
      }
    }));
  });
});

describe('safeLineChars', () => {
  it('is a length no string can exceed the limit within (fast-check)', () => {
    fc.assert(fc.property(fc.integer({ min: 4, max: 200 }), fc.string({ unit: 'binary', maxLength: 80 }), (maxBytes, text) => {
      const safe = text.slice(0, safeLineChars(maxBytes));
      // Lone surrogates count 3 bytes, as Buffer writes them.
      expect(bytesOf(safe)).toBeLessThanOrEqual(maxBytes);
    }));
  });
});

function isPairAt(text: string, index: number): boolean {
  const high = text.charCodeAt(index);
  const low = text.charCodeAt(index + 1);
  return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;
}
