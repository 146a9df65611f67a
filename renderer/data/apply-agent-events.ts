import type { QueryClient } from '@tanstack/react-query';
import { TERMINAL_AGENT_STATES, stateAfterDeath, type AgentEvent } from '../../shared/api/agent-events.ts';
import type { AgentRunsView, AgentRunView } from '../../shared/api/agent-runs-view.ts';
import { recordAgentNotes } from './live-agent-notes.ts';
import { recordHeartbeats } from './live-heartbeats.ts';
import { engineKeys } from './query-keys.ts';

const TERMINAL: ReadonlySet<string> = new Set(TERMINAL_AGENT_STATES);

// Why: at thousands of runs, agent events arrive by the thousand a second; applied together, a batch costs one copy of
// the runs view, the heartbeat log and the notes, where one at a time each event would copy all three.
export function applyAgentEvents(client: QueryClient, events: readonly AgentEvent[]): void {
  if (events.length === 0) return;
  recordAgentNotes(client, events);
  recordHeartbeats(client, events.flatMap((event) => (event.type === 'agent_heartbeat' ? [{ runId: event.run_id, at: event.last_heartbeat_at ?? event.timestamp }] : [])));
  client.setQueryData<AgentRunsView>(engineKeys.agentRuns, (view) => view && withAgentEvents(view, events));
}

// The same reading of an event as the engine's run table, so a row changes before the next runs view arrives.
function withAgentEvents(view: AgentRunsView, events: readonly AgentEvent[]): AgentRunsView {
  const position = new Map(view.runs.map((run, index) => [run.run_id, index]));
  let changed: AgentRunView[] | undefined;
  // Runs this batch started, in the order they started.
  const started = new Map<string, AgentRunView>();
  for (const event of events) {
    const index = position.get(event.run_id);
    const run = index === undefined ? started.get(event.run_id) : (changed ?? view.runs)[index];
    if (!run) {
      if (event.type === 'agent_started') started.set(event.run_id, runStartedBy(event));
      continue;
    }
    const next = runAfter(run, event);
    if (next === run) continue;
    if (index === undefined) started.set(event.run_id, next);
    else (changed ??= [...view.runs])[index] = next;
  }
  if (!changed && started.size === 0) return view;
  return { ...view, runs: [...[...started.values()].reverse(), ...(changed ?? view.runs)] };
}

function runStartedBy(event: Extract<AgentEvent, { type: 'agent_started' }>): AgentRunView {
  // Stamped on this page's clock until the engine's view (stamped on the launcher's) replaces it.
  const now = new Date().toISOString();
  return {
    run_id: event.run_id, agent_name: event.agent_name, scenario: event.payload.scenario, state: event.payload.state,
    started_at: event.timestamp, last_heartbeat_at: event.last_heartbeat_at, heartbeats: 0, ended_at: null,
    death_cause: null, error: null, known: true, seen_at: now, beat_received_at: null, state_since: now, cause: null,
  };
}

// The run itself when the event is no news to it.
function runAfter(run: AgentRunView, event: AgentEvent): AgentRunView {
  if (TERMINAL.has(run.state)) return run;
  const patch = patchFor(run, event);
  return patch === null ? run : { ...run, known: true, last_heartbeat_at: event.last_heartbeat_at ?? run.last_heartbeat_at, ...patch };
}

function patchFor(run: AgentRunView, event: AgentEvent): Partial<AgentRunView> | null {
  switch (event.type) {
    case 'agent_started':
      return null;
    case 'agent_heartbeat':
      return event.payload.heartbeats <= run.heartbeats ? null : { heartbeats: event.payload.heartbeats, state: event.payload.state };
    case 'agent_state':
      return { state: event.payload.state };
    case 'agent_completed':
      return { state: 'COMPLETED', ended_at: event.timestamp };
    case 'agent_failed':
      return { state: 'FAILED', ended_at: event.timestamp, error: event.payload.error };
    case 'agent_death':
      return { state: stateAfterDeath(event.payload.death_cause), ended_at: event.timestamp, death_cause: event.payload.death_cause };
  }
}
