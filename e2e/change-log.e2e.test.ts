import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_CHROMIUM_REASON, chromiumPath } from './support/chromium.ts';
import { openDashboard, type OpenDashboard } from './support/dashboard.ts';
import { type RunningUi } from './support/stackdeck-ui.ts';

// The session change log and notifications in browser mode: the real launcher and services, the built dashboard,
// Chromium with the notification permission granted and window.Notification wrapped to record what the page shows.
const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
const STEP = 30_000;
const SHORT_SECRET = 'e2e-short-jwt-secret';

interface Recorded { title: string; body: string; tag: string }

describe.skipIf(!chromiumPath())(`change log and notifications in browser mode${chromiumPath() ? '' : ` (skipped: ${NO_CHROMIUM_REASON})`}`, () => {
  let dashboard: OpenDashboard | undefined;
  let ui: RunningUi;
  let page: Page;

  beforeAll(async () => {
    dashboard = await openDashboard({
      prepare: async (context, started) => {
        await context.grantPermissions(['notifications'], { origin: new URL(started.url).origin });
        await context.addInitScript(() => {
          const Native = window.Notification;
          const recorded: { title: string; body: string; tag: string }[] = [];
          (window as unknown as { recordedNotifications: typeof recorded }).recordedNotifications = recorded;
          class Recording extends Native {
            constructor(title: string, options?: NotificationOptions) {
              recorded.push({ title, body: options?.body ?? '', tag: options?.tag ?? '' });
              super(title, options);
            }
          }
          window.Notification = Recording;
        });
      },
    });
    ({ ui, page } = dashboard);
    await page.getByRole('tab', { name: 'Services' }).waitFor({ timeout: STEP });
  });

  afterAll(() => dashboard?.close());

  const recorded = () => page.evaluate(() => (window as unknown as { recordedNotifications: Recorded[] }).recordedNotifications);
  const engineRequest = async (kind: 'command' | 'query', body: unknown) => {
    const url = new URL(ui.url);
    const response = await fetch(new URL('/api/request', url.origin), {
      method: 'POST',
      headers: { authorization: `Bearer ${url.searchParams.get('token')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'e2e', kind, body }),
    });
    return response.json() as Promise<{ ok: boolean; result?: { status?: string } }>;
  };

  it('an env edit that adds an error: a sticky notice, the change-log entry with masked values and the findings added, one browser notification', async () => {
    // Permission was granted before: notifications are on without a prompt.
    await page.getByRole('button', { name: 'Notifications on' }).waitFor({ timeout: STEP });
    writeFileSync(join(ui.root, 'services/auth/.env'), `ACCESS_TOKEN_TTL_SECONDS=soon\nLOG_LEVEL=info\nJWT_SECRET_KEY=${SHORT_SECRET}\n`);

    const notice = page.getByRole('alert', { name: 'Configuration got worse' });
    await notice.waitFor({ timeout: STEP });
    await expect(notice.textContent()).resolves.toContain('services/auth/.env (');
    await expect(notice.textContent()).resolves.toMatch(/\d+ new errors?; 1 new warning; auth health \d+ → \d+/);

    await notice.getByRole('button', { name: 'Open the change log' }).click();
    const log = page.getByRole('region', { name: 'Change log' });
    const entry = log.getByRole('listitem', { name: /^Edit at \d\d:\d\d:\d\d to services\/auth\/\.env$/ });
    await entry.waitFor({ timeout: STEP });
    const values = entry.getByRole('table', { name: 'Values changed' });
    const row = (key: string) => values.getByRole('row').filter({ has: page.locator('code', { hasText: new RegExp(`^${key}$`) }) });
    await expect(row('ACCESS_TOKEN_TTL_SECONDS').textContent()).resolves.toBe('authACCESS_TOKEN_TTL_SECONDS900services/auth/.env:1soonservices/auth/.env:1');
    await expect(row('JWT_SECRET_KEY').textContent()).resolves.toMatch(/^authJWT_SECRET_KEY\*\*\*generated fallback \(\.stackdeck\/fallback-secrets\.json\)\*\*\*services\/auth\/\.env:3$/);
    const added = entry.getByRole('group', { name: 'Findings added' });
    await expect(added.textContent()).resolves.toContain('invalid-value');
    await expect(added.textContent()).resolves.toContain('secret-too-short');
    await expect(entry.textContent()).resolves.toContain('made it worse');
    await page.screenshot({ path: join(SCREENSHOTS, 'change-log.png') });

    await expect.poll(recorded, { timeout: STEP }).toHaveLength(1);
    const [notification] = await recorded();
    expect(notification?.title).toBe('Stackdeck: An env edit made the configuration worse');
    expect(notification?.body).toMatch(/^services\/auth\/\.env \(.*JWT_SECRET_KEY.*\): \d+ new errors?; 1 new warning; auth health/);
    expect(notification?.tag).toMatch(/^stackdeck-[0-9a-f]{8}$/);
    // The secret is nowhere: not in the page, not in a notification.
    expect(await page.content()).not.toContain(SHORT_SECRET);
    expect(JSON.stringify(await recorded())).not.toContain(SHORT_SECRET);

    // Seen: the notice goes, and stays gone after a reload; the engine still has the entry.
    await notice.getByRole('button', { name: 'Seen' }).click();
    await notice.waitFor({ state: 'detached', timeout: STEP });
    await page.reload();
    await page.getByRole('tab', { name: 'Configuration' }).click();
    await page.getByRole('radio', { name: 'Change log' }).check();
    await log.getByRole('listitem', { name: /^Edit at / }).first().waitFor({ timeout: STEP });
    await expect(log.textContent()).resolves.toContain('made it worse (seen)');
    expect(await page.getByRole('alert', { name: 'Configuration got worse' }).count()).toBe(0);

    // The fix is logged too, with what it cleared.
    writeFileSync(join(ui.root, 'services/auth/.env'), 'ACCESS_TOKEN_TTL_SECONDS=600\nLOG_LEVEL=info\n');
    await log.getByRole('listitem', { name: /^Edit at / }).nth(1).waitFor({ timeout: STEP });
    await expect(log.getByRole('listitem', { name: /^Edit at / }).first().getByRole('group', { name: 'Findings cleared' }).textContent()).resolves.toContain('invalid-value');
  });

  it('agent deaths raise one grouped browser notification', async () => {
    await page.getByRole('tab', { name: 'Services' }).click();
    await page.getByRole('button', { name: 'Start all', exact: true }).click();
    await page.getByText('2/2 ready').waitFor({ timeout: STEP });
    // Deaths are heard over the monitor's socket to the backend: runs start once it is connected.
    await expect.poll(async () => (await engineRequest('query', { type: 'agentRuns' })).result?.status, { timeout: STEP }).toBe('connected');
    const before = (await recorded()).length;
    expect((await engineRequest('command', { type: 'startAgentRun', agent_name: 'e2e-hang', scenario: 'hang', count: 2 })).ok).toBe(true);
    await expect.poll(async () => (await recorded()).length, { timeout: STEP }).toBe(before + 1);
    const notification = (await recorded()).at(-1);
    expect(notification?.title).toBe('Stackdeck: 2 agents died');
    expect(notification?.body).toContain('e2e-hang');
  });
});
