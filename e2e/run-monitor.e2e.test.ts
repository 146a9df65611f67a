import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS } from '../renderer/agents/export-runs.ts';
import { NO_CHROMIUM_REASON, chromiumPath } from './support/chromium.ts';
import { openDashboard, type OpenDashboard } from './support/dashboard.ts';

// QA explains a run after the fact: the real launcher, services and dashboard in Chromium; the run's drawer, a rerun,
// and the table exported as CSV.
const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
const STEP = 30_000;

describe.skipIf(!chromiumPath())(`the run monitor in browser mode${chromiumPath() ? '' : ` (skipped: ${NO_CHROMIUM_REASON})`}`, () => {
  let dashboard: OpenDashboard | undefined;
  let page: Page;

  beforeAll(async () => {
    dashboard = await openDashboard({ context: { acceptDownloads: true } });
    ({ page } = dashboard);
    await page.getByRole('tab', { name: 'Services' }).click({ timeout: STEP });
    await page.getByRole('button', { name: 'Start all', exact: true }).click();
    await page.getByText('2/2 ready').waitFor({ timeout: STEP });
    await page.getByRole('tab', { name: 'Agents' }).click();
    await page.getByRole('group', { name: 'Agent monitor' }).getByText('connected', { exact: true }).waitFor({ timeout: STEP });
  });

  afterAll(() => dashboard?.close());

  const runsTable = () => page.getByRole('table', { name: 'Agent runs' });

  it('opens a dead run\'s drawer: its cause, events in order, beats with the gap marked, the host\'s loop delay and its log lines', async () => {
    const form = page.getByRole('form', { name: 'Start agent runs' });
    await form.getByRole('textbox', { name: 'Agent name' }).fill('qa-drawer');
    await form.getByRole('combobox', { name: 'Scenario' }).selectOption('hang');
    await form.getByRole('button', { name: 'Start runs' }).click();
    const row = runsTable().getByRole('row').filter({ hasText: 'qa-drawer' });
    await row.getByText('DEAD', { exact: true }).first().waitFor({ timeout: STEP });
    await row.getByRole('button', { name: /^Open run exec_/ }).click();
    const drawer = page.getByRole('dialog', { name: /^Run exec_/ });
    await drawer.getByText(/stopped sending heartbeats and was declared dead after 1\.5 s/).first().waitFor({ timeout: STEP });
    const events = drawer.getByRole('region', { name: 'Events' }).locator('.drawer__event-type');
    await events.filter({ hasText: 'agent_death' }).waitFor({ timeout: STEP });
    const types = await events.allTextContents();
    expect(types[0]).toBe('agent_started');
    expect(types.at(-1)).toBe('agent_death');
    expect(types.indexOf('agent_state')).toBeGreaterThan(types.lastIndexOf('agent_heartbeat'));
    const timeline = drawer.getByRole('img', { name: /^Heartbeats and event-loop delay/ });
    // The host's samples arrive every 2 s: wait until the drawer has some over the run's window.
    await page.waitForFunction(() => /host event-loop delay at most \d+ ms/.test(document.querySelector('.run-timeline svg')?.getAttribute('aria-label') ?? ''), undefined, { timeout: STEP });
    expect(await timeline.getAttribute('aria-label')).toMatch(/heartbeats received; 1 gap \(\d+\.\d s\)/);
    const logs = drawer.getByRole('region', { name: 'Log lines of this run' });
    await logs.getByText(/agent_started/).waitFor({ timeout: STEP });
    expect(await logs.textContent()).toMatch(/agent_death/);
    await drawer.screenshot({ path: join(SCREENSHOTS, 'run-drawer.png') });
    await page.screenshot({ path: join(SCREENSHOTS, 'run-drawer-page.png') });
  });

  it('reruns it as it was, then as a scenario that never beats, following each new run', async () => {
    const drawer = page.getByRole('dialog', { name: /^Run exec_/ });
    const first = (await drawer.getAttribute('aria-label'))?.replace('Run ', '');
    await drawer.getByRole('button', { name: 'Rerun (hang)' }).click();
    await page.waitForFunction((id) => {
      const label = document.querySelector('aside.drawer')?.getAttribute('aria-label');
      return label !== undefined && label !== null && label !== `Run ${id}`;
    }, first, { timeout: STEP });
    const second = (await drawer.getAttribute('aria-label'))?.replace('Run ', '');
    await drawer.getByText('hang', { exact: true }).first().waitFor({ timeout: STEP });
    await drawer.getByRole('combobox', { name: 'Rerun scenario' }).selectOption('mute');
    await drawer.getByRole('button', { name: 'Rerun as mute' }).click();
    await page.waitForFunction((id) => document.querySelector('aside.drawer')?.getAttribute('aria-label') !== `Run ${id}`, second, { timeout: STEP });
    await drawer.getByText('NEVER_HEARTBEATED', { exact: true }).first().waitFor({ timeout: STEP });
    await drawer.getByText(/sent no heartbeat within 1\.5 s/).first().waitFor({ timeout: STEP });
    await drawer.screenshot({ path: join(SCREENSHOTS, 'run-drawer-never-heartbeated.png') });
    expect(await runsTable().getByRole('row').filter({ hasText: 'qa-drawer' }).count()).toBe(3);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached', timeout: STEP });
  });

  it('exports the runs table as CSV a spreadsheet reads: a header and one row a run', async () => {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: STEP }), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^agent-runs-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.csv$/);
    const path = await download.path();
    const lines = readFileSync(path, 'utf8').split('\r\n').filter((line) => line !== '');
    expect(lines[0]).toBe(EXPORT_COLUMNS.join(','));
    const mine = lines.filter((line) => line.includes(',qa-drawer,'));
    expect(mine).toHaveLength(3);
    expect(mine.map((line) => line.split(',')[2]).sort()).toEqual(['hang', 'hang', 'mute']);
    expect(mine.some((line) => line.includes(',NEVER_HEARTBEATED,NEVER_HEARTBEATED,'))).toBe(true);
  });
});
