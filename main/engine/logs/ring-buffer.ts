import type { LogLine } from '../../../shared/api/logs.ts';
import { CircularBytes } from './circular-bytes.ts';
import { levelCodeAt, levelFromCode, NO_LEVEL, type LevelCode } from './log-level.ts';

// Tilt keeps 2 MB per resource in memory: enough to scroll back, small enough for many services.
export const DEFAULT_RING_BYTES = 2 * 1024 * 1024;
// What a line costs beyond its text (and newline): its start offset and its packed time, stream and level, two float64s.
// Counted, so a flood of empty lines is bounded too.
export const LINE_OVERHEAD_BYTES = 16;
const INITIAL_LINE_CAPACITY = 1024;
const NEWLINE = 0x0a;
const NO_SHIFTS: readonly number[] = [];

const STREAMS = ['stdout', 'stderr', 'system'] as const satisfies readonly LogLine['stream'][];
export type LogStream = (typeof STREAMS)[number];

// time (whole ms), stream and level in one float64: time * 32 + stream * 8 + level, exact below 2^53 (until the year 280,000).
function packAttributes(time: number, stream: number, level: LevelCode): number {
  return Math.round(time) * 32 + stream * 8 + level;
}

export interface RingBufferOptions {
  // Text bytes (UTF-8, with newlines) plus LINE_OVERHEAD_BYTES per line.
  maxBytes?: number;
}

// Why: a service's recent output for whoever opens its log later (backlog, crash reports, subscribers catching up), bounded in
// bytes whatever it prints. Text is kept as bytes in a reused buffer and turned into LogLines only when read, with the level read
// from the text then; under a flood the work per line is one string indexOf and two numbers. Lines are numbered from 1 per service in
// arrival order; a reader compares numbers to tell what it missed.
export class RingBuffer {
  readonly service: string;
  readonly maxBytes: number;
  private readonly text: CircularBytes;
  private capacity = INITIAL_LINE_CAPACITY;
  // Per line, at slot seq % capacity: where its bytes start (a virtual offset in `text`), and its packed attributes.
  private starts = new Float64Array(INITIAL_LINE_CAPACITY);
  private attributes = new Float64Array(INITIAL_LINE_CAPACITY);
  private oldest = 1;
  private next = 1;
  private droppedLines = 0;

  constructor(service: string, options: RingBufferOptions = {}) {
    this.service = service;
    this.maxBytes = options.maxBytes ?? DEFAULT_RING_BYTES;
    this.text = new CircularBytes(this.maxBytes);
  }

  // Why: numbers and keeps a block's lines (complete lines, each ending in '\n', as UTF-8 bytes); returns the first seq.
  // asLatin1: the same bytes read as latin1, when the caller has it already; or the bytes before secrets were masked in them,
  // read so, with the masks' shifts (see ByteRedactor): the lines are found there, and moved by the shifts.
  append(bytes: Buffer, stream: LogStream, time: number, level: LevelCode = NO_LEVEL, asLatin1?: string, shifts: readonly number[] = NO_SHIFTS): number {
    // The oldest lines go when the ring is over its size, so it always holds the longest run of newest lines that fits; a line
    // too big for the whole ring is numbered and counted as dropped. A level given here (launcher messages) is kept; otherwise
    // a line's level is read from its text when the line is read.
    const firstSeq = this.next;
    if (bytes.length === 0) return firstSeq;
    if (bytes.length + LINE_OVERHEAD_BYTES > this.maxBytes) {
      this.appendInHalves(bytes, stream, time, level);
      return firstSeq;
    }
    // Room for the bytes and at least one line's overhead; then, once the lines are counted, room for all of them.
    this.evictToFit(this.maxBytes - bytes.length - LINE_OVERHEAD_BYTES);
    const base = this.text.end;
    this.text.push(bytes);
    // Each byte read as one character (latin1): the string's indexOf finds the newlines at their byte offsets, much faster than
    // one call into the buffer's indexOf per line.
    const bytesAsText = asLatin1 ?? bytes.toString('latin1');
    // The loop stores where each line starts, nothing else: the block's attributes are filled in after it, in one go.
    let seq = this.next;
    let capacity = this.capacity;
    let slot = seq % capacity;
    // The first seq with no free slot: the arrays grow there.
    let slotsEndAt = this.oldest + capacity;
    let starts = this.starts;
    let start = 0;
    // Where start is in the masked bytes: start plus the shifts of the masks before it.
    let shift = 0;
    let shiftIndex = 0;
    let nextShiftAt = shifts.length > 0 ? (shifts[0] as number) : Infinity;
    let newline = bytesAsText.indexOf('\n');
    while (newline !== -1) {
      if (seq === slotsEndAt) {
        slot = this.grow(seq);
        starts = this.starts;
        capacity = this.capacity;
        slotsEndAt = this.oldest + capacity;
      }
      starts[slot] = base + start + shift;
      seq++;
      if (++slot === capacity) slot = 0;
      start = newline + 1;
      while (nextShiftAt <= start) {
        shift += shifts[shiftIndex + 1] as number;
        shiftIndex += 2;
        nextShiftAt = shiftIndex < shifts.length ? (shifts[shiftIndex] as number) : Infinity;
      }
      newline = bytesAsText.indexOf('\n', start);
    }
    this.fillAttributes(firstSeq, seq, packAttributes(time, STREAMS.indexOf(stream), level));
    this.next = seq;
    this.evictToFit(this.maxBytes);
    return firstSeq;
  }

