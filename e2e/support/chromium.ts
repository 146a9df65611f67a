import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

// Playwright's own Chromium where a machine has it; Debian's otherwise (Playwright cannot download browsers here).
export function chromiumPath(): string | undefined {
  try {
    const own = chromium.executablePath();
    if (own && existsSync(own)) return own;
  } catch {
    // Playwright's browsers are not installed.
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
}

export const NO_CHROMIUM_REASON = 'no Chromium on this machine (apt-get install -y chromium, or npm run test:all as root)';

export function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error(NO_CHROMIUM_REASON);
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}
