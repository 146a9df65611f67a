import type { AgentRun, AgentScenario } from '../../../shared/api/agent-events.ts';
import type { AgentTracker } from './tracker.ts';

// Why: QA needs agents that behave well or badly on demand; each beats from its own timer, apart from its "work".
export function runSimulatedAgent(tracker: AgentTracker, run: AgentRun, scenario: AgentScenario): void {
  const { heartbeatIntervalMs, executionTimeoutMs } = tracker.timings;
  const id = run.run_id;
  const beat = () => tracker.heartbeat(id);
  const beating = setInterval(beat, heartbeatIntervalMs);
  const work: NodeJS.Timeout[] = [];
  const after = (ms: number, action: () => void) => work.push(setTimeout(action, ms));
  tracker.attach(id, () => {
    clearInterval(beating);
    for (const timer of work) clearTimeout(timer);
  });
  if (scenario === 'mute') {
    // Started, but its heartbeat never gets going: only the dead window ends it (NEVER_HEARTBEATED).
    clearInterval(beating);
    return;
  }
  beat();

  const twoBeatsIn = 1.5 * heartbeatIntervalMs;
  switch (scenario) {
    case 'normal':
      after(Math.min(3 * heartbeatIntervalMs, executionTimeoutMs / 2), () => tracker.complete(id));
      break;
    case 'slow':
      // Keeps beating, never finishes: only the execution timeout ends it.
      break;
    case 'hang':
      // Its work blocks forever and takes the heartbeat with it.
      after(twoBeatsIn, () => clearInterval(beating));
      break;
    case 'crash':
      after(twoBeatsIn, () => {
        try {
          const toolResult = undefined as unknown as { output: string };
          tracker.fail(id, `simulated crash: ${toolResult.output}`);
        } catch (error) {
          tracker.fail(id, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
        }
      });
      break;
    case 'silent':
      after(twoBeatsIn, () => {
        clearInterval(beating);
        tracker.endedSilently(id);
      });
      break;
  }
}