  // Why: the backlog a log view opens with: the newest n lines, oldest first.
  last(n: number): LogLine[] {
    return this.range(Math.max(this.oldest, this.next - Math.max(0, n)), this.next);
  }

  // Why: a reader that has lines up to seq asks for what came after (and sees from oldestSeq whether it missed some).
  since(seq: number): LogLine[] {
    return this.range(Math.max(this.oldest, seq + 1), this.next);
  }

  // Lines [fromSeq, toSeq) that the ring still holds.
  range(fromSeq: number, toSeq: number): LogLine[] {
    // Each line decoded on its own: a reader may keep a line for long, and then keeps its own string, not a slice of a bigger one.
    const lines: LogLine[] = [];
    for (let seq = Math.max(fromSeq, this.oldest); seq < Math.min(toSeq, this.next); seq++) lines.push(this.lineAt(seq));
    return lines;
  }

  // What a held line counts against the budget (0 when not held).
  lineBytes(seq: number): number {
    if (seq < this.oldest || seq >= this.next) return 0;
    return this.startOf(seq + 1) - this.startOf(seq) + LINE_OVERHEAD_BYTES;
  }

  // Lines dropped from the ring since the service started: shown as "N earlier lines not kept".
  get dropped(): number {
    return this.droppedLines;
  }

  // Lines held now.
  get size(): number {
    return this.next - this.oldest;
  }

  // Bytes counted against maxBytes now.
  get bytes(): number {
    return this.heldBytesFrom(this.oldest);
  }

  // The seq the next line will get.
  get nextSeq(): number {
    return this.next;
  }

  // The seq of the oldest line held (nextSeq when empty).
  get oldestSeq(): number {
    return this.oldest;
  }

  private startOf(seq: number): number {
    return seq >= this.next ? this.text.end : (this.starts[seq % this.capacity] ?? 0);
  }

  private heldBytesFrom(seq: number): number {
    return this.text.end - this.startOf(seq) + (this.next - seq) * LINE_OVERHEAD_BYTES;
  }

  private lineAt(seq: number): LogLine {
    const start = this.startOf(seq);
    const text = this.text.toString(start, this.startOf(seq + 1) - start - 1);
    const attributes = this.attributes[seq % this.capacity] ?? 0;
    const given = attributes % 8;
    return {
      service: this.service,
      seq,
      time: Math.floor(attributes / 32),
      stream: STREAMS[Math.floor(attributes / 8) % 4] ?? 'stdout',
      text,
      level: levelFromCode(given === NO_LEVEL ? levelCodeAt(text, 0, text.length) : given),
    };
  }

  // Drops the oldest lines until what is held counts at most `budget` bytes (found by search: a flood costs no loop per line).
  private evictToFit(budget: number): void {
    if (this.heldBytesFrom(this.oldest) <= budget) return;
    // Galloping first (1, 2, 4... lines past the oldest): a few lines usually go, and then a few steps find them.
    let low = this.oldest;
    let high = this.next;
    for (let step = 1; low + step < high; step *= 2) {
      if (this.heldBytesFrom(low + step) <= budget) {
        high = low + step;
        break;
      }
      low += step;
    }
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if (this.heldBytesFrom(middle) <= budget) high = middle;
      else low = middle + 1;
    }
    this.droppedLines += low - this.oldest;
    this.oldest = low;
    this.text.dropTo(this.startOf(low));
  }

  // A block bigger than the ring (only when the ring is smaller than a chunk): its halves, in order, which ends the same.
  private appendInHalves(bytes: Buffer, stream: LogStream, time: number, level: LevelCode): void {
    let middle = bytes.lastIndexOf(NEWLINE, Math.floor(bytes.length / 2));
    if (middle === -1) middle = bytes.indexOf(NEWLINE);
    if (middle === bytes.length - 1) {
      // One line bigger than the ring: numbered, dropped, and nothing older is kept (the ring holds an unbroken run).
      this.evictToFit(0);
      this.next++;
      this.oldest = this.next;
      this.droppedLines++;
      return;
    }
    for (const half of [bytes.subarray(0, middle + 1), bytes.subarray(middle + 1)]) this.append(half, stream, time, level);
  }

  // The same attributes for lines [fromSeq, toSeq), whose slots are in the arrays already (a native fill, wrapping at the end).
  private fillAttributes(fromSeq: number, toSeq: number, attributes: number): void {
    const from = fromSeq % this.capacity;
    const to = from + (toSeq - fromSeq);
    this.attributes.fill(attributes, from, Math.min(to, this.capacity));
    if (to > this.capacity) this.attributes.fill(attributes, 0, to - this.capacity);
  }

  // Doubles the line arrays, keeping held lines at their slots; returns the slot for seq.
  private grow(seq: number): number {
    const capacity = this.capacity * 2;
    const starts = new Float64Array(capacity);
    const attributes = new Float64Array(capacity);
    for (let held = this.oldest; held < seq; held++) {
      starts[held % capacity] = this.starts[held % this.capacity] ?? 0;
      attributes[held % capacity] = this.attributes[held % this.capacity] ?? 0;
    }
    this.starts = starts;
    this.attributes = attributes;
    this.capacity = capacity;
    return seq % capacity;
  }
}
