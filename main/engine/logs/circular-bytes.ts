// Where storage starts before it is needed bigger: a quiet service costs little.
const INITIAL_CAPACITY = 64 * 1024;

// Why: log text kept as bytes in one buffer that is reused, not as strings: under a flood nothing is left for the garbage
// collector to promote, so memory stays flat. Bytes are addressed by "virtual" offsets that only grow; the buffer grows
// (doubling) up to maxCapacity and never shrinks.
export class CircularBytes {
  readonly maxCapacity: number;
  private buffer: Buffer;
  private startOffset = 0;
  private endOffset = 0;

  constructor(maxCapacity: number) {
    this.maxCapacity = maxCapacity;
    this.buffer = Buffer.allocUnsafeSlow(Math.min(INITIAL_CAPACITY, maxCapacity));
  }

  // Virtual offset of the oldest byte held.
  get start(): number {
    return this.startOffset;
  }

  // Virtual offset just past the newest byte.
  get end(): number {
    return this.endOffset;
  }

  get length(): number {
    return this.endOffset - this.startOffset;
  }

  // Bytes allocated now.
  get capacity(): number {
    return this.buffer.length;
  }

  // Why: appends bytes at the end; the caller has made room (length + bytes.length <= maxCapacity).
  push(bytes: Uint8Array): void {
    const needed = this.length + bytes.length;
    if (needed > this.maxCapacity) throw new RangeError(`no room for ${bytes.length} bytes (${this.length} of ${this.maxCapacity} held)`);
    if (needed > this.buffer.length) this.grow(needed);
    this.copyIn(bytes, this.endOffset);
    this.endOffset += bytes.length;
  }

  // Why: forgets the bytes before a virtual offset (the oldest lines), making room.
  dropTo(offset: number): void {
    this.startOffset = Math.min(this.endOffset, Math.max(this.startOffset, offset));
  }

  // Why: bytes are written to a file from a view (no copy): from offset up to the end or to where the buffer wraps.
  contiguousFrom(offset: number): Buffer {
    // The view stays valid while those bytes are held, even if the buffer grows meanwhile.
    const capacity = this.buffer.length;
    const position = offset % capacity;
    return this.buffer.subarray(position, Math.min(capacity, position + (this.endOffset - offset)));
  }

  // Why: a copy of bytes that may wrap around the end of the buffer.
  read(offset: number, length: number): Buffer {
    const capacity = this.buffer.length;
    const position = offset % capacity;
    if (position + length <= capacity) return Buffer.from(this.buffer.subarray(position, position + length));
    return Buffer.concat([this.buffer.subarray(position), this.buffer.subarray(0, length - (capacity - position))]);
  }

  // Why: a line is read back as text only when someone asks for it.
  toString(offset: number, length: number): string {
    const capacity = this.buffer.length;
    const position = offset % capacity;
    if (position + length <= capacity) return this.buffer.toString('utf8', position, position + length);
    return this.read(offset, length).toString('utf8');
  }

  // Virtual offset of the first `byte` at or after offset, or -1.
  indexOf(byte: number, offset: number): number {
    const capacity = this.buffer.length;
    const position = offset % capacity;
    const firstPart = Math.min(capacity - position, this.endOffset - offset);
    const found = this.buffer.subarray(position, position + firstPart).indexOf(byte);
    if (found !== -1) return offset + found;
    const rest = this.endOffset - offset - firstPart;
    if (rest <= 0) return -1;
    const wrapped = this.buffer.subarray(0, rest).indexOf(byte);
    return wrapped === -1 ? -1 : offset + firstPart + wrapped;
  }

  private copyIn(bytes: Uint8Array, offset: number): void {
    const capacity = this.buffer.length;
    const position = offset % capacity;
    const firstPart = Math.min(bytes.length, capacity - position);
    this.buffer.set(firstPart === bytes.length ? bytes : bytes.subarray(0, firstPart), position);
    if (firstPart < bytes.length) this.buffer.set(bytes.subarray(firstPart), 0);
  }

  private grow(needed: number): void {
    let capacity = this.buffer.length;
    while (capacity < needed) capacity *= 2;
    const held = this.read(this.startOffset, this.length);
    this.buffer = Buffer.allocUnsafeSlow(Math.min(this.maxCapacity, capacity));
    this.copyIn(held, this.startOffset);
  }
}
