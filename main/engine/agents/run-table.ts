import { TERMINAL_AGENT_STATES, type AgentEvent, type AgentRun, type AgentState } from '../../../shared/api/agent-events.ts';
import type { AgentRunView } from '../../../shared/api/agent-runs-view.ts';

export interface RunTableOptions {
  // Finished runs kept as history; past this the oldest finished are dropped first.
  maxFinishedRuns: number;
  // A guard against a misbehaving agent host: past this the oldest active runs are dropped.
  maxActiveRuns: number;
}

export const LOST_WITH_BACKEND = 'lost: the service that ran it went away (killed or restarted) and the new one does not know it; its outcome is unknown';

// What applying one event did: 'stale' when the table already knew better, 'unknown_run' when no such run is held.
export type EventOutcome = 'applied' | 'stale' | 'unknown_run';

export interface RunTable {
  applyEvent(event: AgentEvent): EventOutcome;
  applySnapshot(runs: readonly AgentRun[]): void;
  markActiveUnknown(): void;
  list(): AgentRunView[];
  size(): number;
}

// Why: terminal states never change again, so a run that has ended is history and no later event may revive it.
export function isTerminalState(state: AgentState): boolean {
  return TERMINAL_AGENT_STATES.includes(state);
}

// Why: the launcher's copy of the agent host's runs, fed by lists and late events, never moves a run backwards and stays bounded.
export function createRunTable(options: RunTableOptions): RunTable {
  const runs = new Map<string, AgentRunView>();
  // Finished run ids in the order they finished: the first is the first to go.
  const finished = new Set<string>();

  const markFinished = (runId: string) => {
    finished.delete(runId);
    finished.add(runId);
    while (finished.size > Math.max(0, options.maxFinishedRuns)) {
      const oldest = finished.values().next().value as string;
      finished.delete(oldest);
      runs.delete(oldest);
    }
  };

  const boundActive = () => {
    let excess = runs.size - finished.size - Math.max(0, options.maxActiveRuns);
    for (const [runId, run] of runs) {
      if (excess <= 0) break;
      if (isTerminalState(run.state)) continue;
      runs.delete(runId);
      excess--;
    }
  };

  const end = (run: AgentRunView, state: AgentState, endedAt: string) => {
    run.state = state;
    run.ended_at = endedAt;
    run.known = true;
    markFinished(run.run_id);
  };

  return {
    applyEvent(event) {
      const run = runs.get(event.run_id);
      if (event.type === 'agent_started') {
        if (run) return 'stale';
        runs.set(event.run_id, {
          run_id: event.run_id,
          agent_name: event.agent_name,
          scenario: event.payload.scenario,
          state: event.payload.state,
          started_at: event.timestamp,
          last_heartbeat_at: event.last_heartbeat_at,
          heartbeats: 0,
          ended_at: null,
          death_cause: null,
          error: null,
          known: true,
        });
        if (isTerminalState(event.payload.state)) markFinished(event.run_id);
        else boundActive();
        return 'applied';
      }
      if (!run) return 'unknown_run';
      if (isTerminalState(run.state)) return 'stale';
      switch (event.type) {
        case 'agent_heartbeat':
          // The list may already count beats this event reports: only a higher count is news.
          if (event.payload.heartbeats <= run.heartbeats) return 'stale';
          run.heartbeats = event.payload.heartbeats;
          run.last_heartbeat_at = event.last_heartbeat_at;
          if (isTerminalState(event.payload.state)) end(run, event.payload.state, event.timestamp);
          else run.state = event.payload.state;
          return 'applied';
        case 'agent_state':
          // Written before a beat the table already holds: it describes a silence that has since ended.
          if (olderBeat(event.last_heartbeat_at, run.last_heartbeat_at)) return 'stale';
          if (isTerminalState(event.payload.state)) end(run, event.payload.state, event.timestamp);
          else run.state = event.payload.state;
          return 'applied';
        case 'agent_completed':
          end(run, 'COMPLETED', event.timestamp);
          return 'applied';
        case 'agent_failed':
          run.error = event.payload.error;
          end(run, 'FAILED', event.timestamp);
          return 'applied';
        case 'agent_death':
          run.death_cause = event.payload.death_cause;
          if (event.last_heartbeat_at && !olderBeat(event.last_heartbeat_at, run.last_heartbeat_at)) run.last_heartbeat_at = event.last_heartbeat_at;
          end(run, event.payload.death_cause === 'timeout' ? 'TIMED_OUT' : 'DEAD', event.timestamp);
          return 'applied';
      }
    },

    // The agent host's list is the truth for what it holds; active runs it no longer holds and that were only
    // remembered from an earlier connection (known: false) went down with the agent host that ran them. They stay
    // listed, unknown, saying so: QA started them and must see what became of them, not have them vanish.
    applySnapshot(listed) {
      const ids = new Set(listed.map((run) => run.run_id));
      for (const [runId, run] of runs) {
        if (!run.known && !isTerminalState(run.state) && !ids.has(runId) && !finished.has(runId)) {
          run.error = LOST_WITH_BACKEND;
          markFinished(runId);
        }
      }
      const byEnd = [...listed].sort((a, b) => (a.ended_at ?? '').localeCompare(b.ended_at ?? ''));
      for (const fresh of byEnd) {
        const held = runs.get(fresh.run_id);
        if (held && isTerminalState(held.state)) {
          held.known = true;
          continue;
        }
        if (held && held.known && !isTerminalState(fresh.state) && newerThanList(held, fresh)) continue;
        runs.set(fresh.run_id, { ...fresh, known: true });
        if (isTerminalState(fresh.state)) markFinished(fresh.run_id);
      }
      boundActive();
    },

    // The agent host is out of reach: what an active run is doing now cannot be known, only what it last did.
    markActiveUnknown() {
      for (const run of runs.values()) if (!isTerminalState(run.state)) run.known = false;
    },

    // Newest first.
    list() {
      return [...runs.values()].reverse().sort((a, b) => b.started_at.localeCompare(a.started_at)).map((run) => ({ ...run }));
    },

    size: () => runs.size,
  };
}

// Both are the agent host's ISO timestamps: an event carrying an earlier (or no) last beat than the run holds is older.
function olderBeat(eventBeat: string | null, heldBeat: string | null): boolean {
  if (heldBeat === null) return false;
  return eventBeat === null || eventBeat < heldBeat;
}

// Events of this connection may have moved a run past the list that was read a moment before them.
function newerThanList(held: AgentRunView, listed: AgentRun): boolean {
  if (held.heartbeats !== listed.heartbeats) return held.heartbeats > listed.heartbeats;
  // Same beat: UNRESPONSIVE is only ever reached after the beat, so it is the later of the two.
  return held.state === 'UNRESPONSIVE' && listed.state !== 'UNRESPONSIVE';
}
