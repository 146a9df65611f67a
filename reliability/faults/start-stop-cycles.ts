import { describePortHolder } from '../../main/engine/ports/port-holder.ts';
import { startEngine } from '../../main/engine/start-engine.ts';
import { makeTempDir } from '../../shared/config/testing/temp-dir.ts';
import { pollUntil } from '../support/bounded-poll.ts';
import { fixtureStackFiles } from '../support/fixture-stack.ts';
import { heapAfterGcMiB } from '../support/heap.ts';
import { openFdCount, processesInside } from '../support/proc.ts';

export interface CycleFigures {
  cycles: number;
  // After each stop, processes of the stack beyond the one warm keeper the engine keeps for the next start (goal 0).
  leakedProcesses: number;
  // After each stop, ports the services had been given that something still listens on (goal 0).
  leakedListeningPorts: number;
  // The launcher's open descriptors: after the first cycle, the highest seen, and after the last (flat means no leak).
  fdsAfterFirstCycle: number;
  fdsHighest: number;
  fdsAfterLastCycle: number;
  // The launcher's live heap after a full collection, after the first and the last cycle.
  heapMiBAfterFirstCycle: number;
  heapMiBAfterLastCycle: number;
  // After the engine closed: every process of the stack (goal 0).
  processesAfterClose: number;
}

const STEP_DEADLINE_MS = 20_000;

// Why: a launcher is started and stopped all day; whatever one cycle leaks (a process, a port, a descriptor, a
// listener) adds up, so the same engine runs the stack up and down many times and counts what remains each time.
export async function cycleStartStop(cycles: number): Promise<CycleFigures> {
  const { dir: root, cleanup } = makeTempDir(fixtureStackFiles());
  const engine = await startEngine({ root, profile: 'development', parentEnv: { PATH: process.env.PATH, HOME: root }, agentMonitor: false });
  const figures: CycleFigures = {
    cycles: 0, leakedProcesses: 0, leakedListeningPorts: 0,
    fdsAfterFirstCycle: 0, fdsHighest: 0, fdsAfterLastCycle: 0, heapMiBAfterFirstCycle: 0, heapMiBAfterLastCycle: 0, processesAfterClose: 0,
  };
  const runners = [...engine.runners.values()];
  try {
    for (let cycle = 1; cycle <= cycles; cycle++) {
      await engine.command({ type: 'start' });
      if (!(await pollUntil(() => runners.every((runner) => runner.state === 'ready'), STEP_DEADLINE_MS))) {
        throw new Error(`cycle ${cycle}: not ready: ${runners.map((runner) => `${runner.name} ${runner.state} ${runner.message ?? ''}`).join('; ')}`);
      }
      const ports = runners.map((runner) => runner.port).filter((port) => port !== null);
      await engine.command({ type: 'stop' });
      // The warm keeper for the next start may still be booting: wait for the count to settle, bounded.
      await pollUntil(() => processesInside(root).length <= 1, 2_000);
      figures.leakedProcesses += Math.max(0, processesInside(root).length - 1);
      for (const port of ports) if (await describePortHolder(port)) figures.leakedListeningPorts++;
      const fds = openFdCount();
      const heapMiB = cycle === 1 || cycle === cycles ? heapAfterGcMiB() : 0;
      if (cycle === 1) {
        figures.fdsAfterFirstCycle = fds;
        figures.heapMiBAfterFirstCycle = heapMiB;
      }
      figures.fdsHighest = Math.max(figures.fdsHighest, fds);
      figures.fdsAfterLastCycle = fds;
      figures.heapMiBAfterLastCycle = heapMiB;
      figures.cycles = cycle;
    }
  } finally {
    await engine.close();
    figures.processesAfterClose = (await pollUntil(() => processesInside(root).length === 0, 5_000)) ? 0 : processesInside(root).length;
    cleanup();
  }
  return figures;
}
