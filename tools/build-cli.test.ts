import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../shared/config/testing/temp-dir.ts';
import { asScript, buildCli, withBuiltinsWhenUsed, type CliManifest } from './build-cli.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SOURCES_ENTRY = join(ROOT, 'main/cli/main.ts');

// Built inside the repository (dist/ is git-ignored), as the real one: packages left out of the bundle resolve from node_modules.
let out: { dir: string; cleanup: () => void };
let manifest: CliManifest;
beforeAll(async () => {
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'dist', 'cli-test-'));
  out = { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  manifest = await buildCli(out.dir);
  // What bin.js does with a fresh bundle, for this one (bin.js runs dist/cli's): run-bundle.js, the cache named by the command.
  // Node's modules taken as bin.js takes them (an import of node:fs would load its streams, which one test looks for).
  writeFileSync(join(dir, 'launch.mjs'), [
    "const { readFileSync } = process.getBuiltinModule('node:fs');",
    "const { fileURLToPath } = process.getBuiltinModule('node:url');",
    `import { runBundle } from ${JSON.stringify(join(ROOT, 'main/cli/run-bundle.js'))};`,
    "const manifest = JSON.parse(readFileSync(new URL('manifest.json', import.meta.url), 'utf8'));",
    "await runBundle({ dir: fileURLToPath(new URL('./', import.meta.url)), entry: manifest.entry, hashes: manifest.hashes, cacheKey: process.argv[2] ?? 'help' });",
  ].join('\n'));
}, 60_000);
afterAll(() => out.cleanup());
const bundleEntry = () => join(out.dir, 'launch.mjs');
const bundleFiles = () => readdirSync(out.dir).filter((file) => file.endsWith('.cjs'));

