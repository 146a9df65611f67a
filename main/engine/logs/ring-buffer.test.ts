import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOG_LEVELS } from '../../../shared/api/logs.ts';
import { createByteRedactor, isWellFormedText } from './redact-bytes.ts';
import { secretNeedles } from './redact-secrets.ts';
import { DEFAULT_RING_BYTES, LINE_OVERHEAD_BYTES, RingBuffer, type LogStream } from './ring-buffer.ts';

function appendLines(ring: RingBuffer, lines: string[], stream: LogStream = 'stdout', time = 1_000, level = 0): number {
  const text = lines.map((line) => `${line}\n`).join('');
  return ring.append(Buffer.from(text), stream, time, level);
}

const costOf = (line: string) => Buffer.byteLength(line) + 1 + LINE_OVERHEAD_BYTES;

describe('RingBuffer', () => {
  it('numbers lines from 1 across blocks and streams and gives them back as LogLines', () => {
    const ring = new RingBuffer('api');
    expect(appendLines(ring, ['a', 'b'])).toBe(1);
    expect(appendLines(ring, ['{"level":50}', 'ünïcode ✓'], 'stderr', 2_000)).toBe(3);
    expect(ring.last(10)).toEqual([
      { service: 'api', seq: 1, time: 1_000, stream: 'stdout', text: 'a', level: null },
      { service: 'api', seq: 2, time: 1_000, stream: 'stdout', text: 'b', level: null },
      { service: 'api', seq: 3, time: 2_000, stream: 'stderr', text: '{"level":50}', level: 'error' },
      { service: 'api', seq: 4, time: 2_000, stream: 'stderr', text: 'ünïcode ✓', level: null },
    ]);
    expect(ring.nextSeq).toBe(5);
  });

  it('reads levels from pino lines when read, and keeps a level given for a whole block', () => {
    const ring = new RingBuffer('api');
    appendLines(ring, ['{"level":40,"msg":"w"}', 'plain']);
    appendLines(ring, ['launcher says', '{"level":10}'], 'system', 3_000, LOG_LEVELS.indexOf('error') + 1);
    expect(ring.last(4).map((line) => [line.stream, line.level, line.time])).toEqual([
      ['stdout', 'warn', 1_000], ['stdout', null, 1_000], ['system', 'error', 3_000], ['system', 'error', 3_000],
    ]);
  });

  it('grows its line arrays past their first size and keeps every line readable', () => {
    const ring = new RingBuffer('api');
    const lines = Array.from({ length: 5_000 }, (_, index) => `n${index}`);
    appendLines(ring, lines.slice(0, 700));
    appendLines(ring, lines.slice(700));
    expect(ring.since(0).map((line) => line.text)).toEqual(lines);
  });

  it('finds the lines of multi-byte text in its latin1 reading when given one, as in the bytes (fast-check)', () => {
    const line = fc.string({ unit: 'grapheme', maxLength: 20 }).map((text) => text.replaceAll('\n', ''));
    fc.assert(fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), (lines) => {
      const bytes = Buffer.from(lines.map((text) => `${text}\n`).join(''));
      const withReading = new RingBuffer('a');
      const withoutReading = new RingBuffer('a');
      withReading.append(bytes, 'stdout', 1, 0, bytes.toString('latin1'));
      withoutReading.append(bytes, 'stdout', 1);
      expect(withReading.since(0).map((held) => held.text)).toEqual(lines);
      expect(withReading.since(0)).toEqual(withoutReading.since(0));
    }));
  });

  it('finds the lines of masked bytes in the reading of the unmasked ones moved by the masks\' shifts, as in the masked bytes (fast-check)', () => {
    const line = fc.string({ unit: 'grapheme', maxLength: 20 }).map((text) => text.replaceAll('\n', ''));
    const secret = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }).map((text) => text.replaceAll('\n', '')).filter((text) => text.length > 0);
    fc.assert(fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), fc.array(secret, { maxLength: 2 }), fc.constantFrom('***', '[masked secret]'), (lines, secrets, mask) => {
      const bytes = Buffer.from(lines.map((text) => `${text}\n`).join(''));
      const asLatin1 = bytes.toString('latin1');
      const shifts: number[] = [];
      // Values cut from the lines (so they occur) and random ones.
      const needles = secretNeedles([...secrets, ...lines.filter((text) => text.length > 2).map((text) => text.slice(1))], 1).filter(isWellFormedText);
      const masked = Buffer.from(createByteRedactor(needles, mask)(bytes, asLatin1, shifts));
      const withShifts = new RingBuffer('a');
      const fromMasked = new RingBuffer('a');
      withShifts.append(masked, 'stdout', 1, 0, asLatin1, shifts);
      fromMasked.append(masked, 'stdout', 1);
      expect(withShifts.since(0)).toEqual(fromMasked.since(0));
      expect(withShifts.size).toBe(lines.length);
    }));
  });

  it('keeps each block\'s time and stream for its lines when their slots wrap around the end of the line arrays', () => {
    // 60 lines held, so the arrays keep their first size (1,024 slots) and blocks of 7 lines cross their end again and again,
    // the last time (seqs 3,067 to 3,073 in slots 1,019 to 1) among the lines held at the end (3,028 to 3,087).
    const ring = new RingBuffer('api', { maxBytes: 60 * costOf('line 0000') });
    for (let block = 0; block < 441; block++) {
      const lines = Array.from({ length: 7 }, (_, index) => `line ${String(block * 7 + index).padStart(4, '0')}`);
      appendLines(ring, lines, block % 2 ? 'stderr' : 'stdout', 10_000 + block);
    }
    const held = ring.since(0);
    expect(held).toHaveLength(60);
    for (const line of held) {
      const block = Math.floor((line.seq - 1) / 7);
      expect([line.text, line.time, line.stream]).toEqual([`line ${String(line.seq - 1).padStart(4, '0')}`, 10_000 + block, block % 2 ? 'stderr' : 'stdout']);
    }
  });

  it('gives the newest n lines oldest first, and the lines after a seq', () => {
    const ring = new RingBuffer('api');
    appendLines(ring, ['1', '2', '3']);
    appendLines(ring, ['4']);
    appendLines(ring, ['5', '6']);
    expect(ring.last(4).map((line) => line.text)).toEqual(['3', '4', '5', '6']);
    expect(ring.last(0)).toEqual([]);
    expect(ring.last(100)).toHaveLength(6);
    expect(ring.since(2).map((line) => line.seq)).toEqual([3, 4, 5, 6]);
    expect(ring.since(0)).toHaveLength(6);
    expect(ring.since(6)).toEqual([]);
  });

  it('stays within its bytes, counting what it dropped', () => {
    const line = 'x'.repeat(99);
    const ring = new RingBuffer('api', { maxBytes: 10 * costOf(line) });
    for (let block = 0; block < 100; block++) appendLines(ring, [line, line, line]);
    expect(ring.size).toBe(10);
    expect(ring.bytes).toBe(10 * costOf(line));
    expect(ring.dropped).toBe(290);
    expect(ring.oldestSeq).toBe(291);
    expect(ring.since(0)[0]?.seq).toBe(291);
  });

  it('counts a line too big for the whole ring as dropped (with everything older), and keeps numbering', () => {
    const ring = new RingBuffer('api', { maxBytes: 100 });
    appendLines(ring, ['small']);
    appendLines(ring, ['y'.repeat(200), 'after']);
    expect(ring.last(10).map((line) => [line.seq, line.text])).toEqual([[3, 'after']]);
    expect(ring.dropped).toBe(2);
    appendLines(ring, ['z'.repeat(200)]);
    expect([ring.size, ring.dropped, ring.nextSeq]).toEqual([0, 4, 5]);
    appendLines(ring, ['back']);
    expect(ring.since(0).map((line) => [line.seq, line.text])).toEqual([[5, 'back']]);
  });

  it('holds 2 MiB by default, whatever is pushed through it, in storage that does not grow past it', () => {
    const ring = new RingBuffer('api');
    const lines = Array.from({ length: 500 }, (_, index) => `line ${index} ${'-'.repeat(90)}`);
    for (let block = 0; block < 1_000; block++) appendLines(ring, lines);
    expect(ring.bytes).toBeLessThanOrEqual(DEFAULT_RING_BYTES);
    expect(ring.bytes).toBeGreaterThan(DEFAULT_RING_BYTES - 200);
    expect(ring.size + ring.dropped).toBe(500_000);
    expect(ring.last(1)[0]?.text).toBe(lines.at(-1));
  });

  it('bounds a flood of empty lines by their overhead', () => {
    const ring = new RingBuffer('api', { maxBytes: 64 * 1024 });
    for (let block = 0; block < 100; block++) appendLines(ring, Array.from({ length: 1_000 }, () => ''));
    expect(ring.size).toBe(Math.floor((64 * 1024) / (1 + LINE_OVERHEAD_BYTES)));
    expect(ring.last(2).map((line) => line.text)).toEqual(['', '']);
  });

  it('holds exactly the newest lines that fit, and every line it holds reads back as written, with its block\'s time and stream (fast-check)', () => {
    const line = fc.string({ unit: 'grapheme', maxLength: 30 }).map((text) => text.replaceAll('\n', ''));
    const streams: LogStream[] = ['stdout', 'stderr', 'system'];
    // A block's time and stream: its index, so a line read from a slot another block wrote reads wrong.
    const timeOf = (blockIndex: number) => 1_000 + blockIndex;
    const streamOf = (blockIndex: number) => streams[blockIndex % streams.length] ?? 'stdout';
    fc.assert(fc.property(fc.array(fc.array(line, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 25 }), fc.integer({ min: 40, max: 800 }), (blocks, maxBytes) => {
      const ring = new RingBuffer('svc', { maxBytes });
      for (const [blockIndex, lines] of blocks.entries()) {
        appendLines(ring, lines, streamOf(blockIndex), timeOf(blockIndex));
        expect(ring.bytes).toBeLessThanOrEqual(maxBytes);
      }
      const all = blocks.flatMap((lines, blockIndex) => lines.map((text) => ({ text, time: timeOf(blockIndex), stream: streamOf(blockIndex) }))).map((held, index) => ({ ...held, seq: index + 1 }));
      // The longest run of newest lines whose cost fits.
      let keep = 0;
      let bytes = 0;
      for (let index = all.length - 1; index >= 0; index--) {
        const cost = costOf(all[index]?.text ?? '');
        if (bytes + cost > maxBytes) break;
        bytes += cost;
        keep++;
      }
      const held = ring.since(0);
      expect(held.map(({ text, seq, time, stream }) => ({ text, seq, time, stream }))).toEqual(all.slice(all.length - keep));
      expect(ring.bytes).toBe(bytes);
      expect(ring.size + ring.dropped).toBe(all.length);
    }));
  });
});
