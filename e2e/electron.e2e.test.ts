// The Electron app end to end: the real binary, the real window, the real engine and the demo stack (stackdeck.json).
// Written for vitest with playwright-core (@playwright/test is not installed in this repository). It skips, saying why,
// where the Electron binary is missing (it cannot be downloaded on every machine) and on Linux without a display
// (run it under `xvfb-run -a`).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryResultSchemas } from '../shared/api/engine-contract.ts';
import { BRIDGE_GLOBAL } from '../main/electron/bridge-contract.ts';
import { buildElectron } from '../main/electron/build.ts';
import { electronBinary } from '../main/electron/electron-binary.ts';
import { APP_URL } from '../main/electron/navigation-policy.ts';

const ROOT = join(import.meta.dirname, '..');
const BINARY = electronBinary(ROOT);
const NO_DISPLAY = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const SKIP_REASON = BINARY === undefined
  ? 'the Electron binary cannot be downloaded on this machine'
  : NO_DISPLAY ? 'there is no display (DISPLAY is unset): run the e2e tests under xvfb-run' : undefined;
const STEP_MS = 90_000;

let app: ElectronApplication | undefined;
let page: Page;
let servicePids: number[] = [];

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => boolean, what: string, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${limitMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// The stack as the window's own bridge reports it: the same request the dashboard sends.
async function stackStateFromPage() {
  const answer = await page.evaluate(async (bridgeName) => {
    const bridge = (window as unknown as Record<string, { request(request: unknown): Promise<unknown> }>)[bridgeName];
    return bridge?.request({ id: 'e2e-state', kind: 'query', body: { type: 'stackState' } });
  }, BRIDGE_GLOBAL);
  const parsed = answer as { ok: boolean; result?: unknown };
  if (!parsed.ok) throw new Error(`stackState failed: ${JSON.stringify(answer)}`);
  return QueryResultSchemas.stackState.parse(parsed.result);
}

describe('the Electron app', () => {
  beforeAll(async () => {
    if (SKIP_REASON !== undefined || BINARY === undefined) return;
    // The window loads what `npm run build` makes: the dashboard (vite) and the main process bundle.
    const vite = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8' });
    if (vite.status !== 0) throw new Error(`vite build failed: ${vite.stderr}`);
    await buildElectron();
    app = await electron.launch({
      executablePath: BINARY,
      // Chromium refuses to start as root unless its own process sandbox is off (CI containers); the page's sandbox stays on.
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), ROOT],
      cwd: ROOT,
      env: { ...process.env, STACKDECK_ROOT: ROOT, ENVIRONMENT: 'development' } as Record<string, string>,
      timeout: STEP_MS,
    });
    page = await app.firstWindow({ timeout: STEP_MS });
    await page.getByRole('tab', { name: 'Services' }).waitFor({ timeout: STEP_MS });
  }, 4 * STEP_MS);

  afterAll(async () => {
    if (!app) return;
    // Closing the app quits it: the engine stops every service before the process exits.
    await app.close();
    await until(() => servicePids.every((pid) => !isAlive(pid)), `the services (pids ${servicePids.join(', ')}) to be gone`, 30_000);
  }, 2 * STEP_MS);

  it('opens the dashboard from app://stackdeck/ in a hardened window, with only the bridge on the page', async (context) => {
    context.skip(SKIP_REASON !== undefined, SKIP_REASON);
    if (!app) throw new Error('the app did not start');
    expect(page.url()).toBe(APP_URL);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((shown) => shown.webContents.getURL()))).toEqual([APP_URL]);
    // No Node in the page (nodeIntegration off, sandbox on), and the isolated preload leaves exactly its one object.
    const globals = await page.evaluate((bridgeName) => {
      const scope = window as unknown as Record<string, unknown>;
      const bridge = scope[bridgeName] as Record<string, unknown> | undefined;
      return { require: typeof scope.require, process: typeof scope.process, bridge: bridge ? Object.keys(bridge).sort() : null };
    }, BRIDGE_GLOBAL);
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', bridge: ['onEvent', 'request'] });
  }, STEP_MS);

  it('starts all services from the Services view', async (context) => {
    context.skip(SKIP_REASON !== undefined, SKIP_REASON);
    await page.getByRole('tab', { name: 'Services' }).click();
    await page.getByRole('button', { name: 'Start all', exact: true }).click();
    await page.getByText('2/2 ready').waitFor({ timeout: STEP_MS });
    for (const name of ['auth', 'backend']) {
      await page.getByRole('article', { name }).waitFor({ timeout: STEP_MS });
    }
    const state = await stackStateFromPage();
    expect(state.services.map((service) => [service.name, service.state])).toEqual([['auth', 'ready'], ['backend', 'ready']]);
    servicePids = state.services.flatMap((service) => (service.pid === null ? [] : [service.pid]));
    expect(servicePids).toHaveLength(2);
  }, 2 * STEP_MS);

  it('shows where each variable came from in the Configuration view', async (context) => {
    context.skip(SKIP_REASON !== undefined, SKIP_REASON);
    await page.getByRole('tab', { name: 'Configuration' }).click();
    const table = page.getByRole('table', { name: 'Variables of auth' });
    await table.waitFor({ timeout: STEP_MS });
    // PORT is the launcher's: it chose the port when it started auth.
    const port = table.getByRole('row').filter({ has: page.locator('code', { hasText: /^PORT$/ }) });
    await expect(port.locator('.source__kind').textContent({ timeout: STEP_MS })).resolves.toBe('launcher');
    const kinds = await table.locator('.variable__source .source__kind').allTextContents();
    for (const kind of kinds) expect(['override', 'launcher', 'OS env', 'file', 'fallback', 'default']).toContain(kind);
    expect(new Set(kinds).size, kinds.join(', ')).toBeGreaterThan(1);
    // Every variable that has a source says exactly where in its tooltip (file:line, generated fallback (file), ...).
    const titles = await table.locator('.variable__source .source:not(.source--none)').evaluateAll((badges) => badges.map((badge) => badge.getAttribute('title') ?? ''));
    expect(titles.length).toBe(kinds.length);
    expect(titles.every((title) => title.length > 0), titles.join(' | ')).toBe(true);
  }, 2 * STEP_MS);

  it('starts an agent run and shows it in the Agents view', async (context) => {
    context.skip(SKIP_REASON !== undefined, SKIP_REASON);
    await page.getByRole('tab', { name: 'Agents' }).click();
    const form = page.getByRole('form', { name: 'Start agent runs' });
    await form.getByRole('textbox').fill('e2e-agent');
    await form.getByRole('button', { name: 'Start runs' }).click();
    const row = page.getByRole('table', { name: 'Agent runs' }).getByRole('row').filter({ hasText: 'e2e-agent' });
    await row.first().waitFor({ timeout: STEP_MS });
    expect(await row.first().textContent()).toMatch(/normal/);
    // The monitor follows it: a heartbeat arrives (the beats column counts up from 0).
    await page.waitForFunction(() => {
      const cells = [...document.querySelectorAll('table.runs tbody tr')].filter((tr) => tr.textContent?.includes('e2e-agent'))
        .map((tr) => tr.querySelector('td.numeric')?.textContent ?? '0');
      return cells.some((text) => Number(text) > 0);
    }, undefined, { timeout: STEP_MS });
  }, 2 * STEP_MS);
});
