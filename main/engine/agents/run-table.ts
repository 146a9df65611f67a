import {
  TERMINAL_AGENT_STATES, stateAfterDeath,
  type AgentEvent, type AgentRun, type AgentState, type DeathCause,
} from '../../../shared/api/agent-events.ts';
import { newestRunFirst, type AgentRunView, type ReceivedAgentEvent } from '../../../shared/api/agent-runs-view.ts';

export interface RunTableOptions {
  // Finished runs kept as history; past this the oldest finished are dropped first.
  maxFinishedRuns: number;
  // A guard against a misbehaving agent host: past this the oldest active runs are dropped.
  maxActiveRuns: number;
  // Events kept per run for its detail drawer; the oldest go first (default 300).
  maxEventsPerRun?: number;
  // The receiver's clock (ms since epoch): every time the table stamps is on it.
  now?: () => number;
}

export const LOST_WITH_BACKEND = 'the service that ran it went away (killed or restarted) and the one answering now does not know it; its outcome is unknown';

// What applying one event did: 'stale' when the table already knew better, 'unknown_run' when no such run is held.
export type EventOutcome = 'applied' | 'stale' | 'unknown_run';

export interface RunTable {
  applyEvent(event: AgentEvent): EventOutcome;
  // `interruption` says in words why active runs the list no longer holds ended (the host restarted, or forgot them).
  applySnapshot(runs: readonly AgentRun[], interruption?: string): void;
  markActiveUnknown(): void;
  list(): AgentRunView[];
  get(runId: string): AgentRunView | undefined;
  // The run's events as received, oldest first, and how many older ones were dropped.
  events(runId: string): { events: ReceivedAgentEvent[]; dropped: number };
  // The runs added or changed (as they are now) and the run ids dropped since the last call: what a client holding the
  // previous list needs to hold this one.
  takeChanges(): { runs: AgentRunView[]; removed: string[] };
  size(): number;
}

// Why: terminal states never change again, so a run that has ended is history and no later event may revive it.
export function isTerminalState(state: AgentState): boolean {
  return TERMINAL_AGENT_STATES.includes(state);
}

const DEATH_WORDS: Record<DeathCause, string> = {
  timeout: 'ran past the execution timeout',
  no_heartbeat: 'its heartbeats stopped for longer than the heartbeat timeout',
  never_heartbeated: 'started but sent no heartbeat within the heartbeat timeout',
  silent_failure: 'ended without a result or an error',
};

// Why: a run read from a list (not followed event by event) still needs its state's cause in words; every state
// answers here, and a new state without a case does not compile.
export function causeFromRecord(run: AgentRun): string | null {
  const state = run.state;
  switch (state) {
    case 'PENDING':
    case 'RUNNING':
    case 'COMPLETED':
      return null;
    case 'UNRESPONSIVE':
      return 'heartbeats are late: two intervals passed without one';
    case 'FAILED':
      return run.error ?? 'failed without saying why';
    case 'DEAD':
    case 'TIMED_OUT':
    case 'NEVER_HEARTBEATED':
      return run.death_cause ? DEATH_WORDS[run.death_cause] : `${state.toLowerCase()} (the host gave no cause)`;
    case 'INTERRUPTED':
      return LOST_WITH_BACKEND;
    default:
      return state satisfies never;
  }
}

// The cause an event gives for the state it leaves a run in, in words.
function causeFromEvent(event: AgentEvent): string | null {
  switch (event.type) {
    case 'agent_started':
    case 'agent_completed':
      return null;
    case 'agent_heartbeat':
      return null;
    case 'agent_state':
      return event.payload.change === 'unresponsive' ? event.payload.message : null;
    case 'agent_failed':
      return event.payload.error;
    case 'agent_death':
      return `${event.payload.message} (recovery: ${event.payload.recovery_action})`;
    default:
      return event satisfies never;
  }
}

