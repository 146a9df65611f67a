import { fileURLToPath } from 'node:url';

// Why: the scenarios' own service programs (a flooder, a ticker, one that ignores SIGTERM) live beside this file.
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
}
