import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isEnvFileName } from './env-file-name.ts';

// Why: after a folder is replaced, its env files are all new to the listener, though no watch saw them arrive.
export function listEnvFiles(folder: string): string[] {
  try {
    return readdirSync(folder).filter(isEnvFileName).sort().map((name) => join(folder, name));
  } catch {
    return [];
  }
}
