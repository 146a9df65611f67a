import { existsSync, readFileSync } from 'node:fs';
import { logFilePath } from '../../main/engine/logs/log-file-path.ts';
import { makeTempDir } from '../../shared/config/testing/temp-dir.ts';
import { pollUntil } from '../support/bounded-poll.ts';
import { isAlive, processesInside } from '../support/proc.ts';
import { descendantsOf, realStackFiles, spawnWrappedUp, type Wrapper } from '../support/real-stack.ts';

export interface LauncherDeathFigures {
  deaths: number;
  // Service stops seen (services x deaths) and, of those, the clean ones: the service's own stop line in its log file and
  // "stopped (exited with code 0)" after it (goal: all).
  serviceStops: number;
  cleanStops: number;
  // Stops that ended in SIGKILL at the end of the grace (goal 0).
  killedAfterGrace: number;
  // Processes of the stack (launcher, keepers, services, wrapper) alive 10 s after the death, summed (goal 0).
  survivors: number;
  // From the death (the SIGKILL or SIGTERM) to the service's exit, per service: the slowest, and how many took over 1 s.
  slowestExitMs: Record<string, number>;
  exitsOverOneSecond: number;
  // The first unclean stop, to say what went wrong.
  firstProblem: string | null;
}

const READY_DEADLINE_MS = 60_000;
const GONE_DEADLINE_MS = 10_000;

// What each service prints when it stops by itself: auth and backend log pino lines (services/common/run-service.ts),
// the Python fixture a plain line.
const OWN_STOP_LINE: Record<string, RegExp> = {
  auth: /"msg":"shutting down"[\s\S]*"msg":"stopped"|"msg":"stopped"[\s\S]*"msg":"shutting down"/,
  backend: /"msg":"shutting down"[\s\S]*"msg":"stopped"|"msg":"stopped"[\s\S]*"msg":"shutting down"/,
  py: /^python-service: stopping on SIGTERM$/m,
};
// Written by the launcher ("stopped (exited with code 0)") or, once it is dead, by the keeper ("... after the launcher went away").
const EXITED_ZERO = /^\[stackdeck\] stopped \(exited with code 0\)/m;

// Why: the promise "nothing is orphaned and every service stops gracefully" holds for the real services (which print as they
// stop, so a dead reader of their output matters) and for a Python one, whether the launcher is SIGKILLed or the wrapper a user
// started it with (npx, npm run, a shell) is SIGTERMed and passes nothing on.
export async function launcherDeaths(plan: { wrapper: Wrapper; signal: 'SIGKILL' | 'SIGTERM'; times: number }[]): Promise<LauncherDeathFigures> {
  const figures: LauncherDeathFigures = { deaths: 0, serviceStops: 0, cleanStops: 0, killedAfterGrace: 0, survivors: 0, slowestExitMs: {}, exitsOverOneSecond: 0, firstProblem: null };
  for (const { wrapper, signal, times } of plan) {
    for (let round = 0; round < times; round++) await oneDeath(wrapper, signal, figures);
  }
  return figures;
}

async function oneDeath(wrapper: Wrapper, signal: 'SIGKILL' | 'SIGTERM', figures: LauncherDeathFigures): Promise<void> {
  const { dir: root, cleanup } = makeTempDir(realStackFiles());
  const up = spawnWrappedUp(root, wrapper);
  let tree: number[] = [];
  try {
    const ready = await pollUntil(() => up.events.find((event) => event.event === 'ready'), READY_DEADLINE_MS);
    if (!ready) throw new Error(`${wrapper}: the stack was not ready within ${READY_DEADLINE_MS} ms`);
    const services = (ready.services as { service: string; pid: number }[]).map(({ service, pid }) => ({ service, pid, exitMs: -1 }));
    tree = descendantsOf(up.child.pid ?? -1);
    const diedAt = performance.now();
    up.child.kill(signal);
    figures.deaths++;
    await pollUntil(() => {
      for (const entry of services) if (entry.exitMs < 0 && !isAlive(entry.pid)) entry.exitMs = performance.now() - diedAt;
      return services.every((entry) => entry.exitMs >= 0);
    }, GONE_DEADLINE_MS, 5);
    const gone = await pollUntil(() => [...tree, up.child.pid ?? -1].every((pid) => !isAlive(pid)) && processesInside(root).length === 0, GONE_DEADLINE_MS);
    if (!gone) figures.survivors += new Set([...tree.filter(isAlive), ...processesInside(root)]).size;
    for (const { service, exitMs } of services) {
      figures.serviceStops++;
      if (exitMs >= 0) figures.slowestExitMs[service] = Math.round(Math.max(figures.slowestExitMs[service] ?? 0, exitMs));
      if (exitMs > 1_000) figures.exitsOverOneSecond++;
      const file = logFilePath(`${root}/.stackdeck`, service);
      // The launcher or keeper writes the exit line once the service has exited: give the disk a moment.
      const log = await pollUntil(() => {
        const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
        return EXITED_ZERO.test(text) || /killed with SIGKILL/.test(text) ? text : undefined;
      }, 2_000) ?? (existsSync(file) ? readFileSync(file, 'utf8') : '');
      if (/killed with SIGKILL/.test(log)) figures.killedAfterGrace++;
      if ((OWN_STOP_LINE[service]?.test(log) ?? false) && EXITED_ZERO.test(log)) figures.cleanStops++;
      else figures.firstProblem ??= `${wrapper} ${signal}: ${service} (exit after ${Math.round(exitMs)} ms) did not stop cleanly; its log ends:\n${log.split('\n').slice(-6).join('\n')}`;
    }
  } finally {
    for (const pid of new Set([...tree, ...processesInside(root)])) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    up.child.kill('SIGKILL');
    await up.exited;
    cleanup();
  }
}
