import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NOTHING_DETECTED, commandFromLine, relativeDir, serviceNameFrom, type DetectedService, type Detection } from './detected.ts';
import { dialectOfCommand } from './dialect.ts';

export const PROCFILE = 'Procfile';
// What a Procfile line may use that Stackdeck sets itself (Heroku's convention): substituted without a shell.
const PROCFILE_VARIABLES = ['PORT'];

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
      name: serviceNameFrom(type), from: `${PROCFILE} (${type})`, command: commandFromLine(commandLine, PROCFILE_VARIABLES), cwd: '.', envDir: '.',
      dependsOn: {}, envFiles: [], environment: {}, notes: [], envDialect: dialectOfCommand(commandLine),
    };
    const scriptDir = service.envDialect === 'python-dotenv' ? pythonScriptDir(commandLine) : undefined;
    if (scriptDir !== undefined && existsSync(join(root, scriptDir))) {
      service.envDir = scriptDir;
      service.notes.push(`env files: ${scriptDir}/ (load_dotenv() looks for .env from the script's own folder, not the working directory)`);
    }
    if (/\$\{?PORT\b/.test(commandLine)) {
      service.port = { variable: 'PORT' };
      service.notes.push('port: PORT, from $PORT in its Procfile line (Heroku convention)');
    }
    detection.services.push(service);
  }
  return detection;
}

// Why: python-dotenv's load_dotenv() finds .env by walking up from the calling script's folder, so a Procfile line that
// runs `python3 api/app.py` (or `python -m api.app`) from the root reads api/.env: that folder holds the service's env files.
export function pythonScriptDir(commandLine: string): string | undefined {
  const script = /(?:^|\s)(?:\.\/)?((?:[\w.-]+\/)+)[\w.-]+\.py(?=\s|$)/.exec(commandLine);
  if (script?.[1]) return relativeDir(script[1]);
  const module = /(?:^|\s)-m\s+((?:[A-Za-z_]\w*\.)+)[A-Za-z_]\w*(?=\s|$)/.exec(commandLine);
  if (module?.[1]) return relativeDir(module[1].replaceAll('.', '/'));
  return undefined;
}
