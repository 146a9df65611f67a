import { AGENT_STATES, type AgentState } from '../../shared/api/agent-events.ts';
import { newestRunFirst, type AgentRunView } from '../../shared/api/agent-runs-view.ts';
import type { Tone } from '../ui/StatusBadge.tsx';

// A run's state as shown: the monitor's state, or "unknown" when the agent host is out of reach (never stale green).
export type ShownState = AgentState | 'unknown';

export const SHOWN_STATES: readonly ShownState[] = [...AGENT_STATES, 'unknown'];

// Why: UNRESPONSIVE and DEAD must stand out; RUNNING moves; finished runs are calm.
export const AGENT_STATE_LOOK: Record<ShownState, { tone: Tone; strong: boolean; moving: boolean }> = {
  PENDING: { tone: 'neutral', strong: false, moving: true },
  RUNNING: { tone: 'info', strong: false, moving: true },
  UNRESPONSIVE: { tone: 'warn', strong: true, moving: false },
  COMPLETED: { tone: 'ok', strong: false, moving: false },
  FAILED: { tone: 'danger', strong: false, moving: false },
  DEAD: { tone: 'danger', strong: true, moving: false },
  TIMED_OUT: { tone: 'danger', strong: true, moving: false },
  NEVER_HEARTBEATED: { tone: 'danger', strong: true, moving: false },
  INTERRUPTED: { tone: 'warn', strong: true, moving: false },
  unknown: { tone: 'neutral', strong: false, moving: false },
};

// Why: a run the monitor can no longer see is "unknown", whatever it last was.
export function shownState(run: AgentRunView): ShownState {
  return run.known ? run.state : 'unknown';
}

// Why: counts by shown state, in the order states are listed.
export function countByState(runs: readonly AgentRunView[]): { state: ShownState; count: number }[] {
  const counts = new Map<ShownState, number>();
  for (const run of runs) counts.set(shownState(run), (counts.get(shownState(run)) ?? 0) + 1);
  return SHOWN_STATES.filter((state) => counts.has(state)).map((state) => ({ state, count: counts.get(state) ?? 0 }));
}

// Why: newest first: what QA just started is at the top. ISO times and ids compare as plain strings (localeCompare
// would cost a frame at every update of 10,000 runs).
export function sortRuns(runs: readonly AgentRunView[]): AgentRunView[] {
  return [...runs].sort((a, b) => newestRunFirst(a, b) || (a.run_id < b.run_id ? 1 : a.run_id > b.run_id ? -1 : 0));
}
