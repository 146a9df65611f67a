import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NOTHING_DETECTED, commandFromLine, serviceNameFrom, type DetectedService, type Detection } from './detected.ts';
import { dialectOfCommand } from './dialect.ts';

export const PROCFILE = 'Procfile';

// Why: a Procfile (Heroku, foreman, honcho) already names every process and its command line.
export async function detectProcfile(root: string): Promise<Detection> {
  let text: string;
  try {
    text = await readFile(join(root, PROCFILE), 'utf8');
  } catch {
    return NOTHING_DETECTED;
  }
  const detection: Detection = { services: [], skipped: [] };
  for (const line of text.split(/\r?\n/)) {
    const match = /^([A-Za-z0-9_-]+)\s*:\s*(.+)$/.exec(line);
    if (!match?.[1] || !match[2]) continue;
    const [, type, commandLine] = match;
    if (type === 'release') {
      detection.skipped.push({ name: type, from: PROCFILE, reason: 'a release-phase command runs once per deploy, it is not a service' });
      continue;
    }
    const service: DetectedService = {
      name: serviceNameFrom(type), from: `${PROCFILE} (${type})`, command: commandFromLine(commandLine), cwd: '.', envDir: '.',
      dependsOn: {}, envFiles: [], environment: {}, notes: [], envDialect: dialectOfCommand(commandLine),
    };
    if (/\$\{?PORT\b/.test(commandLine)) {
      service.port = { variable: 'PORT' };
      service.notes.push('port: PORT, from $PORT in its Procfile line (Heroku convention)');
    }
    detection.services.push(service);
  }
  return detection;
}
