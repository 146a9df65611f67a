import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CircularBytes } from './circular-bytes.ts';
import { TokenBucket } from './token-bucket.ts';

export const DEFAULT_FILE_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_FILE_KEEP = 3;
// What may wait for the disk before lines are dropped: a flood costs this much memory, never more.
export const DEFAULT_MAX_PENDING_BYTES = 4 * 1024 * 1024;
// One write call takes at most this much (less when the rate allows less per second).
const BATCH_BYTES = 1024 * 1024;
const NEWLINE = 0x0a;

export interface RotatingFileOptions {
  // A file is rotated before it would grow past this.
  maxBytes?: number;
  // Rotated files kept: <path>.1 (newest) ... <path>.<keep>.
  keep?: number;
  maxPendingBytes?: number;
  // Disk writes per second at most. By default what the files hold (maxBytes x (keep + 1)): writing faster only feeds text that
  // rotates away at once, and under a flood it would burn the CPU the services need (PM2 #1248).
  maxBytesPerSecond?: number;
}

// A marker queued at a virtual offset of the pending bytes, standing for `lines` lines already counted as not written.
interface QueuedMarker {
  offset: number;
  lines: number;
}

// Why: where lines were dropped, the file says how many, once the writer has caught up.
export function notWrittenMarker(lines: number): string {
  return `[stackdeck: ${lines} lines not written]\n`;
}

// Why: a service's log on disk (for after the app closes, for bug reports) must neither block the event loop nor grow without
// bound: writes are asynchronous and batched from one reused buffer, at a bounded rate; the file rotates at a size, and a flood
// the disk (or the rate) cannot absorb is dropped and said so in the file. Nothing here throws to the caller; failures are counted.
export class RotatingFile {
  readonly path: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly pending: CircularBytes;
  private readonly budget: TokenBucket;
  private readonly batchBytes: number;
  // Aborted on close: what is queued then is written without waiting for the rate.
  private readonly closing = new AbortController();
  private markers: QueuedMarker[] = [];
  private droppedSinceMarker = 0;
  private notWritten = 0;
  private errorCount = 0;
  private lastErrorMessage: string | null = null;
  private rotationCount = 0;
  private handle: FileHandle | null = null;
  private size = 0;
  private writing: Promise<void> | null = null;
  private closed = false;

  constructor(path: string, options: RotatingFileOptions = {}) {
    this.path = path;
    this.maxBytes = options.maxBytes ?? DEFAULT_FILE_MAX_BYTES;
    this.keep = options.keep ?? DEFAULT_FILE_KEEP;
    this.pending = new CircularBytes(options.maxPendingBytes ?? DEFAULT_MAX_PENDING_BYTES);
    const perSecond = options.maxBytesPerSecond ?? this.maxBytes * (this.keep + 1);
    this.budget = new TokenBucket(perSecond);
    this.batchBytes = Math.max(1, Math.min(BATCH_BYTES, Math.floor(perSecond)));
  }

  // Why: queues complete lines (ending in '\n') for the disk and returns at once; drops them when too much is already waiting.
  append(data: string | Uint8Array, lines: number): void {
    // The bytes are copied: the caller may reuse its buffer.
    if (this.closed || data.length === 0) return;
    const room = this.pending.maxCapacity - this.pending.length;
    // Under a flood this is the common case: decided before any allocation.
    if (data.length > room) return this.drop(lines);
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    const marker = this.droppedSinceMarker > 0 ? Buffer.from(notWrittenMarker(this.droppedSinceMarker)) : null;
    if (bytes.length + (marker?.length ?? 0) > room) return this.drop(lines);
    if (marker) this.queueMarker(marker);
    this.pending.push(bytes);
    this.startWriting();
  }

  // Why: resolves when everything queued so far is on disk (or counted as failed), written at the allowed rate.
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  // Why: the launcher stops: write what is queued at once, close the file; later appends are ignored.
  async close(): Promise<void> {
    this.closing.abort();
    await this.flush();
    this.closed = true;
    await this.closeHandle();
  }

  // Lines dropped or lost to errors, in total.
  get linesNotWritten(): number {
    return this.notWritten;
  }

  get errors(): number {
    return this.errorCount;
  }

  get lastError(): string | null {
    return this.lastErrorMessage;
  }

  get rotations(): number {
    return this.rotationCount;
  }

  // Bytes waiting for the disk, including those being written.
  get pendingBytes(): number {
    return this.pending.length;
  }

  private drop(lines: number): void {
    this.droppedSinceMarker += lines;
    this.notWritten += lines;
  }

  private queueMarker(marker: Buffer): void {
    this.markers.push({ offset: this.pending.end, lines: this.droppedSinceMarker });
    this.droppedSinceMarker = 0;
    this.pending.push(marker);
  }

  private startWriting(): void {
    if (this.writing) return;
    this.writing = this.writeQueued()
      .catch((error: unknown) => this.countFailure(error, 0))
      .then(() => {
        this.writing = null;
        if (this.pending.length > 0) this.startWriting();
      });
  }

