import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { BRIDGE_GLOBAL, EVENT_CHANNEL, REQUEST_CHANNEL } from './bridge-contract.ts';
import { buildElectron } from './build.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const OUT = join(ROOT, 'dist', 'electron');
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };

let main: string;
let preload: string;
let builtAfter: number;

// The real build into the real dist/electron, once for this file (rolldown takes a second or two).
beforeAll(async () => {
  builtAfter = Date.now() - 1_000;
  await buildElectron();
  main = readFileSync(join(OUT, 'main.mjs'), 'utf8');
  preload = readFileSync(join(OUT, 'preload.cjs'), 'utf8');
}, 120_000);

// The package each bare import names: 'zod/v4' -> 'zod', '@scope/pkg/x' -> '@scope/pkg'.
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0] ?? specifier;
}

function staticImports(source: string): string[] {
  return [...source.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']/gm)].map((match) => match[1] ?? match[2] ?? '');
}

describe('buildElectron', () => {
  it('writes main.mjs, preload.cjs and keeper.ts into dist/electron, where package.json\'s main points', () => {
    for (const file of ['main.mjs', 'preload.cjs', 'keeper.ts']) {
      expect(statSync(join(OUT, file)).mtimeMs, file).toBeGreaterThan(builtAfter);
    }
    expect(packageJson.main).toBe('dist/electron/main.mjs');
  });

  it('bundles the main process as an ES module that imports electron', () => {
    expect(staticImports(main)).toContain('electron');
    expect(main).toMatch(/^import \{[^}]*\bBrowserWindow\b[^}]*\} from "electron";$/m);
    expect(main).not.toMatch(/\brequire\(|module\.exports|exports\.\w+\s*=/);
    const check = spawnSync(process.execPath, ['--check', join(OUT, 'main.mjs')], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('bundles our own code and leaves only electron, Node built-ins and production dependencies outside', () => {
    const imports = staticImports(main);
    expect(imports.length).toBeGreaterThan(0);
    for (const specifier of imports) {
      expect(specifier.startsWith('.') || specifier.startsWith('/'), `${specifier} should be bundled`).toBe(false);
      if (specifier === 'electron' || specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
      // A packaged app carries only "dependencies": a devDependency imported at run time would be missing there.
      expect(Object.keys(packageJson.dependencies), `${specifier} is imported by main.mjs`).toContain(packageOf(specifier));
    }
    // Loaded when first needed (the event socket, the env-file watch): only production packages, never a chunk of
    // ours, which the single-file bundle would not have.
    const lazy = [...main.matchAll(/\bimport\(\s*([^)]*?)\s*\)/g)].map((match) => match[1] ?? '');
    for (const specifier of lazy) {
      expect(specifier, 'a lazy import names a package').toMatch(/^["'][^./][^"']*["']$/);
      expect(Object.keys(packageJson.dependencies), `${specifier} is imported lazily by main.mjs`).toContain(packageOf(specifier.slice(1, -1)));
    }
  });

  it('points the window at preload.cjs and the engine at keeper.ts, both next to main.mjs', () => {
    expect(main).toContain('"preload.cjs"');
    expect(main).toContain('new URL("./keeper.ts", import.meta.url)');
  });

  it('copies the keeper unchanged, and the keeper needs nothing but Node built-ins (it runs alone next to the bundle)', () => {
    const keeper = readFileSync(join(OUT, 'keeper.ts'), 'utf8');
    expect(keeper).toBe(readFileSync(join(ROOT, 'main', 'engine', 'process', 'keeper.ts'), 'utf8'));
    const imports = staticImports(keeper);
    expect(imports.length).toBeGreaterThan(0);
    for (const specifier of imports) expect(specifier, 'keeper.ts import').toMatch(/^node:/);
  });

  it('bundles the preload as CommonJS requiring only electron (a sandboxed preload may require nothing else)', () => {
    const required = [...preload.matchAll(/\brequire\(\s*(["'`])(.*?)\1\s*\)/g)].map((match) => match[2]);
    expect(required).toEqual(['electron']);
    expect(preload.match(/\brequire\b/g)).toHaveLength(1);
    expect(preload).not.toMatch(/^\s*(import|export)\s/m);
    expect(preload).not.toMatch(/\bimport\(|import\.meta/);
    expect(preload).not.toMatch(/process\.|__dirname|__filename/);
  });

  it('runs the preload in a bare context with only electron to require: it exposes one bridge on the agreed channels', async () => {
    const exposed: { name: string; api: Record<string, unknown> }[] = [];
    const invoked: unknown[][] = [];
    const listeners = new Map<string, ((event: unknown, payload: unknown) => void)[]>();
    const requested: string[] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (name: string, api: Record<string, unknown>) => { exposed.push({ name, api }); } },
      ipcRenderer: {
        invoke: async (...args: unknown[]) => { invoked.push(args); return { ok: true }; },
        on: (channel: string, listener: (event: unknown, payload: unknown) => void) => { listeners.set(channel, [...(listeners.get(channel) ?? []), listener]); },
        removeListener: (channel: string, listener: unknown) => { listeners.set(channel, (listeners.get(channel) ?? []).filter((candidate) => candidate !== listener)); },
      },
    };
    const module = { exports: {} };
    const require = (id: string) => {
      requested.push(id);
      if (id !== 'electron') throw new Error(`a sandboxed preload cannot require ${id}`);
      return electron;
    };
    runInNewContext(preload, { require, module, exports: module.exports }, { filename: 'preload.cjs' });

    expect(requested).toEqual(['electron']);
    expect(exposed.map((entry) => entry.name)).toEqual([BRIDGE_GLOBAL]);
    const bridge = exposed[0]?.api as { request: (request: unknown) => Promise<unknown>; onEvent: (listener: (event: unknown) => void) => () => void };
    expect(Object.keys(bridge).sort()).toEqual(['onEvent', 'pickFolder', 'request']);

    expect(await bridge.request({ id: 'r1' })).toEqual({ ok: true });
    expect(invoked).toEqual([[REQUEST_CHANNEL, { id: 'r1' }]]);

    const seen: unknown[] = [];
    const stop = bridge.onEvent((event) => seen.push(event));
    for (const listener of listeners.get(EVENT_CHANNEL) ?? []) listener({ sender: 'the IpcRendererEvent' }, { type: 'engineError', message: 'x' });
    expect(seen).toEqual([{ type: 'engineError', message: 'x' }]);
    stop();
    expect(listeners.get(EVENT_CHANNEL)).toEqual([]);
  });
});
