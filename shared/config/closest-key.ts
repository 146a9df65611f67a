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
