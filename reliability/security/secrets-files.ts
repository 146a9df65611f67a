import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { SecretScanner } from './secrets-scanner.ts';

// What the launcher writes in a stack root: discovery records, and its state folder (service logs, generated fallbacks).
const WRITTEN_FOLDERS = ['.service_discovery', '.stackdeck'];

// Why: files outlive the run (bug reports attach them), so every one the launcher wrote is scanned.
export async function scanStackFiles(scanner: SecretScanner, root: string, when: string): Promise<void> {
  for (const folder of WRITTEN_FOLDERS) {
    const names = await readdir(join(root, folder), { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of names.filter((candidate) => candidate.isFile())) {
      const path = join(entry.parentPath, entry.name);
      const text = await readFile(path, 'utf8').catch(() => null);
      // A discovery file removed between the listing and the read was there only while its service ran.
      if (text === null) continue;
      scanner.scan(`file ${relative(root, path)} (${when})`, text);
    }
  }
}
