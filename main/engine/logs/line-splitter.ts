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

// Receives complete lines packed in a block: one string of lines, each ending in '\n'; and their UTF-8 when the splitter has
// it already (the chunk's own bytes, valid only during the call), so the listener need not encode the text again.
export type BlockListener = (block: string, bytes?: Buffer) => void;

// Why: a child's output arrives in arbitrary chunks; the log shows lines. Lines are emitted packed in "blocks": strings holding
// complete lines, each ending in '\n' (CRLF becomes LF, ANSI codes and lone CRs are kept), so the hub redacts and stores a whole
// chunk's lines with one regular-expression pass and no string per line until someone reads them. A chunk gives up to three
// blocks: the line it completes (joined with what came before), the lines inside it (a view of the decoded chunk, not a copy),
// and pieces of a line that outgrew the limit.
export class LineSplitter {
  readonly maxLineBytes: number;
  private readonly safeChars: number;
  private readonly decoder = new StringDecoder('utf8');
  private readonly onBlock: BlockListener;
  private readonly redactor: (() => Redactor) | undefined;
  // The start of a line still waiting for its '\n': never more than maxLineBytes plus one chunk (and the longest secret).
  private pending = '';

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

  // Complete lines: CRLF normalised, long lines cut. `manyLines` blocks are probed for long lines; a single line is measured.
  // `bytes`, when given, are the lines' own UTF-8, already known to hold no CR and no line over the limit (and redaction only
  // shortens a line: a secret has at least MIN_SECRET_LENGTH characters, its mask fewer).
  private emit(lines: string, manyLines: boolean, mayHaveCr: boolean, bytes?: Buffer): void {
    const block = this.redact(mayHaveCr && lines.includes('\r') ? lines.replace(CRLF, '\n') : lines);
    if (bytes) return this.onBlock(block, block === lines ? bytes : undefined);
    const fits = manyLines ? hasNoLongLine(block, this.safeChars) : block.length - 1 <= this.safeChars;
    this.onBlock(fits ? block : cutLongLines(block, this.maxLineBytes));
  }

  // Whole lines, all in one chunk (the usual case under a flood). When nothing in them changes (no CR, no secret, no line over
  // the limit, valid UTF-8) their own bytes go on with the text, so the hub stores and writes them without encoding again.
  private emitWholeLines(bytes: Buffer, mayHaveCr: boolean): void {
    const text = bytes.toString('utf8');
    if ((mayHaveCr && bytes.indexOf(CR) !== -1) || !hasNoLongLine(bytes, this.maxLineBytes) || !isUtf8(bytes)) this.emit(text, true, mayHaveCr);
    else this.emit(text, true, false, bytes);
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
