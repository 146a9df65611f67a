// Types for fresh-bundle.js (plain JavaScript so that bin.js can load it on any Node).
// command: the first argument given to stackdeck (undefined for none); it picks which sources are compared.
export function freshBundle(root: URL, command?: string): string | undefined;
