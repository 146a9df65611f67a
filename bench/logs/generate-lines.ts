// bench/logs: a child that writes log lines (~100 bytes, half plain with ANSI colour, half pino JSON) to stdout as fast as it
// can, then records when it started and finished writing. Usage: node generate-lines.ts <bytes> [times.json]
import { writeFileSync, writeSync } from 'node:fs';
import { buildBlock, plannedBytes } from './log-lines.ts';

const total = Number(process.argv[2] ?? 0);
const timesFile = process.argv[3];
if (!Number.isFinite(total) || total <= 0) {
  process.stderr.write('usage: node generate-lines.ts <bytes> [times.json]\n');
  process.exit(2);
}

// Writes all of part to stdout, waiting briefly when a non-blocking pipe is full.
function writeAll(part: Buffer): void {
  for (let offset = 0; offset < part.length;) {
    try {
      offset += writeSync(1, part, offset, part.length - offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}

const block = buildBlock();
const planned = plannedBytes(total, block);
const startedAt = performance.timeOrigin + performance.now();
let written = 0;
try {
  while (written < planned) {
    const size = Math.min(block.length, planned - written);
    writeAll(block.subarray(0, size));
    written += size;
  }
} catch (error) {
  if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
}
const endedAt = performance.timeOrigin + performance.now();
if (timesFile) writeFileSync(timesFile, JSON.stringify({ startedAt, endedAt, bytes: written }));
