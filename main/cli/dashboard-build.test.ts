import { existsSync, symlinkSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, writeFiles } from '../../shared/config/testing/temp-dir.ts';
import { dashboardState, ensureDashboardBuilt } from './dashboard-build.ts';

const REPO_NODE_MODULES = fileURLToPath(new URL('../../node_modules', import.meta.url));

let cleanup = () => {};
afterEach(() => cleanup());

// A small project laid out like Stackdeck's: renderer/ sources, shared/ code, a Vite config, and the real Vite in node_modules.
function project(): { dir: string; age: (path: string, secondsFromNow: number) => void } {
  const temp = makeTempDir({
    'renderer/index.html': '<!doctype html><html><body><script type="module" src="./main.ts"></script></body></html>\n',
    'renderer/main.ts': "import { GREETING } from '../shared/greeting.ts';\ndocument.body.textContent = GREETING;\n",
    'renderer/main.test.ts': '',
    'shared/greeting.ts': "export const GREETING = 'hello';\n",
    'vite.config.ts': "export default { root: 'renderer', logLevel: 'warn', build: { outDir: '../dist/renderer', emptyOutDir: true } };\n",
  });
  cleanup = temp.cleanup;
  symlinkSync(REPO_NODE_MODULES, join(temp.dir, 'node_modules'));
  const age = (path: string, secondsFromNow: number) => {
    const at = Date.now() / 1000 + secondsFromNow;
    utimesSync(join(temp.dir, path), at, at);
  };
  return { dir: temp.dir, age };
}

describe('the dashboard build', () => {
  it('is built when missing, with progress said, then fresh and silent; a changed source (not a test) makes it stale', async () => {
    const { dir, age } = project();
    expect(dashboardState(dir)).toEqual({ state: 'missing' });
    const said: string[] = [];
    const progress = { say: (line: string) => said.push(line), detail: (text: string) => said.push(text) };
    expect(await ensureDashboardBuilt(progress, dir)).toBe(true);
    expect(said[0]).toBe('stackdeck: building the dashboard (not built yet)...');
    expect(said.at(-1)).toMatch(/^stackdeck: dashboard built in \d+\.\d s$/);
    expect(existsSync(join(dir, 'dist/renderer/index.html'))).toBe(true);

    for (const source of ['renderer/index.html', 'renderer/main.ts', 'renderer/main.test.ts', 'shared/greeting.ts', 'vite.config.ts']) age(source, -60);
    said.length = 0;
    expect(dashboardState(dir)).toEqual({ state: 'fresh' });
    expect(await ensureDashboardBuilt(progress, dir)).toBe(true);
    expect(said).toEqual([]);

    age('renderer/main.test.ts', 60);
    expect(dashboardState(dir)).toEqual({ state: 'fresh' });
    age('shared/greeting.ts', 60);
    expect(dashboardState(dir)).toEqual({ state: 'stale', newer: join('shared', 'greeting.ts') });
    writeFiles(dir, { 'renderer/main.ts': "document.body.textContent = 'changed';\n" });
    expect(await ensureDashboardBuilt(progress, dir)).toBe(true);
    expect(said[0]).toMatch(/^stackdeck: building the dashboard \((renderer\/main\.ts|shared\/greeting\.ts) changed since the last build\)\.\.\.$/);
  }, 60_000);

  it('says what is wrong, without building, where there are no sources or no Vite', async () => {
    const temp = makeTempDir({ 'renderer/index.html': '<!doctype html>\n' });
    cleanup = temp.cleanup;
    const said: string[] = [];
    expect(await ensureDashboardBuilt({ say: (line) => said.push(line), detail: (text) => said.push(text) }, temp.dir)).toBe(false);
    expect(said).toEqual(['stackdeck: the dashboard is not built and Vite is not installed to build it (run npm ci)']);
    expect(dashboardState(join(temp.dir, 'nowhere'))).toEqual({ state: 'no-sources' });
  });
});
