import { readFileSync, statSync } from 'node:fs';

// Plain JavaScript, read by bin.js before anything else: the CLI bundle's entry (a file: URL) when <root>/dist/cli holds one
// built after every source it came from (its manifest.json, written by tools/build-cli.ts), else undefined: the sources run.
export function freshBundle(root) {
  try {
    const manifest = JSON.parse(readFileSync(new URL('dist/cli/manifest.json', root), 'utf8'));
    for (const source of manifest.sources) {
      if (statSync(new URL(source, root)).mtimeMs > manifest.builtAtMs) return undefined;
    }
    return new URL(`dist/cli/${manifest.entry}`, root).href;
  } catch {
    // No bundle, a source gone, or an unreadable manifest.
    return undefined;
  }
}