// One command through an entry (the bundle's or the sources'), in a stack folder, as a real process; both share a state folder.
// Node's compile cache (and the bundle's code cache beside it) goes to codeCache when given, else nowhere.
function run(entry: string, args: string[], cwd: string, stateDir: string, codeCache?: string) {
  const cache = codeCache === undefined ? { NODE_DISABLE_COMPILE_CACHE: '1' } : { NODE_COMPILE_CACHE: codeCache };
  const result = spawnSync(process.execPath, [entry, ...args], { cwd, encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH, HOME: cwd, STACKDECK_STATE_DIR: stateDir, ...cache } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the CLI bundle', () => {
  it('has a small entry and one chunk per command, and lists its own sources (not packages) with the bundled packages', () => {
    const files = bundleFiles();
    for (const command of ['check', 'env', 'up', 'ui']) expect(files.some((file) => file.startsWith(`${command}-`))).toBe(true);
    const entry = readFileSync(join(out.dir, 'main.cjs'), 'utf8');
    // --help reads the entry only: no schema library, no engine.
    expect(entry).not.toMatch(/^const [\w$]+ = require\("\.\/zod-[\w-]+\.cjs"\);$|\$ZodObject|startEngine/m);
    expect(entry).toMatch(/^const [\w$]+ = require\("\.\/io-[\w-]+\.cjs"\);$/m);
    expect(manifest.sources).toContain('main/cli/run.ts');
    expect(manifest.sources).toContain('main/engine/process/spawn-service-process.ts');
    expect(manifest.sources).toContain('node_modules/zod/package.json');
    expect(manifest.sources.filter((source) => source.includes('node_modules/') && !source.endsWith('/package.json'))).toEqual([]);
    // Per command, what it can load: bin.js stats only those (--help: the entry; check: no engine, no dashboard server).
    const of = (command: string) => (manifest.sourcesByCommand[command] ?? []).map((index) => manifest.sources[index]);
    expect(of('--help')).toEqual(expect.arrayContaining(['main/cli/run-process.ts', 'main/cli/help.ts']));
    expect(of('--help').some((source) => source?.includes('zod'))).toBe(false);
    expect(of('check')).toEqual(expect.arrayContaining(['main/cli/commands/check.ts', 'node_modules/zod/package.json', ...of('--help')]));
    expect(of('check')).not.toContain('main/engine/start-engine.ts');
    expect(of('up')).toEqual(expect.arrayContaining(['main/cli/commands/up.ts', 'main/cli/stop-signals.ts', 'main/engine/start-engine.ts']));
    expect(of('up')).not.toContain('main/cli/commands/ui.ts');
  });

  it('writes each file as one function expression in ASCII, and its hash (which names its code cache) in the manifest', () => {
    expect(Object.keys(manifest.hashes).sort()).toEqual(bundleFiles().sort());
    for (const file of bundleFiles()) {
      const text = readFileSync(join(out.dir, file), 'utf8');
      expect(text.startsWith('(function (exports, require, module, __filename, __dirname) {\n'), file).toBe(true);
      expect(text.endsWith('\n})\n'), file).toBe(true);
      expect(/^[\x00-\x7f]*$/.test(text), `${file} is ASCII`).toBe(true);
      expect(manifest.hashes[file]).toBe(createHash('sha256').update(text).digest('hex').slice(0, 16));
    }
  });

  it("requires Node's builtins at their first use, never all at the top of a chunk (node:tls alone costs ~3 ms)", () => {
    const all = bundleFiles().map((file) => readFileSync(join(out.dir, file), 'utf8')).join('\n');
    expect(all).not.toMatch(/^let [\w$]+ = require\("(node:)?(fs|fs\/promises|tls|net|child_process|path|os|util)"\);$/m);
    expect(all).toMatch(/^let node_fs = __builtinWhenUsed\("node:fs"\);$/m);
  });

  it('rewrites each top-level builtin require rolldown writes, and keeps the requires of packages and chunks', () => {
    const code = [
      'let node_fs = require("node:fs");',
      'let node_path = require("node:path");',
      'node_path = __toESM(node_path, 1);',
      'let util = require("util");',
      'let fastify = require("fastify");',
      'fastify = __toESM(fastify, 1);',
      'const require_zod = require("./zod-abc.cjs");',
    ].join('\n');
    expect(withBuiltinsWhenUsed(code).split('\n')).toEqual([
      'let node_fs = __builtinWhenUsed("node:fs");',
      'let node_path = __builtinWhenUsed("node:path");',
      'let util = __builtinWhenUsed("node:util");',
      'let fastify = require("fastify");',
      'fastify = __toESM(fastify, 1);',
      'const require_zod = require("./zod-abc.cjs");',
    ]);
  });

  it("loads a builtin through the proxy only when first used, and gives the module as its default (as __toESM's)", () => {
    const script = asScript('let node_zlib = __builtinWhenUsed("node:zlib");\nmodule.exports = node_zlib;');
    // In a fresh process (node:zlib is not loaded at start): what Node has loaded before and after the first use.
    const probe = `const module = { exports: {} };
(${script.trim()})(module.exports, require, module, '', '');
const loaded = () => process.moduleLoadList.includes('NativeModule zlib');
const before = loaded();
const gzipSync = module.exports.gzipSync;
const after = loaded();
const zlib = require('node:zlib');
console.log(JSON.stringify({ before, gzip: gzipSync === zlib.gzipSync, after, isDefault: module.exports.default === zlib, has: 'gzipSync' in module.exports, keys: Object.keys(module.exports).includes('default') }));`;
    const result = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    expect(JSON.parse(result.stdout)).toEqual({ before: false, gzip: true, after: true, isDefault: true, has: true, keys: true });
  });

  it('points paths that code finds beside its source (the keeper, the dashboard) at the same files from where it runs', () => {
    const chunks = bundleFiles().map((file) => readFileSync(join(out.dir, file), 'utf8')).join('\n');
    // A classic script has no import.meta: its url is the script's own file: URL.
    expect(chunks).not.toContain('import.meta');
    const urls = [...chunks.matchAll(/new URL\("([^"]+)", globalThis\.process\.getBuiltinModule\("node:url"\)\.pathToFileURL\(__filename\)\.href\)/g)].map((match) => fileURLToPath(new URL(match[1] ?? '', `file://${out.dir}/`)));
    expect(urls).toContain(join(ROOT, 'main/engine/process/keeper.ts'));
    // dashboard-build.ts finds Stackdeck's own folder (the dashboard's sources and build) two levels up from main/cli.
    expect(urls).toContain(ROOT);
    for (const path of urls) expect(existsSync(path)).toBe(true);
  });

  it('answers exactly as the sources do: help, check (text and JSON), env, a bad stack file, an unknown command', () => {
    const stacks = makeTempDir({
      'bad/stackdeck.json': JSON.stringify({ services: { a: { command: ['node'], envDir: '.', dependsOn: { a: 'started' } } } }),
      'demo/.keep': '',
    });
    try {
      const cases: [string, string[]][] = [
        [ROOT, ['--help']], [ROOT, ['check']], [ROOT, ['check', '--json', '--profile', 'staging']], [ROOT, ['env', 'backend', 'JWT_SECRET_KEY']],
        [join(stacks.dir, 'bad'), ['up']], [join(stacks.dir, 'demo'), ['chek']],
      ];
      for (const [cwd, args] of cases) {
        const fromSources = run(SOURCES_ENTRY, args, cwd, join(stacks.dir, 'state'));
        expect({ args, ...run(bundleEntry(), args, cwd, join(stacks.dir, 'state')) }).toEqual({ args, ...fromSources });
      }
    } finally {
      stacks.cleanup();
    }
  }, 120_000);

  it('runs check with its code cache: written at the first run, kept at the next, the output always that of the sources', () => {
    const temp = makeTempDir();
    try {
      const fromSources = run(SOURCES_ENTRY, ['check'], ROOT, join(temp.dir, 'state'));
      const cacheDir = join(temp.dir, 'cache');
      expect(run(bundleEntry(), ['check'], ROOT, join(temp.dir, 'state'), cacheDir)).toEqual(fromSources);
      const cacheFiles = () => readdirSync(cacheDir, { recursive: true, encoding: 'utf8' }).filter((file) => /stackdeck-check-.*\.v8cache$/.test(file)).map((file) => join(cacheDir, file));
      const written = new Map(cacheFiles().map((file) => [file, statSync(file).mtimeMs]));
      // The entry, zod, the check command's chunk: each holds what check ran.
      for (const chunk of ['main', 'zod', 'check']) expect([...written.keys()].some((file) => file.includes(`stackdeck-check-${chunk}-`)), chunk).toBe(true);
      expect(run(bundleEntry(), ['check'], ROOT, join(temp.dir, 'state'), cacheDir)).toEqual(fromSources);
      expect(new Map(cacheFiles().map((file) => [file, statSync(file).mtimeMs]))).toEqual(written);
    } finally {
      temp.cleanup();
    }
  }, 60_000);

  // Node's stream classes (node:net, node:stream) and node:tty cost ~5-10 ms of a start: not loaded where no terminal is asked.
  // (check's own work may load node:stream: node:crypto does, to make a development secret the first time.)
  it('builds no stdout stream and loads no node:tty for --help, nor for check into a pipe, a file or the null device', () => {
    const temp = makeTempDir();
    try {
      const report = join(temp.dir, 'report.cjs');
      writeFileSync(report, "process.on('exit', () => require('node:fs').writeSync(2, '\\n' + JSON.stringify(process.moduleLoadList.filter((name) => /^NativeModule (tty|net|stream)$/.test(name)))));\n");
      const loaded = (args: string, redirect: string) => {
        const command = `${JSON.stringify(process.execPath)} --require ${JSON.stringify(report)} ${JSON.stringify(bundleEntry())} ${args} ${redirect}`;
        const result = spawnSync('sh', ['-c', command], { cwd: ROOT, encoding: 'utf8', timeout: 15_000, env: { PATH: process.env.PATH, HOME: temp.dir, STACKDECK_STATE_DIR: join(temp.dir, 'state'), NODE_DISABLE_COMPILE_CACHE: '1' } });
        return JSON.parse(result.stderr.trim().split('\n').at(-1) ?? '') as string[];
      };
      for (const redirect of ['| cat > /dev/null', `> ${join(temp.dir, 'out.txt')}`, '> /dev/null']) {
        const check = loaded('check', redirect).filter((name) => name !== 'NativeModule stream');
        expect({ redirect, help: loaded('--help', redirect), check }).toEqual({ redirect, help: [], check: [] });
      }
    } finally {
      temp.cleanup();
    }
  }, 60_000);

  it('runs `up` (the engine, the keeper beside the sources) to ready, and stops on SIGINT with exit 0', async () => {
    const stack = makeTempDir({ 'stackdeck.json': JSON.stringify({ services: { idle: { command: ['node', '-e', 'setInterval(() => {}, 1000)'], envDir: '.' } } }) });
    try {
      const child = spawn(process.execPath, [bundleEntry(), 'up', '--json'], { cwd: stack.dir, env: { PATH: process.env.PATH, HOME: stack.dir, STACKDECK_STATE_DIR: join(stack.dir, '.state') }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.setEncoding('utf8');
      const ready = new Promise<void>((resolve) => child.stdout.on('data', (text: string) => {
        stdout += text;
        if (stdout.includes('"event":"ready"')) resolve();
      }));
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      await Promise.race([ready, exited]);
      const readyEvent = stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { event: string; services?: { service: string; pid: number }[] }).find((event) => event.event === 'ready');
      expect(readyEvent?.services?.map((service) => service.service)).toEqual(['idle']);
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(stdout).toContain('"event":"stopped"');
    } finally {
      stack.cleanup();
    }
  }, 60_000);
});
