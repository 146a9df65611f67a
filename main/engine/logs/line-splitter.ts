import { isUtf8 } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { cutLongLines, hasNoLongLine } from './long-lines.ts';
import type { Redactor } from './redact-secrets.ts';
import { safeLineChars, utf8PrefixEnd } from './utf8-prefix.ts';

export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;
// Every character fits in 4 bytes: with less, a piece could not hold one.
export const MIN_MAX_LINE_BYTES = 4;

const CR = 0x0d;
const NEWLINE = 0x0a;
const CRLF = /\r\n/g;

export interface LineSplitterOptions {
  // A line longer than this in UTF-8 is given in pieces of at most this many bytes.
  maxLineBytes?: number;
  // Applied to whole lines before a long one is cut, so a secret is never split between two pieces (and so missed).
  // Asked at each use: the secrets change when the service restarts with a new config.
  redactor?: () => Redactor;
}

// Receives complete lines packed in a block, each line ending in '\n': as text, or as UTF-8 bytes (valid only during the call)
// for the whole lines of a chunk, which are neither decoded nor encoded again; with bytes, maybe their latin1 reading (one
// character per byte, so its positions are byte offsets), which the listener may use to find the newlines: the reading of the
// bytes before secrets were masked in them when shifts are given (see ByteRedactor), the masks moving what follows them.
export type BlockListener = (block: string | Buffer, asLatin1?: string, shifts?: readonly number[]) => void;

// Why: a child's output arrives in arbitrary chunks; the log shows lines. Lines are emitted packed in "blocks" of complete lines,
// each ending in '\n' (CRLF becomes LF, ANSI codes and lone CRs are kept), secrets masked, so the hub stores a whole chunk's lines
// at once and makes no string per line until someone reads them. A chunk gives up to three blocks: the line it completes (joined
// with what came before, as text), the lines inside it (the chunk's own bytes, secrets masked in the bytes; as text only when a
// CR, invalid UTF-8 or a line over the limit needs the text's way), and pieces of a line that outgrew the limit (text).
export class LineSplitter {
  readonly maxLineBytes: number;
  private readonly safeChars: number;
  private readonly decoder = new StringDecoder('utf8');
  private readonly onBlock: BlockListener;
  private readonly redactor: (() => Redactor) | undefined;
  // The start of a line still waiting for its '\n': never more than maxLineBytes plus one chunk (and the longest secret).
  private pending = '';
  // Where the masks of the last chunk moved its bytes, reused from chunk to chunk.
  private readonly maskShifts: number[] = [];

  constructor(onBlock: BlockListener, options: LineSplitterOptions = {}) {
    this.onBlock = onBlock;
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    if (!Number.isInteger(this.maxLineBytes) || this.maxLineBytes < MIN_MAX_LINE_BYTES) throw new RangeError(`maxLineBytes must be an integer >= ${MIN_MAX_LINE_BYTES}`);
    this.safeChars = safeLineChars(this.maxLineBytes);
    this.redactor = options.redactor;
  }

  // Why: called with every chunk read from a pipe; emits the lines it completes.
  push(chunk: Buffer): void {
    // A chunk is cut at its first and last '\n' bytes (never inside a UTF-8 sequence): the line it completes and the start of
    // the next go through the decoder, which holds characters cut between chunks; the whole lines between are this chunk's own.
    const firstNewline = chunk.indexOf(NEWLINE);
    if (firstNewline === -1) {
      this.pending += this.decoder.write(chunk);
      this.emitPendingPieces();
      return;
    }
    const lastNewline = chunk.lastIndexOf(NEWLINE);
    // A CR byte is a CR character: the bytes answer "any CRLF to normalise?" faster than the string.
    const mayHaveCr = chunk.indexOf(CR) !== -1;
    // The first line ends here: with what came before, and a '\r' held back at the end of pending.
    this.emit(this.pending + this.decoder.write(chunk.subarray(0, firstNewline + 1)), false, true);
    this.pending = '';
    if (lastNewline > firstNewline) this.emitWholeLines(chunk.subarray(firstNewline + 1, lastNewline + 1), mayHaveCr);
    if (lastNewline + 1 < chunk.length) this.pending = this.decoder.write(chunk.subarray(lastNewline + 1));
    this.emitPendingPieces();
  }

