import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex } from './line-index.ts';

describe('LineIndex', () => {
  it('maps offsets to 1-based lines and lines back to their text', () => {
    const index = new LineIndex('one\ntwo\n\nfour');
    expect([index.lineOf(0), index.lineOf(3), index.lineOf(4), index.lineOf(8), index.lineOf(9)]).toEqual([1, 1, 2, 3, 4]);
    expect([index.lineCount, index.lineText(2), index.lineText(3), index.lineText(4)]).toEqual([4, 'two', '', 'four']);
  });

  it('agrees with counting newlines by hand (fast-check)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), fc.nat(), (text, at) => {
      const offset = text.length === 0 ? 0 : at % text.length;
      expect(new LineIndex(text).lineOf(offset)).toBe(text.slice(0, offset).split('\n').length);
    }));
  });
});
