import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutLongLines, hasNoLongLine } from './long-lines.ts';
import { safeLineChars } from './utf8-prefix.ts';

describe('hasNoLongLine', () => {
  it('says true only when every line is within the safe length (fast-check)', () => {
    const line = fc.string({ maxLength: 30 }).map((text) => text.replaceAll('\n', ''));
    fc.assert(fc.property(fc.array(line, { maxLength: 30 }), fc.integer({ min: 1, max: 25 }), (lines, safeChars) => {
      const block = lines.map((text) => `${text}\n`).join('');
      if (hasNoLongLine(block, safeChars)) for (const text of lines) expect(text.length).toBeLessThanOrEqual(safeChars);
    }));
  });

  it('answers true for ordinary log lines in a few probes', () => {
    const block = 'GET /health 200 in 2ms\n'.repeat(3_000);
    expect(hasNoLongLine(block, safeLineChars(64 * 1024))).toBe(true);
    expect(hasNoLongLine(`${block}${'x'.repeat(30_000)}\n`, safeLineChars(64 * 1024))).toBe(false);
  });
});

describe('cutLongLines', () => {
  it('leaves a block of short lines as it is', () => {
    const block = 'one\ntwo\n\nfour\n';
    expect(cutLongLines(block, 10)).toBe(block);
  });

  it('cuts a long line into pieces of at most maxBytes, between characters', () => {
    expect(cutLongLines('shor\nabcdefghij\nend\n', 4)).toBe('shor\nabcd\nefgh\nij\nend\n');
    expect(cutLongLines('ééééé\n', 4)).toBe('éé\néé\né\n');
    expect(cutLongLines('😀😀a\n', 5)).toBe('😀\n😀a\n');
  });

  it('gives pieces within the limit that join back to the line (fast-check)', () => {
    const line = fc.string({ unit: 'binary', maxLength: 60 }).map((text) => text.replaceAll('\n', ''));
    fc.assert(fc.property(fc.array(line, { maxLength: 10 }), fc.integer({ min: 4, max: 30 }), (lines, maxBytes) => {
      const block = lines.map((text) => `${text}\n`).join('');
      const pieces = cutLongLines(block, maxBytes).split('\n');
      pieces.pop();
      for (const piece of pieces) expect(Buffer.byteLength(piece)).toBeLessThanOrEqual(maxBytes);
      expect(pieces.join('')).toBe(lines.join(''));
    }));
  });
});
