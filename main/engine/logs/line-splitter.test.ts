import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_LINE_BYTES, LineSplitter, splitBlock, textToBlock } from './line-splitter.ts';
import { createRedactor } from './redact-secrets.ts';

// A block as text, read during the listener's call (bytes given are valid only then).
const textOf = (block: string | Buffer) => (typeof block === 'string' ? block : block.toString('utf8'));

// Feeds the chunks and the end of stream; the lines that came out, in order.
function linesOf(chunks: Buffer[], maxLineBytes?: number): string[] {
  const blocks: string[] = [];
  const splitter = new LineSplitter((block) => blocks.push(textOf(block)), maxLineBytes === undefined ? {} : { maxLineBytes });
  for (const chunk of chunks) splitter.push(chunk);
  splitter.flush();
  for (const block of blocks) expect(block.length > 0 && block.endsWith('\n')).toBe(true);
  return blocks.flatMap(splitBlock);
}

// Cuts bytes at the given offsets (any order, duplicates allowed).
function chunked(bytes: Buffer, cuts: number[]): Buffer[] {
  const offsets = [...new Set(cuts.map((cut) => (bytes.length === 0 ? 0 : cut % (bytes.length + 1))))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const offset of [...offsets, bytes.length]) {
    chunks.push(bytes.subarray(start, offset));
    start = offset;
  }
  return chunks;
}

// The definition, on the whole input at once: decode, split at LF, drop the CR of a CRLF (or before the end), cut long lines greedily by code point.
function referenceLines(bytes: Buffer, maxLineBytes: number): string[] {
  const text = bytes.toString('utf8');
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.flatMap((line) => cutGreedily(line.endsWith('\r') ? line.slice(0, -1) : line, maxLineBytes));
}

function cutGreedily(line: string, maxLineBytes: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const codePoint of line) {
    if (piece !== '' && Buffer.byteLength(piece + codePoint) > maxLineBytes) {
      pieces.push(piece);
      piece = '';
    }
    piece += codePoint;
  }
  pieces.push(piece);
  return pieces;
}

// Bytes that stress the splitter: newlines, CRs, multi-byte characters, invalid and truncated sequences, ANSI codes.
const awkwardBytes = fc.array(fc.oneof(
  fc.constantFrom('\n', '\r\n', '\r', '€', 'é', '😀', '\u001b[31m', 'plain text ', '{"level":30,"msg":"hi"}').map((text) => Buffer.from(text)),
  fc.constantFrom([0xff], [0xe2, 0x82], [0xf0, 0x9f], [0xc3], [0x80], [0xed, 0xa0, 0x80]).map((bytes) => Buffer.from(bytes)),
  fc.uint8Array({ maxLength: 12 }).map((bytes) => Buffer.from(bytes)),
), { maxLength: 40 }).map((parts) => Buffer.concat(parts));

