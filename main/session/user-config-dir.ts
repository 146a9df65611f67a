import { isAbsolute, join } from 'node:path';

// Why: what Stackdeck remembers for a user (recent stacks) lives where each OS keeps an app's settings, never in a
// stack's repository; STACKDECK_CONFIG_DIR moves it (tests, portable installs).
export function userConfigDir(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform, home: string): string {
  const chosen = env.STACKDECK_CONFIG_DIR;
  if (chosen && isAbsolute(chosen)) return chosen;
  if (platform === 'win32') return join(env.APPDATA && isAbsolute(env.APPDATA) ? env.APPDATA : join(home, 'AppData', 'Roaming'), 'Stackdeck');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Stackdeck');
  // XDG: a relative XDG_CONFIG_HOME is invalid and ignored, as the spec says.
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, '.config'), 'stackdeck');
}