  private async writeQueued(): Promise<void> {
    while (this.pending.length > 0) {
      const start = this.pending.start;
      const batch = this.nextBatch();
      for (let wait = this.budget.take(batch.length); wait > 0 && !this.closing.signal.aborted; wait = this.budget.take(batch.length)) {
        await sleep(wait, undefined, { signal: this.closing.signal }).catch(() => {});
      }
      const written = await this.writeRotating(batch);
      this.settleMarkers(start + written, start + batch.length);
      this.pending.dropTo(start + batch.length);
      // Caught up after a drop: say so now rather than at the next line, which may never come.
      if (written === batch.length && this.pending.length === 0 && this.droppedSinceMarker > 0) {
        const marker = Buffer.from(notWrittenMarker(this.droppedSinceMarker));
        if (marker.length <= this.pending.maxCapacity) this.queueMarker(marker);
      }
    }
  }

  // Whole lines from the oldest pending byte: a view of the buffer when they lie in one piece, a copy when they wrap.
  private nextBatch(): Buffer {
    const start = this.pending.start;
    const view = this.pending.contiguousFrom(start);
    const lastNewline = view.subarray(0, Math.min(view.length, this.batchBytes)).lastIndexOf(NEWLINE);
    if (lastNewline !== -1) return view.subarray(0, lastNewline + 1);
    const newline = this.pending.indexOf(NEWLINE, start);
    return this.pending.read(start, (newline === -1 ? this.pending.end : newline + 1) - start);
  }

  // Markers before writtenEnd are on disk; those between writtenEnd and end failed with their batch: the failure counted their
  // own line, but what they stood for is owed to the next marker instead.
  private settleMarkers(writtenEnd: number, end: number): void {
    while (this.markers.length > 0 && (this.markers[0]?.offset ?? end) < end) {
      const marker = this.markers.shift();
      if (marker && marker.offset >= writtenEnd) {
        this.droppedSinceMarker += marker.lines - 1;
        this.notWritten -= 1;
      }
    }
  }

  // Writes whole lines, rotating before a file would pass maxBytes; returns the bytes written, less than all when it failed
  // (the failure is counted).
  private async writeRotating(buffer: Buffer): Promise<number> {
    let offset = 0;
    try {
      while (offset < buffer.length) {
        if (!this.handle) await this.openFile();
        const room = this.maxBytes - this.size;
        let end = buffer.length;
        if (end - offset > room) {
          const lastFittingNewline = room > 0 ? buffer.lastIndexOf(NEWLINE, offset + room - 1) : -1;
          if (lastFittingNewline >= offset) end = lastFittingNewline + 1;
          else if (this.size > 0) {
            await this.rotate();
            continue;
          } else {
            // One line longer than a whole file: it gets a file of its own.
            const newline = buffer.indexOf(NEWLINE, offset);
            end = newline === -1 ? buffer.length : newline + 1;
          }
        }
        await this.writeFully(buffer.subarray(offset, end));
        offset = end;
      }
    } catch (error) {
      this.countFailure(error, countNewlines(buffer, offset));
      await this.closeHandle();
    }
    return offset;
  }

  private async writeFully(part: Buffer): Promise<void> {
    const handle = this.handle;
    if (!handle) throw new Error('the log file is not open');
    for (let done = 0; done < part.length;) {
      const { bytesWritten } = await handle.write(part, done, part.length - done, null);
      done += bytesWritten;
      this.size += bytesWritten;
    }
  }

  private async openFile(): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const handle = await open(this.path, 'a');
    try {
      this.size = (await handle.stat()).size;
    } catch (error) {
      await handle.close().catch(() => {});
      throw error;
    }
    this.handle = handle;
  }

  // <path> becomes <path>.1, <path>.1 becomes <path>.2, ...; the oldest beyond `keep` is overwritten.
  private async rotate(): Promise<void> {
    await this.closeHandle();
    if (this.keep <= 0) await rm(this.path, { force: true });
    else {
      for (let index = this.keep - 1; index >= 1; index--) await renameIfPresent(`${this.path}.${index}`, `${this.path}.${index + 1}`);
      await renameIfPresent(this.path, `${this.path}.1`);
    }
    this.size = 0;
    this.rotationCount++;
  }

  private async closeHandle(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    if (handle) await handle.close().catch((error: unknown) => this.countFailure(error, 0));
  }

  private countFailure(error: unknown, lines: number): void {
    this.errorCount++;
    this.lastErrorMessage = error instanceof Error ? error.message : String(error);
    this.notWritten += lines;
    this.droppedSinceMarker += lines;
  }
}

async function renameIfPresent(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function countNewlines(buffer: Buffer, from: number): number {
  let count = 0;
  for (let index = buffer.indexOf(NEWLINE, from); index !== -1; index = buffer.indexOf(NEWLINE, index + 1)) count++;
  return count;
}
