import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../shared/config/testing/temp-dir.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// A bundle as tools/build-cli.ts writes them (function expressions taking CommonJS's parameters): an entry requiring a chunk,
// which loads a package left out of the bundle (zod, from the repository's node_modules) as the build writes an import() of
// one, and (only when asked) by a real import(), which the build never writes but a script still runs. The chunk is not ASCII
// (the build's are): it is read as UTF-8.
const CHUNKS: Record<string, string> = {
  'main.cjs': `const lib = require("./lib-a1b2.cjs");
exports.runProcess = async () => {
  const [name, code] = process.argv.slice(2);
  process.stdout.write(await lib.greet(name));
  process.exitCode = Number(code ?? 0);
};`,
  'lib-a1b2.cjs': `exports.greet = async (name) => {
  const { z } = await Promise.resolve().then(() => require("zod"));
  const { basename } = process.env.REAL_IMPORT ? await import("node:path") : require("node:path");
  return "hello " + z.string().min(1).parse(name) + " from " + basename(__filename) + " → été\\n";
};`,
};

let bundleDir: string;
let launcher: string;
beforeAll(() => {
  // Inside the repository (dist/ is git-ignored), as the real bundle: a package left out of it resolves from node_modules.
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  bundleDir = mkdtempSync(join(ROOT, 'dist', 'run-bundle-test-'));
  const hashes: Record<string, string> = {};
  for (const [name, code] of Object.entries(CHUNKS)) {
    const text = `(function (exports, require, module, __filename, __dirname) {\n${code}\n})\n`;
    writeFileSync(join(bundleDir, name), text);
    hashes[name] = createHash('sha256').update(text).digest('hex').slice(0, 16);
  }
  launcher = join(bundleDir, 'launch.mjs');
  writeFileSync(launcher, `import { runBundle } from ${JSON.stringify(join(ROOT, 'main/cli/run-bundle.js'))};
await runBundle({ dir: ${JSON.stringify(bundleDir)}, entry: 'main.cjs', hashes: ${JSON.stringify(hashes)}, cacheKey: 'greet' });\n`);
});
afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

