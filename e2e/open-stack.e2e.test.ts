import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../shared/config/testing/temp-dir.ts';
import { NO_CHROMIUM_REASON, chromiumPath } from './support/chromium.ts';
import { openDashboard, type OpenDashboard } from './support/dashboard.ts';
import { REPO_ROOT, type RunningUi } from './support/stackdeck-ui.ts';

// "Open stack" in browser mode: the dashboard started on one small stack opens a second one through the path field.
const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
const STEP = 20_000;
const fixtureStack = (service: string) => ({
  'stackdeck.json': JSON.stringify({ services: { [service]: {
    command: ['node', join(REPO_ROOT, 'main/engine/testing/fixtures/http-service.mjs')], envDir: '.', port: { variable: 'PORT' }, readiness: { http: '/health', timeoutSeconds: 10 },
  } } }),
  '.env': `GREETING=${service}\n`,
});

describe.skipIf(!chromiumPath())(`open another stack in browser mode${chromiumPath() ? '' : ` (skipped: ${NO_CHROMIUM_REASON})`}`, () => {
  let dashboard: OpenDashboard | undefined;
  let ui: RunningUi;
  let page: Page;
  let other: string;

  beforeAll(async () => {
    other = mkdtempSync(join(tmpdir(), 'stackdeck-e2e-other-'));
    writeFiles(other, fixtureStack('beta-api'));
    dashboard = await openDashboard({ stack: fixtureStack('alpha-web'), context: { viewport: { width: 1280, height: 800 } } });
    ({ ui, page } = dashboard);
    await page.getByRole('article', { name: 'alpha-web' }).waitFor({ timeout: STEP });
  });

  afterAll(async () => {
    await dashboard?.close();
    if (other) rmSync(other, { recursive: true, force: true });
  });

  it('refuses a folder without a stackdeck.json with the CLI\'s message, then opens the second stack and lists its service', async () => {
    await page.getByRole('button', { name: 'Open stack…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Open stack' });
    const field = dialog.getByRole('textbox', { name: 'Stack folder' });

    await field.fill(tmpdir());
    await dialog.getByRole('button', { name: 'Open', exact: true }).click();
    await dialog.getByRole('alert').waitFor({ timeout: STEP });
    await expect(dialog.getByRole('alert').textContent()).resolves.toBe(`no stackdeck.json in ${tmpdir()}: run \`stackdeck init\` there to write one from what the repository already says (compose file, Procfile, package.json, Python entry points), or pass --root DIR`);
    // The open stack is untouched.
    await page.getByRole('article', { name: 'alpha-web' }).waitFor({ timeout: STEP });

    await field.fill(other);
    await dialog.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByRole('article', { name: 'beta-api' }).waitFor({ timeout: STEP });
    await page.getByRole('article', { name: 'alpha-web' }).waitFor({ state: 'detached', timeout: STEP });
    await page.getByRole('button', { name: 'Start all', exact: true }).click();
    await page.getByText('1/1 ready').waitFor({ timeout: STEP });

    // The first stack is now a recent one, one click away.
    await page.getByRole('button', { name: 'Open stack…' }).click();
    await page.getByRole('navigation', { name: 'Recent stacks' }).getByRole('button', { name: new RegExp(ui.root.split('/').at(-1) ?? 'x') }).waitFor({ timeout: STEP });
    await page.screenshot({ path: join(SCREENSHOTS, 'open-stack.png'), fullPage: false });
    await page.keyboard.press('Escape');
  }, 60_000);
});
