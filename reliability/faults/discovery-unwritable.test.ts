import { expect, it } from 'vitest';
import { runWithUnwritableDiscovery } from './discovery-unwritable.ts';

it('a discovery folder that cannot be written costs a warning, not the service', async () => {
  const figures = await runWithUnwritableDiscovery();
  console.log(`[reliability] discovery folder unwritable: ${JSON.stringify(figures)}`);
  expect(figures.state).toBe('ready');
  expect(figures.answersHealth).toBe(true);
  expect(figures.stoppedCleanly).toBe(true);
  expect(figures.notes).toEqual(expect.arrayContaining([expect.stringMatching(/^warning: could not write its discovery file: .*\.service_discovery/)]));
});
