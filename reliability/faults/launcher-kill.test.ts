import { expect, it } from 'vitest';
import { killLauncherRepeatedly } from './launcher-kill.ts';

it('SIGKILL of the launcher mid-start and mid-run leaves no process and no stale discovery file', async () => {
  const figures = await killLauncherRepeatedly({ midStart: 10, midRun: 10 });
  console.log(`[reliability] launcher SIGKILL: ${JSON.stringify(figures)}`);
  expect(figures.killsMidStart + figures.killsMidRun).toBe(20);
  expect(figures.killsMidStart).toBeGreaterThan(0);
  expect(figures.survivors).toBe(0);
  expect(figures.staleDiscoveryAfterNextStart).toBe(0);
  expect(figures.leftoversStoppedByNextStart).toBe(0);
});
