import { expect, it } from 'vitest';
import { cycleStartStop } from './start-stop-cycles.ts';

it('start/stop cycles leak no process, no listening port and no file descriptor', async () => {
  const figures = await cycleStartStop(60);
  console.log(`[reliability] start/stop cycles: ${JSON.stringify(figures)}`);
  expect(figures.cycles).toBe(60);
  expect(figures.leakedProcesses).toBe(0);
  expect(figures.leakedListeningPorts).toBe(0);
  expect(figures.processesAfterClose).toBe(0);
  // Flat: a few descriptors of slack for sockets the runtime opens and closes lazily, never one per cycle.
  expect(figures.fdsAfterLastCycle - figures.fdsAfterFirstCycle).toBeLessThan(10);
});
