import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { launchChromium } from './chromium.ts';
import { startUi, type RunningUi } from './stackdeck-ui.ts';

export interface OpenDashboard {
  ui: RunningUi;
  browser: Browser;
  page: Page;
  close: () => Promise<void>;
}

export interface OpenDashboardOptions {
  stack?: Record<string, string>;
  context?: BrowserContextOptions;
  // Shapes the browser context before the page opens (permissions, init scripts).
  prepare?: (context: BrowserContext, ui: RunningUi) => Promise<void>;
}

// Why: every browser-mode story starts alike: the real launcher, Chromium, and one page on the dashboard that fails the
// test on any page error; whatever was started is stopped again if a later step fails.
export async function openDashboard(options: OpenDashboardOptions = {}): Promise<OpenDashboard> {
  const ui = await startUi(options.stack);
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, ...options.context });
    await options.prepare?.(context, ui);
    const page = await context.newPage();
    page.on('pageerror', (error) => { throw error; });
    await page.goto(ui.url);
    const opened = browser;
    return { ui, browser: opened, page, close: async () => { await opened.close(); await ui.stop(); } };
  } catch (error) {
    await browser?.close();
    await ui.stop();
    throw error;
  }
}
