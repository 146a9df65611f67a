import { expect, it } from 'vitest';
import { killBackendWhileWatched } from './backend-killed.ts';

it('the backend killed while QA watches agent runs: unknown at once, never stale green, nothing vanishes', async () => {
  const figures = await killBackendWhileWatched();
  console.log(`[reliability] backend killed while agents are watched: ${JSON.stringify(figures)}`);
  expect(figures.staleGreenViews).toBe(0);
  expect(figures.msUntilUnknown).toBeGreaterThanOrEqual(0);
  expect(figures.messageWhileDown).not.toBe('');
  expect(figures.msUntilReconnected).toBeGreaterThan(0);
  expect(figures.runsBeforeKillStillListed).toBe(figures.runsBeforeKill);
  // The new backend process does not know them: interrupted, the cause naming both processes on the launcher's clock.
  expect(figures.lostRunsState).toBe('INTERRUPTED');
  expect(figures.lostRunsSay).toMatch(/^backend restarted under it: process \d+ was replaced by process \d+; its event socket closed at .* UTC and backend answered again at .* UTC \(launcher's clock\)$/);
  expect(figures.newRunCompleted).toBe(true);
  expect(figures.api.failures).toBe(0);
});