// Why: the launcher's copy of the agent host's runs, fed by lists and late events, never moves a run backwards and stays bounded.
export function createRunTable(options: RunTableOptions): RunTable {
  const now = options.now ?? Date.now;
  const stamp = () => new Date(now()).toISOString();
  const maxEvents = Math.max(1, options.maxEventsPerRun ?? 300);
  const runs = new Map<string, AgentRunView>();
  const histories = new Map<string, { events: ReceivedAgentEvent[]; dropped: number }>();
  // Finished run ids in the order they finished: the first is the first to go.
  const finished = new Set<string>();
  // Since the last takeChanges().
  const changed = new Set<string>();
  const removed = new Set<string>();

  const forget = (runId: string) => {
    runs.delete(runId);
    histories.delete(runId);
    changed.delete(runId);
    removed.add(runId);
  };

  const markFinished = (runId: string) => {
    finished.delete(runId);
    finished.add(runId);
    while (finished.size > Math.max(0, options.maxFinishedRuns)) {
      const oldest = finished.values().next().value as string;
      finished.delete(oldest);
      forget(oldest);
    }
  };

  const boundActive = () => {
    let excess = runs.size - finished.size - Math.max(0, options.maxActiveRuns);
    for (const [runId, run] of runs) {
      if (excess <= 0) break;
      if (isTerminalState(run.state)) continue;
      forget(runId);
      excess--;
    }
  };

  const record = (event: AgentEvent, receivedAt: string) => {
    let history = histories.get(event.run_id);
    if (!history) {
      history = { events: [], dropped: 0 };
      histories.set(event.run_id, history);
    }
    history.events.push({ received_at: receivedAt, event });
    if (history.events.length > maxEvents) {
      history.events.shift();
      history.dropped++;
    }
  };

  const enter = (run: AgentRunView, state: AgentState, cause: string | null, at: string) => {
    if (run.state !== state) run.state_since = at;
    run.state = state;
    run.cause = cause;
  };

  const end = (run: AgentRunView, state: AgentState, endedAt: string, cause: string | null, at: string) => {
    enter(run, state, cause, at);
    run.ended_at = endedAt;
    run.known = true;
    markFinished(run.run_id);
  };

  const apply = (event: AgentEvent, at: string): EventOutcome => {
    const run = runs.get(event.run_id);
    const cause = causeFromEvent(event);
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
        seen_at: at,
        beat_received_at: null,
        state_since: at,
        cause,
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
        run.beat_received_at = at;
        if (isTerminalState(event.payload.state)) end(run, event.payload.state, event.timestamp, causeFromRecord(run), at);
        else enter(run, event.payload.state, cause, at);
        return 'applied';
      case 'agent_state':
        // Written before a beat the table already holds: it describes a silence that has since ended.
        if (olderBeat(event.last_heartbeat_at, run.last_heartbeat_at)) return 'stale';
        if (isTerminalState(event.payload.state)) end(run, event.payload.state, event.timestamp, cause, at);
        else enter(run, event.payload.state, cause, at);
        return 'applied';
      case 'agent_completed':
        end(run, 'COMPLETED', event.timestamp, cause, at);
        return 'applied';
      case 'agent_failed':
        run.error = event.payload.error;
        end(run, 'FAILED', event.timestamp, cause, at);
        return 'applied';
      case 'agent_death':
        run.death_cause = event.payload.death_cause;
        if (event.last_heartbeat_at && !olderBeat(event.last_heartbeat_at, run.last_heartbeat_at)) run.last_heartbeat_at = event.last_heartbeat_at;
        end(run, stateAfterDeath(event.payload.death_cause), event.timestamp, cause, at);
        return 'applied';
    }
  };

  return {
    applyEvent(event) {
      const at = stamp();
      const outcome = apply(event, at);
      if (outcome === 'applied') {
        record(event, at);
        if (runs.has(event.run_id)) changed.add(event.run_id);
      }
      return outcome;
    },

    // The agent host's list is the truth for what it holds; active runs it no longer holds and that were only
    // remembered from an earlier connection (known: false) were INTERRUPTED: the host that ran them restarted or
    // lost them. They stay listed, saying so on the receiver's clock: QA started them and must see what became of them.
    applySnapshot(listed, interruption) {
      const at = stamp();
      const ids = new Set(listed.map((run) => run.run_id));
      for (const [runId, run] of runs) {
        if (!run.known && !isTerminalState(run.state) && !ids.has(runId) && !finished.has(runId)) {
          // Before end(), which may drop it at once (history full): a dropped run is no change.
          changed.add(runId);
          end(run, 'INTERRUPTED', at, interruption ?? LOST_WITH_BACKEND, at);
        }
      }
      const byEnd = [...listed].sort((a, b) => (a.ended_at ?? '').localeCompare(b.ended_at ?? ''));
      for (const fresh of byEnd) {
        const held = runs.get(fresh.run_id);
        if (held && isTerminalState(held.state)) {
          if (!held.known) changed.add(fresh.run_id);
          held.known = true;
          continue;
        }
        if (held && held.known && !isTerminalState(fresh.state) && newerThanList(held, fresh)) continue;
        const beatNews = !held || fresh.heartbeats > held.heartbeats;
        runs.set(fresh.run_id, {
          ...fresh,
          known: true,
          seen_at: held?.seen_at ?? at,
          beat_received_at: fresh.heartbeats > 0 && beatNews ? at : held?.beat_received_at ?? null,
          state_since: held && held.state === fresh.state ? held.state_since : at,
          cause: held && held.state === fresh.state ? held.cause : causeFromRecord(fresh),
        });
        changed.add(fresh.run_id);
        if (isTerminalState(fresh.state)) markFinished(fresh.run_id);
      }
      boundActive();
    },

    // The agent host is out of reach: what an active run is doing now cannot be known, only what it last did.
    markActiveUnknown() {
      for (const run of runs.values()) {
        if (isTerminalState(run.state) || !run.known) continue;
        run.known = false;
        changed.add(run.run_id);
      }
    },

    // Newest first.
    list() {
      return [...runs.values()].reverse().sort(newestRunFirst).map((run) => ({ ...run }));
    },

    takeChanges() {
      const taken = { runs: [...changed].flatMap((runId) => { const run = runs.get(runId); return run ? [{ ...run }] : []; }), removed: [...removed] };
      changed.clear();
      removed.clear();
      return taken;
    },

    get(runId) {
      const run = runs.get(runId);
      return run ? { ...run } : undefined;
    },

    events(runId) {
      const history = histories.get(runId);
      return { events: history ? [...history.events] : [], dropped: history?.dropped ?? 0 };
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
