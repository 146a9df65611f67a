// Reconnection back-off shared by the launcher's agent monitor and the dashboard's socket: browser-safe, no imports.
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor: number;
  // Up to this fraction of each delay is taken off at random, so many clients do not retry in step.
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 5_000, factor: 2, jitter: 0.2 };

// Why: a peer that is down is asked again soon, then less and less often, never more than maxMs apart. Retry 0 is the first.
export function backoffDelay(retry: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.floor(retry));
  const base = Math.min(options.maxMs, options.initialMs * options.factor ** exponent);
  const jitter = Math.min(1, Math.max(0, options.jitter)) * Math.min(1, Math.max(0, random()));
  return Math.max(0, Math.round(base * (1 - jitter)));
}
