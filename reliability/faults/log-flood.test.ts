import { expect, it } from 'vitest';
import { floodLauncher } from './log-flood.ts';

it('a service flooding garbage, 10 MB lines and a gigabyte leaves the launcher bounded and the other service heard', async () => {
  const figures = await floodLauncher(1024 ** 3);
  console.log(`[reliability] log flood: ${JSON.stringify(figures)}`);
  expect(figures.launcherRssMiBPeak).toBeLessThan(400);
  expect(figures.tickerBacklogIntact).toBe(true);
  // Every tick printed reached the dashboard client, or was counted as skipped: nothing vanishes unannounced.
  expect(figures.tickerDelivered + figures.tickerSkipped).toBeGreaterThanOrEqual(figures.tickerPrinted);
  expect(figures.tickerDelivered).toBeGreaterThan(0);
});
