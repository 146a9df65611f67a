import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../shared/config/testing/temp-dir.ts';
import { DEFAULT_BOUNDS, loadWindowBounds, saveWindowBounds } from './window-state.ts';

const cleanups: (() => void)[] = [];
function tempDir(files: Record<string, string> = {}): string {
  const { dir, cleanup } = makeTempDir(files);
  cleanups.push(cleanup);
  return dir;
}

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('saveWindowBounds and loadWindowBounds', () => {
  it('round-trip the bounds through a real file, creating its folder', () => {
    const file = join(tempDir(), '.stackdeck', 'nested', 'window-state.json');
    const bounds = { x: -1600, y: 24, width: 1440, height: 900, maximized: true };
    saveWindowBounds(file, bounds);
    expect(loadWindowBounds(file)).toEqual(bounds);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(bounds);
  });

  it('replaces the file whole and leaves no temporary file behind', () => {
    const dir = tempDir();
    const file = join(dir, 'window-state.json');
    saveWindowBounds(file, { x: 1, y: 2, width: 1000, height: 700 });
    saveWindowBounds(file, { width: 1100, height: 800 });
    expect(loadWindowBounds(file)).toEqual({ width: 1100, height: 800 });
    expect(readdirSync(dir)).toEqual(['window-state.json']);
  });

  it('gives the default bounds when there is no file yet', () => {
    expect(loadWindowBounds(join(tempDir(), 'missing.json'))).toEqual(DEFAULT_BOUNDS);
  });

  it('gives the default bounds for a damaged file instead of throwing', () => {
    const damaged = ['', '{', '{"width": 1200, "height": ', 'null', '[]', '"text"', '42', '\u0000\u0001binary', '{"width": "1200", "height": "800"}'];
    for (const content of damaged) {
      const file = join(tempDir({ 'window-state.json': content }), 'window-state.json');
      expect(loadWindowBounds(file), JSON.stringify(content)).toEqual(DEFAULT_BOUNDS);
    }
  });

  it('gives the default bounds for sizes out of range or not whole pixels', () => {
    const bad = [
      { width: 0, height: 0 }, { width: -1280, height: 820 }, { width: 399, height: 820 }, { width: 1280, height: 299 },
      { width: 20_001, height: 820 }, { width: 1280, height: 1e9 }, { width: 1280.5, height: 820 }, { width: 1280, height: 820, x: 0.5, y: 3 },
      { height: 820 }, { width: 1280 }, { width: 1280, height: 820, maximized: 'yes' },
    ];
    for (const bounds of bad) {
      const file = join(tempDir({ 'window-state.json': JSON.stringify(bounds) }), 'window-state.json');
      expect(loadWindowBounds(file), JSON.stringify(bounds)).toEqual(DEFAULT_BOUNDS);
    }
    // A number too large for a double parses as Infinity: rejected too.
    const file = join(tempDir({ 'window-state.json': '{"width": 1e400, "height": 820}' }), 'window-state.json');
    expect(loadWindowBounds(file)).toEqual(DEFAULT_BOUNDS);
  });

  it('accepts the limits themselves and drops unknown keys', () => {
    const file = join(tempDir({ 'window-state.json': JSON.stringify({ width: 400, height: 300, x: 0, y: 0, extra: 'ignored' }) }), 'window-state.json');
    expect(loadWindowBounds(file)).toEqual({ width: 400, height: 300, x: 0, y: 0 });
    const large = join(tempDir({ 'window-state.json': JSON.stringify({ width: 20_000, height: 20_000 }) }), 'window-state.json');
    expect(loadWindowBounds(large)).toEqual({ width: 20_000, height: 20_000 });
  });

  it('gives the default bounds when the path is a folder', () => {
    expect(loadWindowBounds(tempDir())).toEqual(DEFAULT_BOUNDS);
  });

  it('never throws when the file cannot be written', () => {
    const dir = tempDir();
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, 'a file where a folder should be');
    const file = join(blocker, 'window-state.json');
    expect(() => saveWindowBounds(file, { width: 1000, height: 700 })).not.toThrow();
    expect(existsSync(file)).toBe(false);
    expect(loadWindowBounds(file)).toEqual(DEFAULT_BOUNDS);
  });
});
