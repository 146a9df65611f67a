import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_RECENT_STACKS, RecentStacksSchema } from '../../shared/api/recent-stacks.ts';
import { makeTempDir } from '../../shared/config/testing/temp-dir.ts';
import { createRecentStacksStore } from './recent-stacks-store.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function temp(files: Record<string, string> = {}): string {
  const made = makeTempDir(files);
  cleanups.push(made.cleanup);
  return made.dir;
}

// A folder that is a stack: it holds a stackdeck.json.
function stackFolder(home: string, name: string): string {
  const root = join(home, name);
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'stackdeck.json'), '{ "services": {} }');
  return root;
}

describe('recent stacks store', () => {
  it('starts empty without a file, remembers newest first, once each, and writes the file outside any stack', async () => {
    const home = temp();
    const file = join(home, 'config', 'stackdeck', 'recent-stacks.json');
    const store = createRecentStacksStore(file);
    expect(await store.list()).toEqual([]);
    const [a, b] = [stackFolder(home, 'a'), stackFolder(home, 'b')];
    await store.remember(a, new Date('2026-01-01T00:00:00Z'));
    await store.remember(b, new Date('2026-01-02T00:00:00Z'));
    await store.remember(a, new Date('2026-01-03T00:00:00Z'));
    expect(await store.list()).toEqual([
      { root: a, openedAt: '2026-01-03T00:00:00.000Z' },
      { root: b, openedAt: '2026-01-02T00:00:00.000Z' },
    ]);
    const written = JSON.parse(readFileSync(file, 'utf8')) as { version: number; stacks: unknown };
    expect(written.version).toBe(1);
    expect(RecentStacksSchema.parse(written.stacks)).toHaveLength(2);
    // A second store on the same file (the next launch) reads the same list.
    expect(await createRecentStacksStore(file).list()).toEqual(await store.list());
  });

  it('drops a folder whose stackdeck.json went away, and a relative or damaged entry, keeping the rest', async () => {
    const home = temp();
    const [kept, gone] = [stackFolder(home, 'kept'), stackFolder(home, 'gone')];
    const file = join(home, 'recent.json');
    writeFileSync(file, JSON.stringify({ version: 1, stacks: [
      { root: gone, openedAt: '2026-01-05T00:00:00Z' },
      { root: 'relative/path', openedAt: '2026-01-04T00:00:00Z' },
      { root: kept, openedAt: 'yesterday' },
      { root: kept, openedAt: '2026-01-03T00:00:00Z', extra: true },
      { root: kept, openedAt: '2026-01-02T00:00:00Z' },
      42,
    ] }));
    rmSync(join(gone, 'stackdeck.json'));
    expect(await createRecentStacksStore(file).list()).toEqual([{ root: kept, openedAt: '2026-01-02T00:00:00Z' }]);
  });

  it('reads a file that is not JSON, or not its shape, as an empty list and replaces it on the next open', async () => {
    const home = temp();
    const root = stackFolder(home, 'one');
    for (const text of ['{ not json', '[]', JSON.stringify({ version: 2, stacks: [] }), JSON.stringify({ stacks: 'x' }), '']) {
      const file = join(home, 'recent.json');
      writeFileSync(file, text);
      const store = createRecentStacksStore(file);
      expect(await store.list(), text).toEqual([]);
      await store.remember(root);
      expect((await store.list()).map((entry) => entry.root), text).toEqual([root]);
    }
  });

  it('keeps at most its cap, the newest ones, whatever the order of opens (property)', async () => {
    const home = temp();
    const folders = Array.from({ length: 14 }, (_, index) => stackFolder(home, `s${index}`));
    let round = 0;
    await fc.assert(fc.asyncProperty(fc.array(fc.integer({ min: 0, max: folders.length - 1 }), { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 12 }), async (opens, max) => {
      const store = createRecentStacksStore(join(home, `recent-${round++}.json`), max);
      let time = Date.parse('2026-01-01T00:00:00Z');
      for (const index of opens) await store.remember(folders[index] ?? '', new Date(time += 1_000));
      // The expected list: distinct folders by their last open, newest first, cut at the cap.
      const expected = [...new Set([...opens].reverse())].slice(0, max).map((index) => folders[index]);
      expect((await store.list()).map((entry) => entry.root)).toEqual(expected);
    }), { numRuns: 40 });
  });

  it('loses no open when several are remembered at once', async () => {
    const home = temp();
    const folders = Array.from({ length: 6 }, (_, index) => stackFolder(home, `p${index}`));
    const store = createRecentStacksStore(join(home, 'recent.json'));
    await Promise.all(folders.map((root) => store.remember(root)));
    expect(new Set((await store.list()).map((entry) => entry.root))).toEqual(new Set(folders));
  });

  it('caps at MAX_RECENT_STACKS by default', async () => {
    const home = temp();
    const store = createRecentStacksStore(join(home, 'recent.json'));
    for (let index = 0; index < MAX_RECENT_STACKS + 3; index++) await store.remember(stackFolder(home, `m${index}`));
    const listed = await store.list();
    expect(listed).toHaveLength(MAX_RECENT_STACKS);
    expect(listed[0]?.root).toBe(join(home, `m${MAX_RECENT_STACKS + 2}`));
  });
});
