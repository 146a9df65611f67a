import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];

// A Chromium to show the dashboard as an app window: $STACKDECK_BROWSER, else a known install path.
export function findChromium(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env.STACKDECK_BROWSER && existsSync(env.STACKDECK_BROWSER)) return env.STACKDECK_BROWSER;
  return CHROMIUMS.find((path) => existsSync(path));
}

// Why: one command gives the user the dashboard: a Chromium app window when there is one, the system opener otherwise.
export function openDashboard(url: string, stateDir: string, env: Readonly<Record<string, string | undefined>>): string {
  const chromium = findChromium(env);
  if (chromium) {
    const profile = join(stateDir, 'browser-profile');
    mkdirSync(profile, { recursive: true });
    const args = [`--app=${url}`, `--user-data-dir=${profile}`, '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
    if (process.getuid?.() === 0) args.push('--no-sandbox');
    spawn(chromium, args, { detached: true, stdio: 'ignore' }).on('error', () => {}).unref();
    return `opened in ${chromium} (app window)`;
  }
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(opener, [url], { detached: true, stdio: 'ignore' });
  child.on('error', () => {});
  child.unref();
  return `asked ${opener} to open it`;
}
