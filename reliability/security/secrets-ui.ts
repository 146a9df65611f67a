import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../e2e/support/chromium.ts';
import type { RunningUi } from '../../e2e/support/stackdeck-ui.ts';
import type { SecretScanner } from './secrets-scanner.ts';

// Every wait in the page is bounded by this.
export const STEP_MS = 20_000;

export interface Dashboard {
  page: Page;
  close(): Promise<void>;
}

export interface PageText {
  // What a person reads (innerText) and every form field's current value.
  text: string;
  // The serialised DOM: attribute values (title, aria-label, data-*) included.
  html: string;
}

// Why: the dashboard as a user opens it: the printed URL in Chromium, with the clipboard allowed so the log panes' Copy works.
export async function openDashboard(ui: RunningUi): Promise<Dashboard> {
  const browser: Browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    await page.goto(ui.url);
    await page.getByRole('tab', { name: 'Services' }).waitFor({ timeout: STEP_MS });
    return { page, close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

// Why: the text and the markup of the page as it stands; form values are properties, not attributes, so they are read apart.
export async function readPage(page: Page): Promise<PageText> {
  const text = await page.evaluate(() => {
    const fields = [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>('input, textarea, select')];
    return `${document.body.innerText}\n${fields.map((field) => field.value).join('\n')}`;
  });
  return { text, html: await page.content() };
}

// Why: one view's scan is two outputs, its text and its markup.
export async function scanPage(scanner: SecretScanner, page: Page, view: string): Promise<void> {
  const { text, html } = await readPage(page);
  scanner.scan(`ui ${view} (text and field values)`, text);
  scanner.scan(`ui ${view} (html)`, html);
}

// Why: a tab is shown only when selected; the view is scanned once it is.
export async function openTab(page: Page, name: 'Services' | 'Logs' | 'Configuration' | 'Agents'): Promise<void> {
  const tab = page.getByRole('tab', { name });
  await tab.click({ timeout: STEP_MS });
  await page.locator(`[role="tab"][aria-selected="true"]`, { hasText: name }).waitFor({ timeout: STEP_MS });
}

// Why: a choice among services (log source, configuration scope) is a radio group; each option is a view of its own.
export async function chooseOption(page: Page, group: string, option: string): Promise<void> {
  await page.getByRole('radiogroup', { name: group }).getByRole('radio', { name: option, exact: true }).check({ timeout: STEP_MS });
}
