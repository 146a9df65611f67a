import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../shared/config/testing/temp-dir.ts';
import { notWrittenMarker, RotatingFile } from './rotating-file.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function tempDir(): string {
  const { dir, cleanup } = makeTempDir();
  cleanups.push(cleanup);
  return dir;
}

const numbered = (from: number, count: number) => Array.from({ length: count }, (_, index) => `line ${String(from + index).padStart(6, '0')}\n`).join('');

// Every file of the log, oldest first: <path>.<keep> ... <path>.1, <path>.
function readAll(path: string, keep: number): string {
  let text = '';
  for (let index = keep; index >= 1; index--) if (existsSync(`${path}.${index}`)) text += readFileSync(`${path}.${index}`, 'utf8');
  return text + (existsSync(path) ? readFileSync(path, 'utf8') : '');
}

describe('RotatingFile', () => {
  it('creates its folder on demand and appends lines', async () => {
    const path = join(tempDir(), 'state', 'logs', 'api.log');
    const file = new RotatingFile(path);
    file.append('hello\n', 1);
    file.append('world\n\u001b[31mred\u001b[39m\n', 2);
    await file.close();
    expect(readFileSync(path, 'utf8')).toBe('hello\nworld\n\u001b[31mred\u001b[39m\n');
    expect([file.errors, file.linesNotWritten]).toEqual([0, 0]);
  });

  it('rotates before passing the size, cutting between lines, and loses nothing while files are kept', async () => {
    const path = join(tempDir(), 'api.log');
    const file = new RotatingFile(path, { maxBytes: 1_000, keep: 100 });
    for (let index = 0; index < 2_000; index += 50) {
      file.append(numbered(index, 50), 50);
      if (index % 200 === 0) await file.flush();
    }
    await file.close();
    expect(readAll(path, 100)).toBe(numbered(0, 2_000));
    const files = readdirSync(join(path, '..'));
    for (const name of files) expect(statSync(join(path, '..', name)).size).toBeLessThanOrEqual(1_000);
    expect(file.rotations).toBe(files.length - 1);
    expect(files.length).toBe(Math.ceil((2_000 * 12) / 996));
  });

  it('writes lines that wrap around its pending buffer whole and in order', async () => {
    const path = join(tempDir(), 'api.log');
    const file = new RotatingFile(path, { maxBytes: 1_000, keep: 100, maxPendingBytes: 100 });
    const expected = numbered(0, 2_000);
    for (let index = 0; index < 2_000; index++) {
      if (file.pendingBytes + 12 > 100) await file.flush();
      file.append(numbered(index, 1), 1);
    }
    await file.close();
    expect(file.linesNotWritten).toBe(0);
    expect(readAll(path, 100)).toBe(expected);
    for (const name of readdirSync(join(path, '..'))) expect(statSync(join(path, '..', name)).size).toBeLessThanOrEqual(1_000);
  });

  it('keeps only the newest N rotated files', async () => {
    const path = join(tempDir(), 'api.log');
    const file = new RotatingFile(path, { maxBytes: 120, keep: 2 });
    file.append(numbered(0, 100), 100);
    await file.close();
    expect(readdirSync(join(path, '..')).sort()).toEqual(['api.log', 'api.log.1', 'api.log.2']);
    const kept = readAll(path, 2);
    expect(numbered(0, 100).endsWith(kept)).toBe(true);
    expect(kept).toContain('line 000099');
  });

  it('with keep 0 starts the file afresh', async () => {
    const path = join(tempDir(), 'api.log');
    const file = new RotatingFile(path, { maxBytes: 24, keep: 0 });
    file.append(numbered(0, 5), 5);
    await file.close();
    expect(readdirSync(join(path, '..'))).toEqual(['api.log']);
    expect(readFileSync(path, 'utf8')).toBe(numbered(4, 1));
  });

  it('counts an existing file against the size and gives a line longer than a file a file of its own', async () => {
    const dir = tempDir();
    const path = join(dir, 'api.log');
    writeFileSync(path, 'x'.repeat(90) + '\n');
    const file = new RotatingFile(path, { maxBytes: 100, keep: 5 });
    file.append('short\n', 1);
    file.append(`${'y'.repeat(250)}\n`, 1);
    file.append('after\n', 1);
    await file.close();
    expect(readFileSync(`${path}.2`, 'utf8')).toBe(`${'x'.repeat(90)}\nshort\n`);
    expect(readFileSync(`${path}.1`, 'utf8')).toBe(`${'y'.repeat(250)}\n`);
    expect(readFileSync(path, 'utf8')).toBe('after\n');
  });

  it('stays bounded under a flood, drops what the disk cannot take, and writes one marker when it catches up', async () => {
    const path = join(tempDir(), 'api.log');
    const file = new RotatingFile(path, { maxBytes: 64 * 1024 * 1024, maxPendingBytes: 1024 * 1024 });
    const block = numbered(0, 1_000);
    for (let round = 0; round < 4_000; round++) {
      file.append(block, 1_000);
      expect(file.pendingBytes).toBeLessThanOrEqual(1024 * 1024);
    }
    await file.flush();
    const text = readFileSync(path, 'utf8');
    const markers = text.match(/\[stackdeck: (\d+) lines not written\]/g) ?? [];
    expect(markers).toEqual([notWrittenMarker(file.linesNotWritten).trimEnd()]);
    expect(file.linesNotWritten).toBeGreaterThan(3_000_000);
    const written = text.split('\n').length - 1 - markers.length;
    expect(written + file.linesNotWritten).toBe(4_000_000);
    // The marker sits where the gap is: after the last line written before the drop.
    expect(text.endsWith(notWrittenMarker(file.linesNotWritten))).toBe(true);
    await file.close();
  });

  it('puts the marker exactly where the gap is', async () => {
    const path = join(tempDir(), 'api.log');
    const file = new RotatingFile(path, { maxPendingBytes: 64 });
    // Bytes wait (counted) until written: the first two appends fill what may wait, the next two are dropped.
    file.append('first\n', 1);
    file.append(`${'x'.repeat(49)}\n`, 1);
    file.append('dropped-line\n', 1);
    file.append('dropped-line\n', 1);
    await file.flush();
    file.append('next\n', 1);
    await file.close();
    expect(readFileSync(path, 'utf8')).toBe(`first\n${'x'.repeat(49)}\n[stackdeck: 2 lines not written]\nnext\n`);
    expect(file.linesNotWritten).toBe(2);
  });

  it('writes no faster than its rate, and on close writes what is queued at once', async () => {
    const path = join(tempDir(), 'api.log');
    const file = new RotatingFile(path, { maxBytesPerSecond: 200 });
    const lines = numbered(0, 100);
    file.append(lines, 100);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The first 200 bytes' worth of whole lines went at once; the next batch waits about a second.
    expect(existsSync(path) ? statSync(path).size : 0).toBeLessThanOrEqual(200);
    expect(file.pendingBytes).toBeGreaterThan(0);
    await file.close();
    expect(readFileSync(path, 'utf8')).toBe(lines);
  });

  it('never throws when the disk refuses: it counts the errors and the lines', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'not-a-folder'), '');
    const file = new RotatingFile(join(dir, 'not-a-folder', 'logs', 'api.log'));
    expect(() => file.append('a\nb\n', 2)).not.toThrow();
    await file.flush();
    file.append('c\n', 1);
    await expect(file.close()).resolves.toBeUndefined();
    // The second attempt carries the marker for the first two lines, then 'c': it fails too, and nothing is counted twice.
    expect(file.errors).toBe(2);
    expect(file.linesNotWritten).toBe(3);
    expect(file.lastError).toMatch(/ENOTDIR|EEXIST/);
  });

  it('ignores appends after close', async () => {
    const path = join(tempDir(), 'api.log');
    const file = new RotatingFile(path);
    file.append('kept\n', 1);
    await file.close();
    file.append('late\n', 1);
    await file.flush();
    expect(readFileSync(path, 'utf8')).toBe('kept\n');
  });
});
