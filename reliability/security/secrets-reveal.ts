import type { Page } from 'playwright-core';
import type { RunningUi } from '../../e2e/support/stackdeck-ui.ts';
import type { SecretScanner } from './secrets-scanner.ts';
import { STEP_MS, chooseOption, openTab, readPage } from './secrets-ui.ts';
import { engineRequest } from './secrets-web.ts';

export interface RevealFigures {
  // The revealValue answer over HTTP holds the value: the scanner sees a secret where one is (positive control).
  apiAnswerOccurrences: number;
  // In the page while revealed: occurrences in the revealed cell, and in the whole page (text and markup).
  inCell: number;
  inPage: number;
  // After "Hide": occurrences left anywhere in the page.
  afterHide: number;
}

// Why: a scan that finds nothing proves little unless it finds the one value a user asked to see, exactly where it is shown.
export async function revealControl(scanner: SecretScanner, ui: RunningUi, page: Page, target: { service: string; key: string; value: string }): Promise<RevealFigures> {
  const { service, key, value } = target;
  const answer = await engineRequest(ui, 'command', { type: 'revealValue', service, key });
  const apiAnswerOccurrences = scanner.inspect('revealValue answer', answer.text).raw;

  await openTab(page, 'Configuration');
  await chooseOption(page, 'Service', service);
  const row = page.getByRole('table', { name: `Variables of ${service}` }).getByRole('row').filter({ has: page.locator('code', { hasText: new RegExp(`^${key}$`) }) });
  await row.getByRole('button', { name: `Reveal ${key}` }).click({ timeout: STEP_MS });
  const cell = row.locator('code.value--revealed');
  await cell.waitFor({ timeout: STEP_MS });
  const revealed = await readPage(page);
  const cellText = await cell.innerText();
  const cellHtml = await cell.evaluate((element) => element.outerHTML);
  const inCell = count(cellText, value) + count(cellHtml, value);
  const inPage = count(revealed.text, value) + count(revealed.html, value);
  // The page is an output like any other, less the revealed cell's own occurrences: anything left is a leak.
  scanner.scan(`ui configuration ${service} with ${key} revealed, less its cell (text and field values)`, removeOccurrences(revealed.text, value, count(cellText, value)));
  scanner.scan(`ui configuration ${service} with ${key} revealed, less its cell (html)`, removeOccurrences(revealed.html, value, count(cellHtml, value)));

  await row.getByRole('button', { name: `Hide ${key}` }).click({ timeout: STEP_MS });
  await cell.waitFor({ state: 'detached', timeout: STEP_MS });
  const hidden = await readPage(page);
  scanner.scan(`ui configuration ${service} after hiding ${key} (text and field values)`, hidden.text);
  scanner.scan(`ui configuration ${service} after hiding ${key} (html)`, hidden.html);
  return { apiAnswerOccurrences, inCell, inPage, afterHide: count(hidden.text, value) + count(hidden.html, value) };
}

function count(text: string, value: string): number {
  return text.split(value).length - 1;
}

function removeOccurrences(text: string, value: string, times: number): string {
  let rest = text;
  for (let removed = 0; removed < times; removed++) rest = rest.replace(value, '');
  return rest;
}
