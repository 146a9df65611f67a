import { rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../shared/config/testing/temp-dir.ts';
import { freshBundle } from './fresh-bundle.js';

let cleanup = () => {};
afterEach(() => cleanup());

const BUILT_AT = Date.parse('2026-03-01T12:00:00Z');
const HASHES = { 'main.cjs': '0123456789abcdef', 'check-a1b2.cjs': 'fedcba9876543210' };

// A folder laid out like the repository: two sources and a bundle whose manifest says when it was built from them.
function repository(sources = ['main/a.ts', 'shared/b.ts'], sourcesByCommand?: Record<string, number[]>) {
  const temp = makeTempDir({
    'main/a.ts': '', 'shared/b.ts': '',
    'dist/cli/main.cjs': '',
    'dist/cli/manifest.json': JSON.stringify({ builtAtMs: BUILT_AT, entry: 'main.cjs', sources, sourcesByCommand, hashes: HASHES }),
  });
  cleanup = temp.cleanup;
  const at = (path: string, ms: number) => utimesSync(join(temp.dir, path), ms / 1000, ms / 1000);
  at('main/a.ts', BUILT_AT - 60_000);
  at('shared/b.ts', BUILT_AT - 1);
  return { root: pathToFileURL(`${temp.dir}/`), dir: temp.dir, at };
}

describe('freshBundle', () => {
  it('gives the bundle (its folder, entry and file hashes) while every source is older than the build', () => {
    const { root, dir } = repository();
    expect(freshBundle(root)).toEqual({ dir: join(dir, 'dist/cli/'), entry: 'main.cjs', hashes: HASHES, cacheKey: 'help' });
  });

  it('names the code cache after the command: a known one, help for the help words, one name for any unknown command', () => {
    const { root } = repository(['main/a.ts', 'shared/b.ts'], { '--help': [0], check: [0, 1] });
    expect(freshBundle(root, 'check')?.cacheKey).toBe('check');
    for (const helpWord of [undefined, 'help', '--help', '-h']) expect(freshBundle(root, helpWord)?.cacheKey).toBe('help');
    expect(freshBundle(root, 'chek')?.cacheKey).toBe('unknown-command');
    expect(freshBundle(root, 'toString')?.cacheKey).toBe('unknown-command');
  });

  it('gives nothing once any source is saved after the build, so the edit runs', () => {
    const { root, at } = repository();
    at('shared/b.ts', BUILT_AT + 1);
    expect(freshBundle(root)).toBeUndefined();
  });

  it('gives nothing when a source is gone, or the manifest is missing, not JSON, or lists no sources', () => {
    expect(freshBundle(repository(['main/a.ts', 'main/deleted.ts']).root)).toBeUndefined();
    for (const text of [undefined, 'not json', '{}']) {
      const { root, dir } = repository();
      if (text === undefined) rmSync(join(dir, 'dist/cli/manifest.json'));
      else writeFileSync(join(dir, 'dist/cli/manifest.json'), text);
      expect(freshBundle(root)).toBeUndefined();
      cleanup();
    }
  });

  it('compares only what the command can load: an edit to one command stales that command and the unknown ones, not --help', () => {
    const { root, at } = repository(['main/a.ts', 'shared/b.ts'], { '--help': [0], check: [0, 1] });
    at('shared/b.ts', BUILT_AT + 1);
    for (const helpWord of [undefined, 'help', '--help', '-h']) expect(freshBundle(root, helpWord)?.entry).toBe('main.cjs');
    expect(freshBundle(root, 'check')).toBeUndefined();
    // Not in the manifest (a typo, a command added since): every source counts.
    expect(freshBundle(root, 'chek')).toBeUndefined();
    expect(freshBundle(root, 'toString')).toBeUndefined();
    at('main/a.ts', BUILT_AT + 1);
    expect(freshBundle(root, '--help')).toBeUndefined();
  });

  it('gives nothing when the manifest names no hash for its entry (a manifest written by an older build)', () => {
    const { root, dir } = repository();
    writeFileSync(join(dir, 'dist/cli/manifest.json'), JSON.stringify({ builtAtMs: BUILT_AT, entry: 'main.mjs', sources: ['main/a.ts'] }));
    expect(freshBundle(root)).toBeUndefined();
  });

  it('gives nothing when a command lists an index no source has', () => {
    expect(freshBundle(repository(['main/a.ts'], { check: [0, 7] }).root, 'check')).toBeUndefined();
  });
});
