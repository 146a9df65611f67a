const HELP_WORDS = new Set([undefined, 'help', '--help', '-h']);

// Plain JavaScript, read by bin.js before anything else: the CLI bundle (what run-bundle.js runs: its folder, its entry, the
// hash of each of its files, the command's name for its code cache) when <root>/dist/cli holds one built after every source that this command can run (its
// manifest.json, written by tools/build-cli.ts), else undefined: the sources run. Only the sources of the chunks the command
// loads are looked at: `--help` stats ~10 files, `check` ~100, not 200.
// Node's modules are taken when called (bin.js calls this after its version check), not imported: see bin.js.
export function freshBundle(root, command) {
  const { readFileSync, statSync } = process.getBuiltinModule('node:fs');
  const { fileURLToPath } = process.getBuiltinModule('node:url');
  try {
    const manifest = JSON.parse(readFileSync(new URL('dist/cli/manifest.json', root), 'utf8'));
    const rootPath = fileURLToPath(root);
    const key = HELP_WORDS.has(command) ? '--help' : command;
    const indexes = Object.hasOwn(manifest.sourcesByCommand ?? {}, key) ? manifest.sourcesByCommand[key] : undefined;
    const sources = indexes ? indexes.map((index) => manifest.sources[index]) : manifest.sources;
    for (const source of sources) {
      // A missing source (deleted, or a bad index) throws: the sources run.
      if (statSync(rootPath + source).mtimeMs > manifest.builtAtMs) return undefined;
    }
    if (typeof manifest.entry !== 'string' || typeof manifest.hashes?.[manifest.entry] !== 'string') return undefined;
    // A code cache holds the functions one command ran: each command (help, an unknown one) keeps its own.
    const cacheKey = key === '--help' ? 'help' : indexes ? key : 'unknown-command';
    return { dir: fileURLToPath(new URL('dist/cli/', root)), entry: manifest.entry, hashes: manifest.hashes, cacheKey };
  } catch {
    // No bundle, a source gone, or an unreadable manifest.
    return undefined;
  }
}
