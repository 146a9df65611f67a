// A reading the OS may not offer: the value, or why it is not available here (shown as such, never a silent empty list).
export type OsReading<T> = { ok: true; value: T } | { ok: false; unavailable: string };

// Why: one wording for a feature this OS does not offer, e.g. "listening ports: unavailable on win32 (...)".
export function unavailableOn(platform: NodeJS.Platform, why: string): { ok: false; unavailable: string } {
  return { ok: false, unavailable: `unavailable on ${platform}${why ? ` (${why})` : ''}` };
}
