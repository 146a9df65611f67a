import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createByteFinder, rarestByteAt } from './find-bytes.ts';

describe('createByteFinder', () => {
  it('finds what Buffer.indexOf finds, from any position, in any bytes (fast-check)', () => {
    // Few distinct bytes, so patterns occur, overlap and nearly occur; the rarest byte may be anywhere in the pattern.
    const byte = fc.constantFrom(0x61, 0x62, 0x70, 0x6b, 0x7a, 0x0a, 0xc3, 0xa9, 0xff);
    const bytes = (maxLength: number) => fc.array(byte, { maxLength }).map((values) => Buffer.from(values));
    let found = 0;
    // Half the patterns are taken from the haystack (so found), half are random (mostly not).
    const input = bytes(60).chain((haystack) => fc.tuple(fc.constant(haystack), fc.oneof(
      fc.tuple(fc.nat({ max: 60 }), fc.integer({ min: 1, max: 6 })).map(([start, length]) => haystack.subarray(start, start + length)),
      bytes(6),
    ).filter((pattern) => pattern.length > 0)));
    fc.assert(fc.property(input, fc.nat({ max: 70 }), ([haystack, pattern], from) => {
      const expected = haystack.indexOf(pattern, from);
      expect(createByteFinder(pattern)(haystack.toString('latin1'), from)).toBe(expected);
      if (expected !== -1) found++;
    }), { numRuns: 3000 });
    expect(found).toBeGreaterThan(50);
  });

  it('searches from the rarest byte of a pattern', () => {
    expect(rarestByteAt(Buffer.from('postgres-password'))).toBe('postgres-pass'.length);
    expect(rarestByteAt(Buffer.from('jwt-key'))).toBe(0);
    expect(rarestByteAt(Buffer.from('token-XYZ'))).toBe('token-'.length);
    expect(rarestByteAt(Buffer.from('aaaa'))).toBe(0);
  });
});
