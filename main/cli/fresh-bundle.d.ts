// Types for fresh-bundle.js (plain JavaScript so that bin.js can load it on any Node).
export function freshBundle(root: URL): string | undefined;
