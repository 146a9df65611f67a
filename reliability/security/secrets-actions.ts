import type { Page } from 'playwright-core';
import type { RunningUi } from '../../e2e/support/stackdeck-ui.ts';
import type { ServiceState } from '../../shared/api/service-status.ts';
import { STEP_MS, chooseOption, openTab } from './secrets-ui.ts';
import { engineRequest, stackState } from './secrets-web.ts';

// How long the real stack may take to settle (auth healthy, backend healthy, the leaker given up) on a busy machine.
export const SETTLE_MS = 60_000;

// Why: the stack is started as a user starts it, with one click (or, without a browser, the API's start); the scan waits
// (bounded) until every service has settled.
export async function startAllAndSettle(page: Page | undefined, ui: RunningUi, expected: Record<string, ServiceState>): Promise<void> {
  if (page) {
    await openTab(page, 'Services');
    await page.getByRole('button', { name: 'Start all', exact: true }).click({ timeout: STEP_MS });
  } else await engineRequest(ui, 'command', { type: 'start' });
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const state = await stackState(ui);
    const settled = Object.entries(expected).every(([name, wanted]) => state.services.find((service) => service.name === name)?.state === wanted);
    if (settled) return;
    if (Date.now() > deadline) throw new Error(`the stack did not settle within ${SETTLE_MS / 1000} s: ${JSON.stringify(state.services.map(({ name, state: now, message }) => ({ name, now, message })))}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// Why: a secret typed into the override form must leave the page once it is set (the field empties, the table masks it).
export async function overrideInForm(page: Page, service: string, key: string, value: string): Promise<void> {
  await openTab(page, 'Configuration');
  await chooseOption(page, 'Service', service);
  const form = page.getByRole('form', { name: `Override a variable of ${service}` });
  await form.getByRole('combobox', { name: 'Override key' }).fill(key, { timeout: STEP_MS });
  await form.getByRole('textbox', { name: 'Override value' }).fill(value, { timeout: STEP_MS });
  await form.getByRole('button', { name: 'Set override' }).click({ timeout: STEP_MS });
  const row = page.getByRole('table', { name: `Variables of ${service}` }).getByRole('row').filter({ has: page.locator('code', { hasText: new RegExp(`^${key}$`) }) });
  await row.getByRole('button', { name: `Clear override of ${key}` }).waitFor({ timeout: STEP_MS });
}

// Why: the agents view shows runs only once there are some; one normal run fills it (and its heartbeats flow).
export async function startAgentRunInForm(page: Page, agentName: string): Promise<void> {
  await openTab(page, 'Agents');
  await page.getByRole('group', { name: 'Agent monitor' }).getByText('connected', { exact: true }).waitFor({ timeout: STEP_MS });
  const form = page.getByRole('form', { name: 'Start agent runs' });
  await form.getByRole('textbox', { name: 'Agent name' }).fill(agentName, { timeout: STEP_MS });
  await form.getByRole('button', { name: 'Start runs' }).click({ timeout: STEP_MS });
  await page.getByRole('table', { name: 'Agent runs' }).getByRole('row').filter({ hasText: agentName }).first().waitFor({ timeout: STEP_MS });
}
