import { expect, it } from 'vitest';
import { launcherDeaths } from './launcher-death-real.ts';

// The real auth and backend (the demo stackdeck.json) and a Python service; `npm run soak` runs these at full size.
it('SIGKILL of the launcher: every service logs its own stop and exits 0, nothing survives', async () => {
  const figures = await launcherDeaths([{ wrapper: 'direct', signal: 'SIGKILL', times: 3 }]);
  console.log(`[reliability] launcher SIGKILL, real services: ${JSON.stringify(figures)}`);
  expect(figures.firstProblem).toBeNull();
  expect(figures.serviceStops).toBe(9);
  expect(figures.cleanStops).toBe(9);
  expect(figures.killedAfterGrace).toBe(0);
  expect(figures.survivors).toBe(0);
}, 300_000);

it('SIGTERM of npx, npm run and a shell around the launcher: the stack stops gracefully, nothing survives', async () => {
  const figures = await launcherDeaths(['npx', 'npm-run', 'sh'].map((wrapper) => ({ wrapper: wrapper as 'npx' | 'npm-run' | 'sh', signal: 'SIGTERM' as const, times: 1 })));
  console.log(`[reliability] wrapper SIGTERM, real services: ${JSON.stringify(figures)}`);
  expect(figures.firstProblem).toBeNull();
  expect(figures.serviceStops).toBe(9);
  expect(figures.cleanStops).toBe(9);
  expect(figures.killedAfterGrace).toBe(0);
  expect(figures.survivors).toBe(0);
}, 300_000);
