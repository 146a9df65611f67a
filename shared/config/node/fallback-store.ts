import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Finding } from '../finding.ts';
import { errorCode } from './read-env-file.ts';

const StoredFileSchema = z.record(z.string(), z.unknown());
const StoredSecretSchema = z.string().min(32);

export const FALLBACK_FILE = 'fallback-secrets.json';
const DEFAULT_SECRET_LENGTH = 64;

export interface FallbackStore {
  // The stack's generated value for a key, made on first use (64 characters unless the schema asks for another
  // length); one value per key for every service.
  secretFor(key: string, length?: number): { value: string; store: string };
  problems: Finding[];
}

// Why: shared secrets (a JWT signing key, a service-to-service secret) must match across services and survive restarts, yet nobody should have to invent them.
export function openFallbackStore(stateDir: string): FallbackStore {
  const path = join(stateDir, FALLBACK_FILE);
  const problems: Finding[] = [];
  const values = load(path, problems);
  let saveFailed = false;
  return {
    problems,
    secretFor(key, length = DEFAULT_SECRET_LENGTH) {
      if (values[key] === undefined) {
        // Another process (the engine, a `check`) may have written since we loaded: take its value, keep its keys.
        const onDisk = load(path, []);
        values[key] = onDisk[key] ?? generateSecret(length);
        if (!saveFailed) saveFailed = !save(stateDir, path, { ...onDisk, ...values }, problems);
      }
      return { value: values[key] as string, store: path };
    },
  };
}

// node:crypto is loaded only to make a secret (~10 ms at start): a `check` whose secrets are all stored never needs it.
function generateSecret(length: number): string {
  const { randomBytes } = process.getBuiltinModule('node:crypto');
  return randomBytes(Math.ceil((length * 3) / 4)).toString('base64url').slice(0, length);
}

// Entries are checked one by one: one hand-edited bad value must not throw away every other secret.
function load(path: string, problems: Finding[]): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') problems.push(storeProblem(path, `cannot be read (${errorCode(error) ?? error})`));
    return {};
  }
  let parsed: Record<string, unknown>;
  try {
    const file = StoredFileSchema.safeParse(JSON.parse(text));
    if (!file.success) {
      problems.push(storeProblem(path, 'is not a JSON object of KEY to secret'));
      return {};
    }
    parsed = file.data;
  } catch {
    problems.push(storeProblem(path, 'is not valid JSON'));
    return {};
  }
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    const secret = StoredSecretSchema.safeParse(value);
    if (secret.success) values[key] = secret.data;
    else problems.push(storeProblem(path, `holds an unusable value for ${key} (not a string of 32 or more characters); a new one is generated`));
  }
  return values;
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
    // A failed rename must not leave a copy of the secrets behind (and a missing folder has nothing to clean).
    try {
      rmSync(temporary, { force: true });
    } catch {
      // ENOTDIR: the state "folder" is a file, so no temporary file was ever written.
    }
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
