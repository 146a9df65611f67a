import { readDiscoveryRecords } from '../../main/engine/discovery/discovery-files.ts';
import { spawnUp, type RunningUp } from '../../main/cli/testing/spawn-up.ts';
import { makeTempDir } from '../../shared/config/testing/temp-dir.ts';
import { pollUntil } from '../support/bounded-poll.ts';
import { fixtureStackFiles } from '../support/fixture-stack.ts';
import { processesInside } from '../support/proc.ts';

export interface LauncherKillFigures {
  killsMidStart: number;
  killsMidRun: number;
  // Service and keeper processes still alive 10 s after a kill, summed over every kill (goal 0).
  survivors: number;
  // The slowest time from SIGKILL until no process of the stack was left.
  slowestCleanupMs: number;
  // Discovery files of a dead launcher still present once the next launcher has started (goal 0).
  staleDiscoveryAfterNextStart: number;
  // Leftovers the next launcher had to stop itself: processes that outlived their launcher until then.
  leftoversStoppedByNextStart: number;
  // Discovery files of a killed launcher that the next one found and removed (the files a crash leaves, handled).
  discoveryFilesCleanedByNextStart: number;
}

const SURVIVOR_DEADLINE_MS = 10_000;
const PHASE_DEADLINE_MS = 20_000;

const hasEvent = (launcher: RunningUp, test: (event: Record<string, unknown>) => boolean) => launcher.events.some(test);
const serviceSpawned = (event: Record<string, unknown>) => event.event === 'log' && event.service !== 'stackdeck' && /^started pid \d+/.test(String(event.text));
const isReady = (event: Record<string, unknown>) => event.event === 'ready';

// Why: "no orphans, ever" is a promise about SIGKILL, which no handler sees; only killing real launchers, many times, at
// different moments, shows the keepers end every service and the next launcher finds nothing stale.
export async function killLauncherRepeatedly(options: { midStart: number; midRun: number }): Promise<LauncherKillFigures> {
  const { dir: root, cleanup } = makeTempDir(fixtureStackFiles(150));
  const figures: LauncherKillFigures = { killsMidStart: 0, killsMidRun: 0, survivors: 0, slowestCleanupMs: 0, staleDiscoveryAfterNextStart: 0, leftoversStoppedByNextStart: 0, discoveryFilesCleanedByNextStart: 0 };
  const plan = [...Array.from({ length: options.midStart }, () => 'start' as const), ...Array.from({ length: options.midRun }, () => 'run' as const)];
  try {
    for (let round = 0; round <= plan.length; round++) {
      const launcher = spawnUp(root);
      const spawned = await pollUntil(() => hasEvent(launcher, serviceSpawned), PHASE_DEADLINE_MS);
      if (!spawned) throw new Error(`round ${round}: no service started within ${PHASE_DEADLINE_MS} ms`);
      // The next start has cleaned up by the time it spawns a service: what is still there of another launcher is stale.
      const pid = launcher.child.pid;
      if (round > 0) {
        figures.staleDiscoveryAfterNextStart += (await readDiscoveryRecords(root)).records.filter((record) => record.launcherPid !== pid).length;
        const notes = launcher.events.filter((event) => event.event === 'log' && event.service === 'stackdeck').map((event) => String(event.text));
        figures.leftoversStoppedByNextStart += notes.filter((text) => /left running by an earlier launcher/.test(text)).length;
        figures.discoveryFilesCleanedByNextStart += notes.filter((text) => /removed the stale discovery file/.test(text)).length;
      }
      const phase = plan[round];
      if (phase === undefined) {
        launcher.child.kill('SIGTERM');
        await launcher.exited;
        break;
      }
      if (phase === 'start') {
        // Somewhere inside the start: services spawning, probing readiness, writing discovery files.
        await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 150)));
      } else if (!(await pollUntil(() => hasEvent(launcher, isReady), PHASE_DEADLINE_MS))) {
        throw new Error(`round ${round}: the stack was not ready within ${PHASE_DEADLINE_MS} ms`);
      }
      if (hasEvent(launcher, isReady)) figures.killsMidRun++;
      else figures.killsMidStart++;
      const killedAt = Date.now();
      launcher.child.kill('SIGKILL');
      await launcher.exited;
      const gone = await pollUntil(() => processesInside(root).length === 0, SURVIVOR_DEADLINE_MS);
      if (gone) figures.slowestCleanupMs = Math.max(figures.slowestCleanupMs, Date.now() - killedAt);
      else figures.survivors += processesInside(root).length;
    }
    return figures;
  } finally {
    for (const pid of processesInside(root)) process.kill(pid, 'SIGKILL');
    cleanup();
  }
}
