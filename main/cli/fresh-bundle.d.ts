// Types for fresh-bundle.js (plain JavaScript so that bin.js can load it on any Node).
// command: the first argument given to stackdeck (undefined for none); it picks which sources are compared.
export function freshBundle(root: URL, command?: string): CliBundle | undefined;

// A built CLI bundle, as run-bundle.js runs it: its folder, its entry file, the hash of each file's text (by file name), and
// the name of the command's code cache (the command, 'help', or 'unknown-command').
export interface CliBundle {
  dir: string;
  entry: string;
  hashes: Record<string, string>;
  cacheKey: string;
}
