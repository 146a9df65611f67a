import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_CHROMIUM_REASON, chromiumPath } from './support/chromium.ts';
import { openDashboard, type OpenDashboard } from './support/dashboard.ts';
import { type RunningUi } from './support/stackdeck-ui.ts';

// The three users' stories against the real launcher (`stackdeck ui`), the real services and the built dashboard, in Chromium.
const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
const STEP = 30_000;

describe.skipIf(!chromiumPath())(`user stories in browser mode${chromiumPath() ? '' : ` (skipped: ${NO_CHROMIUM_REASON})`}`, () => {
  let dashboard: OpenDashboard | undefined;
  let ui: RunningUi;
  let page: Page;

  beforeAll(async () => {
    dashboard = await openDashboard();
    ({ ui, page } = dashboard);
    await page.getByRole('tab', { name: 'Services' }).waitFor({ timeout: STEP });
  });

  afterAll(() => dashboard?.close());

  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
  const card = (service: string) => page.getByRole('article', { name: service });
  const engineRequest = async (body: unknown) => {
    const url = new URL(ui.url);
    const response = await fetch(new URL('/api/request', url.origin), {
      method: 'POST',
      headers: { authorization: `Bearer ${url.searchParams.get('token')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'e2e', kind: 'query', body }),
    });
    return (await response.json() as { result: { services: { name: string; pid: number | null }[] } }).result;
  };

  it('a developer starts the stack with one click: both services ready, logs visible', async () => {
    await page.getByRole('tab', { name: 'Services' }).click();
    await page.getByRole('button', { name: 'Start all', exact: true }).click();
    await page.getByText('2/2 ready').waitFor({ timeout: STEP });
    for (const service of ['auth', 'backend']) {
      await expect(card(service).getByText('ready', { exact: true }).first().textContent({ timeout: STEP })).resolves.toBe('ready');
      await card(service).getByRole('link', { name: new RegExp(`^Open ${service} on port \\d+$`) }).waitFor({ timeout: STEP });
    }
    await shot('services');
    await page.getByRole('tab', { name: 'Logs' }).click();
    const output = page.getByRole('region', { name: 'Log output: all services' });
    await output.getByText(/Server listening at http:\/\/127\.0\.0\.1/).first().waitFor({ timeout: STEP });
    await shot('logs');
  });

  it('a developer edits an env file: the new value and its file:line appear, a stale banner, a restart makes it fresh', async () => {
    await page.getByRole('tab', { name: 'Configuration' }).click();
    const table = page.getByRole('table', { name: 'Variables of auth' });
    const row = table.getByRole('row').filter({ has: page.locator('code', { hasText: /^ACCESS_TOKEN_TTL_SECONDS$/ }) });
    await row.getByText('900').waitFor({ timeout: STEP });
    await expect(row.textContent()).resolves.toContain('services/auth/.env:1');

    writeFileSync(join(ui.root, 'services/auth/.env'), 'LOG_LEVEL=info\nACCESS_TOKEN_TTL_SECONDS=60\n');
    await row.getByText('60', { exact: true }).waitFor({ timeout: STEP });
    await expect(row.textContent()).resolves.toContain('services/auth/.env:2');
    await row.getByText('changed').waitFor({ timeout: STEP });
    const banner = page.getByRole('region', { name: 'auth runs with stale values' }).first();
    await banner.waitFor({ timeout: STEP });
    await expect(banner.textContent()).resolves.toContain('ACCESS_TOKEN_TTL_SECONDS');
    await shot('configuration-stale');

    await banner.getByRole('button', { name: 'Restart auth to apply changes' }).click();
    await page.getByRole('region', { name: 'auth runs with stale values' }).first().waitFor({ state: 'detached', timeout: STEP });
    await page.getByRole('tab', { name: 'Services' }).click();
    await page.getByText('2/2 ready').waitFor({ timeout: STEP });
    await shot('configuration-fresh');
  });

  it('QA starts a hang run and watches it go unresponsive, then dead with no_heartbeat', async () => {
    await page.getByRole('tab', { name: 'Agents' }).click();
    await page.getByRole('group', { name: 'Agent monitor' }).getByText('connected', { exact: true }).waitFor({ timeout: STEP });
    const form = page.getByRole('form', { name: 'Start agent runs' });
    await form.getByRole('textbox', { name: 'Agent name' }).fill('qa-hang');
    await form.getByRole('combobox', { name: 'Scenario' }).selectOption('hang');
    await form.getByRole('button', { name: 'Start runs' }).click();
    const run = page.getByRole('table', { name: 'Agent runs' }).getByRole('row').filter({ hasText: 'qa-hang' });
    await run.getByText('UNRESPONSIVE', { exact: true }).first().waitFor({ timeout: STEP });
    await shot('agents-unresponsive');
    await run.getByText('DEAD', { exact: true }).first().waitFor({ timeout: STEP });
    await run.getByText('no_heartbeat').first().waitFor({ timeout: STEP });
    await shot('agents-dead');
  });

  it('a killed service shows why it crashed, and comes back', async () => {
    await page.getByRole('tab', { name: 'Services' }).click();
    const before = (await engineRequest({ type: 'stackState' })).services.find((service) => service.name === 'backend');
    expect(before?.pid).toEqual(expect.any(Number));
    process.kill(before?.pid ?? 0, 'SIGKILL');
    const why = page.getByRole('region', { name: 'Why backend crashed' });
    await why.waitFor({ timeout: STEP });
    await expect(why.textContent()).resolves.toContain('SIGKILL');
    await shot('services-crashed');
    await page.getByText('2/2 ready').waitFor({ timeout: STEP });
    const after = (await engineRequest({ type: 'stackState' })).services.find((service) => service.name === 'backend');
    expect(after?.pid).not.toBe(before?.pid);
    await shot('services-restarted');
  });

  it('a developer sees what breaks without a variable, which services require it, and the database URL each driver receives', async () => {
    const password = 'e2e-database-password';
    writeFileSync(join(ui.root, 'services/backend/.env.local'), `POSTGRES_HOST=db.internal\nPOSTGRES_USER=app\nPOSTGRES_PASSWORD=${password}\nPOSTGRES_DB=orders\nDATABASE_URL=postgresql://root@old-db/legacy\n`);
    await page.getByRole('tab', { name: 'Configuration' }).click();
    await page.getByRole('radio', { name: 'backend' }).click();
    const table = page.getByRole('table', { name: 'Variables of backend' });
    const row = (key: string) => table.getByRole('row').filter({ has: page.locator('code', { hasText: new RegExp(`^${key}$`) }) });
    await row('DATABASE_URL').getByText(/^ignored: the URL is built from POSTGRES_HOST, POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB$/).waitFor({ timeout: STEP });
    await row('DATABASE_URL').getByRole('button', { name: 'Show sources of DATABASE_URL' }).click();
    const effective = page.getByRole('region', { name: 'Effective URL of DATABASE_URL' });
    await expect(effective.textContent()).resolves.toContain('built from POSTGRES_HOST (services/backend/.env.local:1)');
    await expect(effective.getByRole('row').allTextContents()).resolves.toEqual([
      'asyncpgpostgresql+asyncpg://app:***@db.internal:5432/orders?ssl=require',
      'psycopg/libpqpostgresql://app:***@db.internal:5432/orders?sslmode=require',
    ]);
    await row('JWT_SECRET_KEY').getByRole('button', { name: 'Show sources of JWT_SECRET_KEY' }).click();
    const depends = page.getByLabel('What depends on JWT_SECRET_KEY');
    await expect(depends.textContent()).resolves.toMatch(/^Breaks without it.+Required byauth, backend in every profile$/);
    await shot('configuration-consequences');
    await expect(page.content()).resolves.not.toContain(password);
  });
});
