import { expect, it } from 'vitest';
import { LOST_WITH_BACKEND } from '../../main/engine/agents/run-table.ts';
import { killBackendWhileWatched } from './backend-killed.ts';

it('the backend killed while QA watches agent runs: unknown at once, never stale green, nothing vanishes', async () => {
  const figures = await killBackendWhileWatched();
  console.log(`[reliability] backend killed while agents are watched: ${JSON.stringify(figures)}`);
  expect(figures.staleGreenViews).toBe(0);
  expect(figures.msUntilUnknown).toBeGreaterThanOrEqual(0);
  expect(figures.messageWhileDown).not.toBe('');
  expect(figures.msUntilReconnected).toBeGreaterThan(0);
  expect(figures.runsBeforeKillStillListed).toBe(figures.runsBeforeKill);
  expect(figures.lostRunsSay).toBe(LOST_WITH_BACKEND);
  expect(figures.newRunCompleted).toBe(true);
  expect(figures.api.failures).toBe(0);
});