describe('LineSplitter', () => {
  it('splits on LF and CRLF and keeps ANSI codes and lone CRs', () => {
    expect(linesOf([Buffer.from('one\r\ntwo\n\u001b[32mgreen\u001b[39m\nprogress 10%\rprogress 20%\n')])).toEqual(['one', 'two', '\u001b[32mgreen\u001b[39m', 'progress 10%\rprogress 20%']);
  });

  it('keeps empty lines and gives the unfinished last line on flush', () => {
    expect(linesOf([Buffer.from('a\n\n\nb')])).toEqual(['a', '', '', 'b']);
    expect(linesOf([Buffer.from('tail without newline\r')])).toEqual(['tail without newline']);
    expect(linesOf([])).toEqual([]);
  });

  it('joins a line split across chunks, including a CRLF and a multi-byte character cut in half', () => {
    const euro = Buffer.from('€');
    const chunks = [Buffer.from('pri'), Buffer.from('ce: 5'), euro.subarray(0, 1), euro.subarray(1), Buffer.from('\r'), Buffer.from('\nnext\n')];
    expect(linesOf(chunks)).toEqual(['price: 5€', 'next']);
  });

  it('decodes invalid UTF-8 as U+FFFD, the same however it is chunked', () => {
    const bytes = Buffer.from([0x61, 0xe2, 0x82, 0x0a, 0xff, 0x62, 0x0a, 0xf0, 0x9f]);
    expect(linesOf([bytes])).toEqual(['a\ufffd', '\ufffdb', '\ufffd']);
    expect(linesOf([...bytes].map((byte) => Buffer.from([byte])))).toEqual(['a\ufffd', '\ufffdb', '\ufffd']);
  });

  it('gives a line longer than the limit in pieces, cut between characters', () => {
    expect(linesOf([Buffer.from('abcdefghij\nxy\n')], 4)).toEqual(['abcd', 'efgh', 'ij', 'xy']);
    expect(linesOf([Buffer.from('😀😀😀\n')], 9)).toEqual(['😀😀', '😀']);
    expect(linesOf([Buffer.from('abcd\r\n')], 4)).toEqual(['abcd']);
  });

  it('gives out a 10 MB line without newline as it arrives, holding no more than the limit plus one chunk', () => {
    let pieces = 0;
    let longestPiece = 0;
    const splitter = new LineSplitter((block) => {
      for (const piece of splitBlock(textOf(block))) {
        pieces++;
        longestPiece = Math.max(longestPiece, Buffer.byteLength(piece));
      }
    });
    const chunk = Buffer.alloc(64 * 1024, 'x');
    for (let sent = 0; sent < 10 * 1024 * 1024; sent += chunk.length) {
      splitter.push(chunk);
      expect(splitter.pendingChars).toBeLessThanOrEqual(DEFAULT_MAX_LINE_BYTES + chunk.length);
    }
    expect(pieces).toBe(159);
    splitter.flush();
    expect(pieces).toBe(160);
    expect(longestPiece).toBe(DEFAULT_MAX_LINE_BYTES);
  });

  it('redacts a secret before cutting a long line, so no piece holds part of it, however the line arrives (fast-check)', () => {
    const secret = 'db-pa55word-0123456789';
    const redactor = createRedactor([secret]);
    const maxLineBytes = 16;
    // Filler before the secret puts it across any cut; a newline or none at the end (flush gives the last line).
    const input = fc.tuple(fc.nat({ max: 40 }), fc.nat({ max: 20 }), fc.boolean()).map(([before, after, newline]) => `${'x'.repeat(before)}${secret}${'y'.repeat(after)}${newline ? '\n' : ''}`);
    fc.assert(fc.property(input, fc.array(fc.nat(), { maxLength: 10 }), (text, cuts) => {
      const blocks: string[] = [];
      const splitter = new LineSplitter((block) => blocks.push(textOf(block)), { maxLineBytes, redactor: () => redactor });
      for (const chunk of chunked(Buffer.from(text), cuts)) splitter.push(chunk);
      splitter.flush();
      const pieces = blocks.flatMap(splitBlock);
      expect(pieces.join('')).toBe(text.replace(secret, '***').replace('\n', ''));
      for (const piece of pieces) expect(Buffer.byteLength(piece)).toBeLessThanOrEqual(maxLineBytes);
    }), { numRuns: 500 });
  });

  it('refuses a limit too small to hold one character', () => {
    expect(() => new LineSplitter(() => {}, { maxLineBytes: 3 })).toThrow(RangeError);
  });

  it('gives the same lines for any chunking of any bytes as for the whole input at once, none over the limit (fast-check)', () => {
    const limit = fc.oneof(fc.integer({ min: 4, max: 24 }), fc.constant(DEFAULT_MAX_LINE_BYTES));
    fc.assert(fc.property(awkwardBytes, fc.array(fc.nat(), { maxLength: 12 }), limit, (bytes, cuts, maxLineBytes) => {
      const whole = linesOf([bytes], maxLineBytes);
      expect(linesOf(chunked(bytes, cuts), maxLineBytes)).toEqual(whole);
      for (const line of whole) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(maxLineBytes);
    }), { numRuns: 500 });
  });

  it('matches the plain definition: decode, split at LF, drop the CR of CRLF, cut greedily (fast-check)', () => {
    fc.assert(fc.property(awkwardBytes, fc.array(fc.nat(), { maxLength: 8 }), fc.integer({ min: 4, max: 24 }), (bytes, cuts, maxLineBytes) => {
      expect(linesOf(chunked(bytes, cuts), maxLineBytes)).toEqual(referenceLines(bytes, maxLineBytes));
    }), { numRuns: 500 });
  });

  it('handles long lines of random bytes crossing many chunks like the whole input (fast-check)', () => {
    const longInput = fc.array(fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 300 }).map((bytes) => Buffer.from(bytes)), fc.constant(Buffer.from('\n'))), { maxLength: 12 })
      .map((parts) => Buffer.concat(parts));
    fc.assert(fc.property(longInput, fc.array(fc.nat(), { maxLength: 30 }), fc.integer({ min: 4, max: 100 }), (bytes, cuts, maxLineBytes) => {
      expect(linesOf(chunked(bytes, cuts), maxLineBytes)).toEqual(referenceLines(bytes, maxLineBytes));
    }), { numRuns: 300 });
  });
});

