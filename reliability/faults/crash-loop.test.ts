import { expect, it } from 'vitest';
import { crashLoop } from './crash-loop.ts';

it('a crash-looping service backs off, stops at its cap, and costs the other service and the API nothing', async () => {
  const figures = await crashLoop();
  console.log(`[reliability] crash loop: ${JSON.stringify(figures)}`);
  expect(figures.restarts).toBe(figures.maxRestarts);
  expect(figures.observedDelaysMs).toHaveLength(figures.expectedDelaysMs.length);
  // Never earlier than the policy says (timers fire late, not early); each delay at least the previous one's.
  figures.observedDelaysMs.forEach((observed, attempt) => expect(observed).toBeGreaterThanOrEqual((figures.expectedDelaysMs[attempt] ?? 0) - 5));
  expect(figures.finalState).toBe('crashed');
  expect(figures.finalMessage).toMatch(/exited with code 3; not restarting: it was restarted 4 times \(maxRestarts 4\)/);
  expect(figures.crashRecordsKept).toBe(5);
  expect(figures.steadyRestarts).toBe(0);
  expect(figures.steadyPidChanged).toBe(false);
  expect(figures.steadyHealthFailures).toBe(0);
  expect(figures.api.failures).toBe(0);
  expect(figures.api.requests).toBeGreaterThan(10);
});
