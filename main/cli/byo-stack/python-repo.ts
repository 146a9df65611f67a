import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_DIR = fileURLToPath(new URL('./fixtures/python-services/', import.meta.url));

// Why: a team's repository Stackdeck has never seen (two python-dotenv services and a Procfile), as files a test writes
// into a temp folder, so that init, check, env and up run on it exactly as on a user's checkout.
export function pythonServicesRepo(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(REPO_DIR, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.parentPath.includes('__pycache__')) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(REPO_DIR, path).replaceAll('\\', '/')] = readFileSync(path, 'utf8');
  }
  return files;
}