  // Why: when the stream ends (the child exited) the last line has no '\n'; it is still a line.
  flush(): void {
    let rest = this.pending + this.decoder.end();
    this.pending = '';
    if (rest.length === 0) return;
    if (rest.charCodeAt(rest.length - 1) === CR) rest = rest.slice(0, -1);
    this.onBlock(cutLongLines(this.redact(`${rest}\n`), this.maxLineBytes));
  }

  // Characters held for an unfinished line: bounded, whatever the input.
  get pendingChars(): number {
    return this.pending.length;
  }

  // Complete lines as text: CRLF normalised, secrets masked, long lines cut. `manyLines` blocks are probed for long lines; a
  // single line is measured.
  private emit(lines: string, manyLines: boolean, mayHaveCr: boolean): void {
    const block = this.redact(mayHaveCr && lines.includes('\r') ? lines.replace(CRLF, '\n') : lines);
    const fits = manyLines ? hasNoLongLine(block, this.safeChars) : block.length - 1 <= this.safeChars;
    this.onBlock(fits ? block : cutLongLines(block, this.maxLineBytes));
  }

  // Whole lines, all in one chunk (the usual case under a flood). With no CR, no line over the limit and valid UTF-8 they stay
  // bytes: secrets are masked in the bytes (the same as in the text, for valid UTF-8), and nothing is decoded.
  private emitWholeLines(bytes: Buffer, mayHaveCr: boolean): void {
    if ((mayHaveCr && bytes.indexOf(CR) !== -1) || !hasNoLongLine(bytes, this.maxLineBytes) || !isUtf8(bytes)) {
      this.emit(bytes.toString('utf8'), true, mayHaveCr);
      return;
    }
    const asLatin1 = bytes.toString('latin1');
    const masked = this.activeRedactor()?.redactBytes(bytes, asLatin1, this.maskShifts) ?? bytes;
    if (masked === bytes) this.onBlock(bytes, asLatin1);
    // A mask shortens a line unless a secret is shorter than it (a redactor made with a small minLength): then measured again.
    // The lines are still found in the reading of the unmasked bytes (no second reading of a chunk): the shifts say where.
    else if (hasNoLongLine(masked, this.maxLineBytes)) this.onBlock(masked, asLatin1, this.maskShifts);
    else this.emit(bytes.toString('utf8'), true, false);
  }

  // A line without '\n' that outgrows the limit is given out piece by piece as it arrives, so it never accumulates.
  // A trailing '\r' is held back: it may be the first half of a CRLF and is not content then.
  // Secrets are redacted before the cut, and the last characters (where a secret may have begun to arrive) are held back.
  private emitPendingPieces(): void {
    if (contentLength(this.pending) <= this.safeChars) return;
    const redactor = this.activeRedactor();
    const pending = redactor ? redactor.redact(this.pending) : this.pending;
    const contentEnd = contentLength(pending);
    const cutLimit = contentEnd - (redactor ? redactor.longest - 1 : 0);
    let pieces = '';
    let start = 0;
    for (;;) {
      const end = utf8PrefixEnd(pending, start, contentEnd, this.maxLineBytes);
      if (end >= contentEnd || end > cutLimit) break;
      pieces += `${pending.slice(start, end)}\n`;
      start = end;
    }
    this.pending = pending.slice(start);
    if (start > 0) this.onBlock(pieces);
  }

  private activeRedactor(): Redactor | undefined {
    const redactor = this.redactor?.();
    return redactor && redactor.size > 0 ? redactor : undefined;
  }

  private redact(text: string): string {
    return this.activeRedactor()?.redact(text) ?? text;
  }
}

// A pending line's content: a trailing '\r' may be the first half of a CRLF, so it does not count yet.
function contentLength(pending: string): number {
  return pending.charCodeAt(pending.length - 1) === CR ? pending.length - 1 : pending.length;
}

// Why: launcher messages (the supervisor's "exited with code 1", several stderr lines) become a block like a child's output.
export function textToBlock(text: string, maxLineBytes = DEFAULT_MAX_LINE_BYTES): string {
  let block = text.includes('\r') ? text.replace(CRLF, '\n') : text;
  if (block.charCodeAt(block.length - 1) === CR) block = block.slice(0, -1);
  if (!block.endsWith('\n')) block += '\n';
  return hasNoLongLine(block, safeLineChars(maxLineBytes)) ? block : cutLongLines(block, maxLineBytes);
}

// Why: the lines of a block as strings, for readers and tests (the hub itself indexes blocks without splitting them).
export function splitBlock(block: string): string[] {
  const lines = block.split('\n');
  lines.pop();
  return lines;
}
