import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../shared/config/testing/temp-dir.ts';
import { buildCli, withBuiltinsRead, type CliManifest } from './build-cli.ts';

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
}, 60_000);
afterAll(() => out.cleanup());

// One command through an entry (the bundle's or the sources'), in a stack folder, as a real process; both share a state folder.
function run(entry: string, args: string[], cwd: string, stateDir: string) {
  const result = spawnSync(process.execPath, [entry, ...args], { cwd, encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH, HOME: cwd, STACKDECK_STATE_DIR: stateDir } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the CLI bundle', () => {
  it('has a small entry and one chunk per command, and lists its own sources (not packages) with the bundled packages', () => {
    const files = readdirSync(out.dir);
    for (const command of ['check', 'env', 'up', 'ui']) expect(files.some((file) => file.startsWith(`${command}-`))).toBe(true);
    const entry = readFileSync(join(out.dir, 'main.mjs'), 'utf8');
    // --help reads the entry only: no schema library, no engine.
    expect(entry).not.toMatch(/from "zod"|\$ZodObject|startEngine/);
    expect(manifest.sources).toContain('main/cli/run.ts');
    expect(manifest.sources).toContain('main/engine/process/spawn-service-process.ts');
    expect(manifest.sources).toContain('node_modules/zod/package.json');
    expect(manifest.sources.filter((source) => source.includes('node_modules/') && !source.endsWith('/package.json'))).toEqual([]);
    // Per command, what it can load: bin.js stats only those (--help: the entry; check: no engine, no dashboard server).
    const of = (command: string) => (manifest.sourcesByCommand[command] ?? []).map((index) => manifest.sources[index]);
    expect(of('--help')).toEqual(expect.arrayContaining(['main/cli/main.ts', 'main/cli/help.ts']));
    expect(of('--help').some((source) => source?.includes('zod'))).toBe(false);
    expect(of('check')).toEqual(expect.arrayContaining(['main/cli/commands/check.ts', 'node_modules/zod/package.json', ...of('--help')]));
    expect(of('check')).not.toContain('main/engine/start-engine.ts');
    expect(of('up')).toEqual(expect.arrayContaining(['main/cli/commands/up.ts', 'main/cli/stop-signals.ts', 'main/engine/start-engine.ts']));
    expect(of('up')).not.toContain('main/cli/commands/ui.ts');
  });

  it("takes Node's builtins with process.getBuiltinModule, never by a static import (whose ES module facade reads every export)", () => {
    const chunks = readdirSync(out.dir).filter((file) => file.endsWith('.mjs')).map((file) => readFileSync(join(out.dir, file), 'utf8'));
    for (const chunk of chunks) expect(chunk).not.toMatch(/^import\b[^\n]*["']node:/m);
    const all = chunks.join('\n');
    expect(all).toMatch(/^const \{[^}]*\bstat: stat\$1\b[^}]*\} = globalThis\.process\.getBuiltinModule\("node:fs\/promises"\);$/m);
  });

  it('rewrites each form of builtin import rolldown writes: named (renamed too), default, default with named, namespace, bare', () => {
    const code = [
      'import { readFileSync, stat as stat$1 } from "node:fs";',
      'import tty from "node:tty";',
      'import path, { join } from "node:path";',
      'import * as os from "node:os";',
      'import "node:process";',
      'import { z } from "./zod.mjs";',
    ].join('\n');
    expect(withBuiltinsRead(code).split('\n')).toEqual([
      'const { readFileSync, stat: stat$1 } = globalThis.process.getBuiltinModule("node:fs");',
      'const tty = globalThis.process.getBuiltinModule("node:tty");',
      'const path = globalThis.process.getBuiltinModule("node:path");',
      'const { join } = path;',
      'const os = globalThis.process.getBuiltinModule("node:os");',
      'globalThis.process.getBuiltinModule("node:process");',
      'import { z } from "./zod.mjs";',
    ]);
  });

  it('points paths that code finds beside its source (the keeper, the dashboard) at the same files from where it runs', () => {
    const chunks = readdirSync(out.dir).filter((file) => file.endsWith('.mjs')).map((file) => readFileSync(join(out.dir, file), 'utf8')).join('\n');
    const urls = [...chunks.matchAll(/new URL\("([^"]+)", import\.meta\.url\)/g)].map((match) => fileURLToPath(new URL(match[1] ?? '', `file://${out.dir}/`)));
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
        expect({ args, ...run(join(out.dir, 'main.mjs'), args, cwd, join(stacks.dir, 'state')) }).toEqual({ args, ...fromSources });
      }
    } finally {
      stacks.cleanup();
    }
  }, 120_000);

  it('runs `up` (the engine, the keeper beside the sources) to ready, and stops on SIGINT with exit 0', async () => {
    const stack = makeTempDir({ 'stackdeck.json': JSON.stringify({ services: { idle: { command: ['node', '-e', 'setInterval(() => {}, 1000)'], envDir: '.' } } }) });
    try {
      const child = spawn(process.execPath, [join(out.dir, 'main.mjs'), 'up', '--json'], { cwd: stack.dir, env: { PATH: process.env.PATH, HOME: stack.dir, STACKDECK_STATE_DIR: join(stack.dir, '.state') }, stdio: ['ignore', 'pipe', 'pipe'] });
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
