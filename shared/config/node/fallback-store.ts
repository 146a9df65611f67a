import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Finding } from '../finding.ts';
import { errorCode } from './read-env-file.ts';

const StoredFallbacksSchema = z.record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/), z.string().min(32));

export const FALLBACK_FILE = 'fallback-secrets.json';

export interface FallbackStore {
  // The stack's generated value for a key, made on first use; one value per key for every service.
  secretFor(key: string): { value: string; store: string };
  problems: Finding[];
}

// Why: JWT_SECRET_KEY and SERVICE_SECRET must match across services and survive restarts, yet nobody should have to invent them.
export function openFallbackStore(stateDir: string): FallbackStore {
  const path = join(stateDir, FALLBACK_FILE);
  const problems: Finding[] = [];
  const values = load(path, problems);
  let saveFailed = false;
  return {
    problems,
    secretFor(key) {
      let value = values[key];
      if (value === undefined) {
        value = randomBytes(48).toString('base64url');
        values[key] = value;
        if (!saveFailed) saveFailed = !save(stateDir, path, values, problems);
      }
      return { value, store: path };
    },
  };
}

function load(path: string, problems: Finding[]): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') problems.push(storeProblem(path, `cannot be read (${errorCode(error) ?? error})`));
    return {};
  }
  try {
    const parsed = StoredFallbacksSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { ...parsed.data };
    problems.push(storeProblem(path, `is not a map of KEY to secret (${parsed.error.issues[0]?.message})`));
  } catch {
    problems.push(storeProblem(path, 'is not valid JSON'));
  }
  return {};
}

// Written atomically with owner-only permissions: a torn write would change every service's secret at once.
function save(stateDir: string, path: string, values: Record<string, string>, problems: Finding[]): boolean {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    writeFileSync(temporary, `${JSON.stringify(values, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, path);
    return true;
  } catch (error) {
    problems.push(storeProblem(path, `cannot be written (${errorCode(error) ?? error}); generated fallbacks will change on every run`));
    return false;
  }
}

function storeProblem(path: string, what: string): Finding {
  return {
    rule: 'fallback-used',
    severity: 'warning',
    message: `The fallback store ${path} ${what}`,
    suggestion: 'Fix or delete the file; Stackdeck regenerates it',
    file: path,
  };
}