// The bundle run as bin.js runs it, as a real process, with Node's compile cache (and so the bundle's) in cacheDir.
function run(cacheDir: string, args: string[] = ['ann'], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [launcher, ...args], { encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH, NODE_COMPILE_CACHE: cacheDir, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// The bundle's code cache files in cacheDir (Node's compile cache puts its own in a folder per Node version beside them).
function caches(cacheDir: string): Map<string, { bytes: Buffer; mtimeMs: number }> {
  const folders = readdirSync(cacheDir).map((name) => join(cacheDir, name));
  const files = folders.flatMap((folder) => readdirSync(folder).filter((name) => name.startsWith('stackdeck-')).map((name) => join(folder, name)));
  return new Map(files.map((file) => [file, { bytes: readFileSync(file), mtimeMs: statSync(file).mtimeMs }]));
}

// Whether V8, in a plain Node process as bin.js is, takes this cache for this chunk (false: it accepts it).
function rejected(chunk: string, cacheFile: string): boolean {
  const check = `const vm = require('node:vm'); const fs = require('node:fs');
const script = new vm.Script(fs.readFileSync(${JSON.stringify(join(bundleDir, chunk))}, 'utf8'), { filename: ${JSON.stringify(join(bundleDir, chunk))}, cachedData: fs.readFileSync(${JSON.stringify(cacheFile)}) });
process.stdout.write(String(script.cachedDataRejected));`;
  return spawnSync(process.execPath, ['-e', check], { encoding: 'utf8' }).stdout === 'true';
}

const expected = { code: 0, stdout: 'hello ann from lib-a1b2.cjs → été\n', stderr: '' };

describe('runBundle', () => {
  it('writes a code cache per file at the first run, named by command, file, hash and Node, which V8 accepts; later runs keep it', () => {
    const temp = makeTempDir();
    try {
      expect(run(temp.dir)).toEqual(expected);
      const written = caches(temp.dir);
      const names = [...written.keys()].map((file) => file.slice(file.lastIndexOf('/') + 1)).sort();
      const name = (chunk: string) => new RegExp(`^stackdeck-greet-${chunk}-[0-9a-f]{16}-${process.version.replaceAll('.', '\\.')}-${process.arch}\\.v8cache$`);
      expect(names).toEqual([expect.stringMatching(name('lib-a1b2')), expect.stringMatching(name('main'))]);
      for (const [file] of written) expect(rejected(file.includes('-lib-') ? 'lib-a1b2.cjs' : 'main.cjs', file)).toBe(false);
      // Accepted, so never written again: the same bytes, the same time.
      expect(run(temp.dir)).toEqual(expected);
      expect(caches(temp.dir)).toEqual(written);
    } finally {
      temp.cleanup();
    }
  });

  it('ignores a corrupt cache (same output) and replaces it with one V8 accepts', () => {
    const temp = makeTempDir();
    try {
      run(temp.dir);
      const [mainCache] = [...caches(temp.dir).keys()].filter((file) => file.includes('-main-'));
      if (mainCache === undefined) throw new Error('no cache for main.cjs');
      const garbage = Buffer.from('not a V8 code cache at all, or one cut in half'.repeat(20));
      writeFileSync(mainCache, garbage);
      expect(run(temp.dir)).toEqual(expected);
      expect(readFileSync(mainCache).equals(garbage)).toBe(false);
      expect(rejected('main.cjs', mainCache)).toBe(false);
      // A cache cut short (a reader racing a writer, were writes not atomic) is refused the same way.
      writeFileSync(mainCache, readFileSync(mainCache).subarray(0, 100));
      expect(run(temp.dir)).toEqual(expected);
      expect(rejected('main.cjs', mainCache)).toBe(false);
    } finally {
      temp.cleanup();
    }
  });

  it('writes no cache after bad input or a crash (exit 2, 70): that run ran little of the command', () => {
    const temp = makeTempDir();
    try {
      expect(run(temp.dir, ['bob', '2'])).toEqual({ ...expected, stdout: 'hello bob from lib-a1b2.cjs → été\n', code: 2 });
      expect(run(temp.dir, ['bob', '70']).code).toBe(70);
      expect(caches(temp.dir).size).toBe(0);
      // Exit 1 (check's findings) is a run that did the command's work.
      expect(run(temp.dir, ['bob', '1']).code).toBe(1);
      expect(caches(temp.dir).size).toBe(2);
    } finally {
      temp.cleanup();
    }
  });

  it('runs an import() inside the bundle through Node\'s loader (Node warns that this hook is experimental)', () => {
    const temp = makeTempDir();
    try {
      const result = run(temp.dir, ['ann'], { REAL_IMPORT: '1' });
      expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 0, stdout: expected.stdout });
      expect(result.stderr).toMatch(/^\(node:\d+\) ExperimentalWarning: vm\.USE_MAIN_CONTEXT_DEFAULT_LOADER/);
    } finally {
      temp.cleanup();
    }
  });

  // Only root can give a folder to another user; elsewhere the test has nothing to set up.
  it.skipIf(process.getuid?.() !== 0)("reads and writes no cache in another user's folder (a shared temp folder could hold a planted one)", () => {
    const temp = makeTempDir();
    try {
      run(temp.dir);
      const [folder] = readdirSync(temp.dir).map((name) => join(temp.dir, name));
      if (folder === undefined) throw new Error('no compile cache folder');
      // Root may write there, so a run using the folder would write the missing cache and replace the refused one.
      const [libCache, mainCache] = [...caches(temp.dir).keys()].sort();
      if (libCache === undefined || mainCache === undefined) throw new Error('no caches written');
      writeFileSync(libCache, 'planted');
      rmSync(mainCache);
      chownSync(folder, 65_534, 65_534);
      expect(run(temp.dir)).toEqual(expected);
      expect(readFileSync(libCache, 'utf8')).toBe('planted');
      expect(existsSync(mainCache)).toBe(false);
    } finally {
      temp.cleanup();
    }
  });

  it('runs without a cache, silently, where no cache folder can be written, and with NODE_DISABLE_COMPILE_CACHE', () => {
    const temp = makeTempDir({ 'a-file': '' });
    try {
      // Below a regular file no folder can be made, even by root: Node's compile cache and the temp folder both fail.
      const blocked = join(temp.dir, 'a-file', 'cache');
      expect(run(blocked, ['ann'], { TMPDIR: join(temp.dir, 'a-file', 'tmp') })).toEqual(expected);
      expect(run(join(temp.dir, 'unused'), ['ann'], { NODE_DISABLE_COMPILE_CACHE: '1' })).toEqual(expected);
      expect(readdirSync(temp.dir)).toEqual(['a-file']);
    } finally {
      temp.cleanup();
    }
  });
});
