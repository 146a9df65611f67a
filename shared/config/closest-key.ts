import { distance } from 'fastest-levenshtein';

// Why: `unknown-key` is most useful when it names the key the user meant (POSTGRE_HOST -> POSTGRES_HOST).
export function closestKey(key: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const upper = key.toUpperCase();
  for (const candidate of candidates) {
    const d = distance(upper, candidate.toUpperCase());
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(key.length / 3));
  return best !== undefined && bestDistance <= limit ? best : undefined;
}
