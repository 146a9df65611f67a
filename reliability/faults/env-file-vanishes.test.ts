import { expect, it } from 'vitest';
import { replaceEnvFileWhileWatched } from './env-file-vanishes.ts';

it('an env file deleted, replaced by a directory and written back under a running service: each step shown, nothing lost', async () => {
  const figures = await replaceEnvFileWhileWatched(10);
  console.log(`[reliability] env file deleted / replaced by a directory while watched: ${JSON.stringify(figures)}`);
  expect(figures.rounds).toBe(10);
  expect(figures.deletionsNoticed).toBe(10);
  expect(figures.directoriesReported).toBe(10);
  expect(figures.restoresNoticed).toBe(10);
  expect(figures.directoryFinding).toMatch(/api\/\.env is a directory/);
  expect(figures.serviceRestarts).toBe(0);
  expect(figures.pidChanged).toBe(false);
  expect(figures.apiFailures).toBe(0);
});
