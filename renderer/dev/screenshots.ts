import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { startWebServer } from '../../main/web/server.ts';
import { createDemoStack } from './demo-stack.ts';

// Screenshots of every view in light and dark, against the demo stack, for a visual check of the built dashboard:
//   npx vite build && node renderer/dev/screenshots.ts [outDir]   (Debian Chromium at /usr/bin/chromium)
const outDir = process.argv[2] ?? '/tmp';
const rendererDir = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
const demo = await createDemoStack();
const server = await startWebServer({ engine: demo.engine, rendererDir });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

const shoot = async (page: Page, name: string) => {
  await page.waitForTimeout(600);
  const path = `${outDir}/stackdeck-${name}.png`;
  await page.screenshot({ path });
  console.log(path);
};

try {
  for (const scheme of ['light', 'dark'] as const) {
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    page.on('console', (message) => { if (message.type() === 'error' || message.type() === 'warning') console.log(`[${scheme} console ${message.type()}] ${message.text()}`); });
    page.on('pageerror', (error) => console.log(`[${scheme} page error] ${error.message}`));
    await page.goto(server.url);
    await page.getByRole('status', { name: 'Connection' }).getByText('Active').waitFor();
    await page.waitForTimeout(2_500);
    await shoot(page, `services-${scheme}`);

    await page.getByRole('tab', { name: 'Logs' }).click();
    await page.waitForTimeout(2_000);
    await shoot(page, `logs-${scheme}`);

    await page.getByRole('tab', { name: 'Configuration' }).click();
    await page.getByRole('radio', { name: 'auth' }).check();
    demo.engine.emit({
      type: 'configChanged',
      diff: {
        at: new Date().toISOString(), files: ['services/auth/.env'],
        changes: [{ service: 'auth', key: 'POSTGRES_DB', before: { value: 'auth', source: { kind: 'file', file: 'services/auth/.env', line: 8 } }, after: { value: 'auth_dev', source: { kind: 'file', file: 'services/auth/.env', line: 8 } } }],
        stale: [{ service: 'auth', keys: ['LOG_LEVEL', 'POSTGRES_DB'] }],
      },
    });
    // The demo engine's own status must agree with the event (the real engine sends both).
    await demo.engine.setService('auth', { staleKeys: ['LOG_LEVEL', 'POSTGRES_DB'] });
    await page.getByRole('button', { name: 'Show sources of LOG_LEVEL' }).click();
    await page.getByRole('button', { name: 'Reveal JWT_SECRET_KEY' }).click();
    await shoot(page, `config-${scheme}`);
    await page.getByRole('radio', { name: 'backend' }).check();
    await shoot(page, `config-backend-${scheme}`);
    await page.getByRole('radio', { name: 'Across services' }).check();
    await shoot(page, `config-across-${scheme}`);

    await page.getByRole('tab', { name: 'Agents' }).click();
    await page.getByRole('button', { name: 'Start runs' }).click();
    await page.getByLabel('Scenario').selectOption('hang');
    await page.getByRole('button', { name: 'Start runs' }).click();
    await page.waitForTimeout(3_000);
    await shoot(page, `agents-${scheme}`);

    await page.keyboard.press('?');
    await shoot(page, `shortcuts-${scheme}`);
    await context.close();
  }
} finally {
  await browser.close();
  demo.stop();
  await server.close();
}
