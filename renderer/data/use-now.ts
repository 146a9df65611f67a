import { useCallback, useSyncExternalStore } from 'react';

interface Clock {
  now: number;
  listeners: Set<() => void>;
  timer: ReturnType<typeof setInterval> | undefined;
}

const clocks = new Map<number, Clock>();

const NO_SUBSCRIPTION = () => () => {};

// Why: uptimes, countdowns and "last heartbeat 4 s ago" tick together from one timer per period, not one per row;
// a reader that needs no ticking for now (nothing recent to fade) passes active = false and costs nothing.
export function useNow(periodMs = 1_000, active = true): number {
  const clock = clockFor(periodMs);
  const subscribeToClock = useCallback((listener: () => void) => subscribe(clock, periodMs, listener), [clock, periodMs]);
  return useSyncExternalStore(active ? subscribeToClock : NO_SUBSCRIPTION, () => clock.now);
}

function clockFor(periodMs: number): Clock {
  let clock = clocks.get(periodMs);
  if (!clock) {
    clock = { now: Date.now(), listeners: new Set(), timer: undefined };
    clocks.set(periodMs, clock);
  }
  return clock;
}

function subscribe(clock: Clock, periodMs: number, listener: () => void): () => void {
  clock.listeners.add(listener);
  const tick = () => {
    clock.now = Date.now();
    for (const notify of [...clock.listeners]) notify();
  };
  if (clock.timer === undefined) clock.timer = setInterval(tick, periodMs);
  // A new reader must not start from an old time (the clock is only read between ticks).
  if (Date.now() - clock.now > 100) queueMicrotask(tick);
  return () => {
    clock.listeners.delete(listener);
    if (clock.listeners.size === 0 && clock.timer !== undefined) {
      clearInterval(clock.timer);
      clock.timer = undefined;
    }
  };
}
