import { afterEach, describe, expect, it } from 'vitest';
import { sampleEventLoopDelay, watchEventLoopDelay } from './event-loop-delay.ts';

const watchers: { stop: () => void }[] = [];
afterEach(() => {
  for (const watcher of watchers.splice(0)) watcher.stop();
});

// Keeps the event loop busy for `ms`, as a synchronous hot path in a service would.
function blockLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

// Lets the event loop run (and the histogram sample) for a while.
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// A watcher that the test's afterEach stops.
function watch(windowMs?: number) {
  const watcher = watchEventLoopDelay(windowMs);
  watchers.push(watcher);
  return watcher;
}

describe('watchEventLoopDelay', () => {
  it('reads zeros, never NaN, before it has any samples', () => {
    const delay = watch().read();
    expect(delay).toEqual({ p50_ms: 0, p99_ms: 0, max_ms: 0 });
  });

  it('sees a 200 ms block of the event loop in max_ms and p99_ms', async () => {
    const watcher = watch();
    await sleep(50);
    const before = watcher.read();

    blockLoop(200);
    await sleep(30);
    const after = watcher.read();
    expect(after.max_ms).toBeGreaterThanOrEqual(150);
    expect(after.max_ms).toBeGreaterThan(before.max_ms);
    expect(after.p99_ms).toBeGreaterThan(before.p99_ms);
    expect(after.p99_ms).toBeGreaterThanOrEqual(150);
    expect(after.p50_ms).toBeLessThanOrEqual(after.p99_ms);
    expect(after.p99_ms).toBeLessThanOrEqual(after.max_ms);
  });

  it('stops sampling on stop(): a later block is not seen', async () => {
    const watcher = watch();
    await sleep(50);
    watcher.stop();
    const stopped = watcher.read();
    blockLoop(200);
    await sleep(30);
    expect(watcher.read()).toEqual(stopped);
  });

  it('forgets a block once its window has passed', async () => {
    // The block ends well inside the first 500 ms window, so it is recorded in that window.
    const watcher = watch(500);
    await sleep(20);
    blockLoop(200);
    await sleep(20);
    expect(watcher.read().max_ms).toBeGreaterThanOrEqual(150);

    const deadline = Date.now() + 3_000;
    while (watcher.read().max_ms >= 150 && Date.now() < deadline) await sleep(20);
    expect(watcher.read().max_ms).toBeLessThan(150);
  });
});

describe('sampleEventLoopDelay', () => {
  it('keeps one sample a window, numbered, with its age; a block shows in the window it fell in; only the last `keep` stay', async () => {
    const sampler = sampleEventLoopDelay({ everyMs: 50, keep: 4 });
    watchers.push(sampler);
    await sleep(120);
    blockLoop(150);
    await sleep(130);
    const samples = sampler.since(0);
    expect(samples.length).toBeGreaterThanOrEqual(3);
    expect(samples.length).toBeLessThanOrEqual(4);
    expect(samples.map((sample) => sample.seq)).toEqual(samples.map((_, index) => (samples[0]?.seq ?? 0) + index));
    expect(Math.max(...samples.map((sample) => sample.max_ms))).toBeGreaterThanOrEqual(100);
    expect(samples.every((sample, index) => index === 0 || sample.age_ms <= (samples[index - 1]?.age_ms ?? Infinity))).toBe(true);
    const last = samples.at(-1)?.seq ?? 0;
    expect(sampler.since(last)).toEqual([]);
  });
});