describe('LineSplitter: the whole lines of a chunk, given as bytes', () => {
  const secret = 'pa55-€-secret';
  const redactor = createRedactor([secret, 'token-0123456789']);
  // Lines that take every way: plain, with a secret (whole or cut by a chunk), a CR, multi-byte characters, invalid bytes, over the limit.
  const lineBytes = fc.oneof(
    fc.constantFrom('plain line', `key=${secret} ok`, 'a token-0123456789 and more', 'progress\r50%', 'crlf\r', 'émoji 😀', '\u001b[32minfo\u001b[39m', '')
      .map((text) => Buffer.from(`${text}\n`)),
    fc.integer({ min: 10, max: 60 }).map((length) => Buffer.from(`${'L'.repeat(length)}\n`)),
    fc.uint8Array({ maxLength: 6 }).map((bytes) => Buffer.concat([Buffer.from(bytes), Buffer.from('\n')])),
  );
  const input = fc.array(lineBytes, { maxLength: 30 }).chain((lines) => fc.tuple(fc.constant(Buffer.concat(lines)), fc.array(fc.nat(), { maxLength: 8 })));

  // Fed one byte at a time no chunk holds a whole line of its own: every line takes the decoded, redacted, re-encoded way.
  function run(chunks: Buffer[], maxLineBytes: number) {
    const blocks: { block: string; asBytes: boolean; validUtf8: boolean }[] = [];
    const splitter = new LineSplitter((block) => blocks.push({ block: textOf(block), asBytes: typeof block !== 'string', validUtf8: typeof block === 'string' || isUtf8(block) }), { maxLineBytes, redactor: () => redactor });
    for (const chunk of chunks) splitter.push(chunk);
    splitter.flush();
    return blocks;
  }

  it('gives the same lines as the byte-by-byte way, secrets masked in bytes as in text (fast-check)', () => {
    let asBytes = 0;
    let maskedInBytes = 0;
    fc.assert(fc.property(input, fc.constantFrom(24, 40, DEFAULT_MAX_LINE_BYTES), ([bytes, cuts], maxLineBytes) => {
      const fast = run(chunked(bytes, cuts), maxLineBytes);
      const slow = run([...bytes].map((byte) => Buffer.from([byte])), maxLineBytes);
      expect(fast.flatMap(({ block }) => splitBlock(block))).toEqual(slow.flatMap(({ block }) => splitBlock(block)));
      for (const { block, asBytes: given, validUtf8 } of fast) {
        if (!given) continue;
        asBytes++;
        if (block.includes('***')) maskedInBytes++;
        expect(validUtf8).toBe(true);
        expect(block).not.toContain(secret);
        expect(block).not.toContain('\r');
      }
    }), { numRuns: 800 });
    // The bytes' way was taken, with and without a secret to mask, not only the text's.
    expect(asBytes).toBeGreaterThan(100);
    expect(maskedInBytes).toBeGreaterThan(5);
  });

  it('gives plain lines and lines with a secret as bytes (masked), and lines with a CR, invalid UTF-8 or one over the limit as text', () => {
    const bytesGiven = (text: string | Buffer, maxLineBytes = DEFAULT_MAX_LINE_BYTES) => run([Buffer.concat([Buffer.from('first\n'), Buffer.from(text), Buffer.from('last')])], maxLineBytes)
      .filter(({ asBytes }) => asBytes).map(({ block }) => block);
    expect(bytesGiven('one\ntwo €\n')).toEqual(['one\ntwo €\n']);
    expect(bytesGiven(`one\n${secret} and token-0123456789\n`)).toEqual(['one\n*** and ***\n']);
    expect(bytesGiven('one\r\ntwo\n')).toEqual([]);
    expect(bytesGiven(Buffer.from([0x61, 0xff, 0x0a]))).toEqual([]);
    expect(bytesGiven('0123456789\n', 8)).toEqual([]);
  });

  it('measures again a line a mask made longer (a redactor for short secrets), and cuts it as text', () => {
    const blocks: string[] = [];
    const shortSecrets = createRedactor(['ab'], { minLength: 1 });
    const splitter = new LineSplitter((block) => blocks.push(textOf(block)), { maxLineBytes: 6, redactor: () => shortSecrets });
    splitter.push(Buffer.from('x\nababab\ny'));
    splitter.flush();
    expect(blocks.flatMap(splitBlock)).toEqual(['x', '******', '***', 'y']);
  });

  it('masks a secret cut by a chunk boundary exactly as the text of the whole input is masked, any chunking (fast-check)', () => {
    // Secrets of every UTF-8 length, lines that hold them (or parts, or several), cut anywhere: inside a secret, inside a character.
    const secrets = ['bench-secret-token-0123456789', 'pässwörd-€-12', 'key😀😀x', 'token-0123456789'];
    const hub = createRedactor(secrets);
    const piece = fc.oneof(fc.constantFrom(...secrets), fc.constantFrom('bench-secret-', 'token-', '😀', 'é', ' ', '\u001b[32m', 'x'), fc.string({ maxLength: 8 }).map((text) => text.replace(/[\r\n]/g, '')));
    const line = fc.array(piece, { maxLength: 8 }).map((pieces) => `${pieces.join('')}\n`);
    fc.assert(fc.property(fc.array(line, { minLength: 1, maxLength: 20 }), fc.array(fc.nat(), { maxLength: 12 }), (lines, cuts) => {
      const bytes = Buffer.from(lines.join(''));
      const blocks: string[] = [];
      const splitter = new LineSplitter((block) => blocks.push(textOf(block)), { redactor: () => hub });
      for (const chunk of chunked(bytes, cuts)) splitter.push(chunk);
      splitter.flush();
      // The old way: the whole input decoded to text and masked line by line with the string redactor.
      expect(blocks.flatMap(splitBlock)).toEqual(lines.map((text) => hub.redact(text.slice(0, -1))));
    }), { numRuns: 1000 });
  });
});

describe('textToBlock and splitBlock', () => {
  it('turns launcher text into a block of lines', () => {
    expect(textToBlock('exited with code 1')).toBe('exited with code 1\n');
    expect(textToBlock('last stderr:\r\nError: boom\n')).toBe('last stderr:\nError: boom\n');
    expect(textToBlock('')).toBe('\n');
    expect(splitBlock(textToBlock('abcdefghij', 4))).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('splits a block back into its lines', () => {
    expect(splitBlock('a\n\nb\n')).toEqual(['a', '', 'b']);
    expect(splitBlock('')).toEqual([]);
  });
});
