export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  // Up to this fraction of each delay is taken off at random, so that many tabs do not reconnect in lockstep.
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 5_000, jitter: 0.2 };

// Why: a restarting server is retried quickly at first, then every few seconds at most; never a tight loop, never a long silence.
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const base = Math.min(options.maxMs, options.initialMs * 2 ** Math.max(0, attempt));
  return Math.round(base * (1 - options.jitter * random()));
}
