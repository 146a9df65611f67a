import { distance } from 'fastest-levenshtein';

// Why: `unknown-key` is most useful when it names the key the user meant (DATABSE_URL -> DATABASE_URL).
export function closestKey(key: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  const limit = Math.max(2, Math.floor(key.length / 3));
  let bestDistance = limit + 1;
  const upper = key.toUpperCase();
  for (const candidate of candidates) {
    // The distance is at least the difference in length: most candidates end here, unmeasured.
    if (Math.abs(candidate.length - key.length) > Math.min(limit, bestDistance)) continue;
    const d = distance(upper, /[a-z]/.test(candidate) ? candidate.toUpperCase() : candidate);
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= limit ? best : undefined;
}

// Why: a key set but never read is most likely a misspelling, or a name shortened or lengthened by a word, of one that is.
export function meantKey(key: string, candidates: readonly string[]): string | undefined {
  return closestKey(key, candidates) ?? affixMatch(key, candidates);
}

// A name shortened or lengthened by whole words: SIGNING_KEY for SIGNING_KEY_V2, or APP_DATABASE_URL for DATABASE_URL.
// The shorter name must itself be a compound of some length, so PORT never matches DB_PORT.
function affixMatch(key: string, candidates: Iterable<string>): string | undefined {
  const upper = key.toUpperCase();
  let best: string | undefined;
  for (const candidate of candidates) {
    const other = candidate.toUpperCase();
    const [shorter, longer] = upper.length < other.length ? [upper, other] : [other, upper];
    if (shorter === longer || shorter.length < 6 || !shorter.includes('_')) continue;
    if (!longer.startsWith(`${shorter}_`) && !longer.endsWith(`_${shorter}`)) continue;
    if (best === undefined || Math.abs(candidate.length - key.length) < Math.abs(best.length - key.length)) best = candidate;
  }
  return best;
}
