import type { Page } from 'playwright-core';
import type { SecretScanner } from './secrets-scanner.ts';
import { STEP_MS, chooseOption, openTab, scanPage } from './secrets-ui.ts';

export interface ViewFigures {
  views: number;
  // Log panes whose whole text (scrollback included) was read through their Copy button.
  logPanesCopied: number;
  variableRowsExpanded: number;
}

// Why: every view a user can open, with everything folded opened: crash history, each log source, each service's variables
// with their full source chains and findings, the cross-service table, the agent runs.
export async function scanEveryView(scanner: SecretScanner, page: Page, services: readonly string[]): Promise<ViewFigures> {
  const figures: ViewFigures = { views: 0, logPanesCopied: 0, variableRowsExpanded: 0 };
  const scan = async (view: string) => {
    await scanPage(scanner, page, view);
    figures.views++;
  };

  await openTab(page, 'Services');
  const closedHistories = page.locator('details.crash__history:not([open]) > summary');
  for (let left = await closedHistories.count(); left > 0; left--) await closedHistories.first().click({ timeout: STEP_MS });
  await scan('services');

  await openTab(page, 'Logs');
  for (const source of ['All services', ...services]) {
    await chooseOption(page, 'Log source', source);
    const label = source === 'All services' ? 'all services' : source;
    scanner.scan(`ui logs ${label} (copied pane)`, await copyLogPane(page, label));
    figures.logPanesCopied++;
    await scan(`logs ${label}`);
  }

  await openTab(page, 'Configuration');
  for (const scope of [...services, 'Across services']) {
    await chooseOption(page, 'Service', scope);
    if (scope !== 'Across services') {
      await page.getByRole('table', { name: `Variables of ${scope}` }).waitFor({ timeout: STEP_MS });
      // Clicking one changes which match the selector: always the first folded one, as many times as there were.
      const folded = page.locator('button.disclosure[aria-expanded="false"]');
      for (let left = await folded.count(); left > 0; left--) {
        await folded.first().click({ timeout: STEP_MS });
        figures.variableRowsExpanded++;
      }
    }
    await scan(`configuration ${scope}`);
  }

  await openTab(page, 'Agents');
  await page.getByRole('table', { name: 'Agent runs' }).waitFor({ timeout: STEP_MS });
  await scan('agents');
  return figures;
}

// Why: a terminal puts only its visible rows in the DOM; its Copy button gives every retained line, scrollback included.
async function copyLogPane(page: Page, label: string): Promise<string> {
  const copy = page.getByRole('button', { name: `Copy ${label}`, exact: true });
  // The backlog arrives after the pane opens: copy until the pane holds the launcher's "started pid" line of its service.
  const deadline = Date.now() + STEP_MS;
  // Emptied first, so the previous pane's text cannot pass for this one's.
  await page.evaluate(() => navigator.clipboard.writeText(''));
  for (;;) {
    await copy.click({ timeout: STEP_MS });
    const text = await page.evaluate(() => navigator.clipboard.readText());
    if (text.includes('started pid')) return text;
    if (Date.now() > deadline) throw new Error(`the log pane of ${label} did not fill within ${STEP_MS / 1000} s:\n${text.slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
