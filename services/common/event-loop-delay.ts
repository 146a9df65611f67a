import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface EventLoopDelay {
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
}

// Published beside the heartbeats so that a stalled service is not mistaken for dead agents (bull #412, #1416).
const RESOLUTION_MS = 10;

export function watchEventLoopDelay(windowMs = 10_000): { read: () => EventLoopDelay; stop: () => void } {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  let last = snapshot(histogram);
  const timer = setInterval(() => {
    last = snapshot(histogram);
    histogram.reset();
  }, windowMs);
  timer.unref();
  return {
    // The worse of the current and the last full window, so a stall stays visible for a whole window after it ends.
    read: () => {
      const current = histogram.count > 0 ? snapshot(histogram) : last;
      return { p50_ms: Math.max(current.p50_ms, last.p50_ms), p99_ms: Math.max(current.p99_ms, last.p99_ms), max_ms: Math.max(current.max_ms, last.max_ms) };
    },
    stop: () => {
      clearInterval(timer);
      histogram.disable();
    },
  };
}

function snapshot(histogram: ReturnType<typeof monitorEventLoopDelay>): EventLoopDelay {
  // The histogram records whole sampling intervals; the delay is what exceeds the interval itself.
  const ms = (ns: number) => Math.max(0, Math.round((Number.isFinite(ns) ? ns : 0) / 1e4 - RESOLUTION_MS * 100) / 100);
  return { p50_ms: ms(histogram.percentile(50)), p99_ms: ms(histogram.percentile(99)), max_ms: ms(histogram.max) };
}
