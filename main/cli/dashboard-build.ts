import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Stackdeck's own folder (not the stack's): the dashboard's sources and its build live here.
const STACKDECK_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DASHBOARD_DIR = join(STACKDECK_ROOT, 'dist', 'renderer');
// What the dashboard is built from: its own folder, the shared code it imports, and the build's configuration.
const DASHBOARD_SOURCES = ['renderer', 'shared', 'vite.config.ts'];
// Files that never reach the bundle: a test edited does not call for a rebuild.
const NOT_BUILT_FROM = /\.test\.tsx?$|(^|[\\/])(testing|dev)([\\/]|$)/;

export type DashboardState = { state: 'fresh' } | { state: 'no-sources' } | { state: 'missing' } | { state: 'stale'; newer: string };

// Why: `stackdeck ui` and `npm start` must serve the dashboard of the sources in front of them, never an old or absent build.
export function dashboardState(root = STACKDECK_ROOT): DashboardState {
  if (!existsSync(join(root, 'renderer', 'index.html'))) return { state: 'no-sources' };
  let builtAtMs: number;
  try {
    builtAtMs = statSync(join(root, 'dist', 'renderer', 'index.html')).mtimeMs;
  } catch {
    return { state: 'missing' };
  }
  for (const source of DASHBOARD_SOURCES) {
    const newer = newerFile(join(root, source), source, builtAtMs);
    if (newer) return { state: 'stale', newer };
  }
  return { state: 'fresh' };
}

function newerFile(path: string, shown: string, thanMs: number): string | undefined {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats) return undefined;
  if (!stats.isDirectory()) return stats.mtimeMs > thanMs ? shown : undefined;
  for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    if (NOT_BUILT_FROM.test(file.slice(path.length))) continue;
    if (statSync(file).mtimeMs > thanMs) return join(shown, file.slice(path.length + 1));
  }
  return undefined;
}

export interface BuildProgress {
  say: (line: string) => void;
  // Vite's warnings and errors, as it prints them.
  detail: (text: string) => void;
}

// Why: builds the dashboard when it is missing or older than its sources, saying so while it works; true when one is there after.
export async function ensureDashboardBuilt(progress: BuildProgress, root = STACKDECK_ROOT): Promise<boolean> {
  const state = dashboardState(root);
  if (state.state === 'fresh') return true;
  if (state.state === 'no-sources') return existsSync(join(root, 'dist', 'renderer', 'index.html'));
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite)) {
    progress.say(`stackdeck: the dashboard is ${state.state === 'missing' ? 'not built' : 'out of date'} and Vite is not installed to build it (run npm ci)`);
    return state.state === 'stale';
  }
  progress.say(`stackdeck: building the dashboard (${state.state === 'missing' ? 'not built yet' : `${state.newer} changed since the last build`})...`);
  const started = performance.now();
  const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.setEncoding('utf8').on('data', progress.detail);
  child.stderr.setEncoding('utf8').on('data', progress.detail);
  const ticker = setInterval(() => progress.say(`stackdeck: still building the dashboard (${Math.round((performance.now() - started) / 1000)} s)`), 5_000);
  const code = await new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(null));
    child.once('close', resolve);
  });
  clearInterval(ticker);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (code === 0) {
    progress.say(`stackdeck: dashboard built in ${seconds} s`);
    return true;
  }
  progress.say(`stackdeck: building the dashboard failed after ${seconds} s (see above); \`npx vite build\` shows why`);
  return existsSync(join(root, 'dist', 'renderer', 'index.html'));
}
