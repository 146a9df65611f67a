import { join } from 'node:path';

export const LOGS_DIR = 'logs';

// Why: every service's log lives at <stateDir>/logs/<service>.log; a name is made safe so it can never leave that folder.
export function logFilePath(stateDir: string, service: string): string {
  const safeName = service.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, '_') || '_';
  return join(stateDir, LOGS_DIR, `${safeName}.log`);
}
