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

export interface EventLoopSample extends EventLoopDelay {
  // Numbered from 1, so a reader asks only for what it has not seen yet.
  seq: number;
  // performance.now() when the sample's window closed.
  at: number;
}

// Why: a delay read now says nothing about the minute a run died in; samples kept per second let the launcher
// lay the service's own stalls beside a run's heartbeat gaps, so a stalled service is not read as dead agents.
export function sampleEventLoopDelay(options: { everyMs?: number; keep?: number } = {}) {
  const everyMs = options.everyMs ?? 1_000;
  const keep = options.keep ?? 600;
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  const samples: EventLoopSample[] = [];
  let seq = 0;
  const timer = setInterval(() => {
    samples.push({ seq: ++seq, at: performance.now(), ...snapshot(histogram) });
    histogram.reset();
    if (samples.length > keep) samples.splice(0, samples.length - keep);
  }, everyMs);
  timer.unref();
  return {
    // The samples after `afterSeq`, oldest first, each with its age: the reader places them on its own clock.
    since(afterSeq: number): (EventLoopDelay & { seq: number; age_ms: number })[] {
      const now = performance.now();
      return samples.filter((sample) => sample.seq > afterSeq).map(({ at, ...sample }) => ({ ...sample, age_ms: Math.round(now - at) }));
    },
    stop: () => {
      clearInterval(timer);
      histogram.disable();
    },
  };
}
