import type { QueryClient } from '@tanstack/react-query';
import { TERMINAL_AGENT_STATES, stateAfterDeath, type AgentEvent } from '../../shared/api/agent-events.ts';
import type { AgentRunsView, AgentRunView } from '../../shared/api/agent-runs-view.ts';
import type { ChangeLog, ChangeLogEntry } from '../../shared/api/change-log.ts';
import type { ConfigDiff } from '../../shared/api/config-diff.ts';
import type { EngineEvent } from '../../shared/api/engine-contract.ts';
import type { CrashRecord, ServiceStatus, StackState } from '../../shared/api/service-status.ts';
import type { NoticeStore } from '../notices/notice-store.ts';
import { recordAgentNote } from './live-agent-notes.ts';
import { recordConfigChange } from './live-config-changes.ts';
import { recordHeartbeat, recordHeartbeatsOf } from './live-heartbeats.ts';
import { engineKeys, liveKeys } from './query-keys.ts';

// Why: the event stream keeps the query cache current, so views render snapshots that never go stale between queries.
// Log chunks are not handled here: they go straight from the transport to the terminals, never through React state.
export function applyEngineEvent(client: QueryClient, event: EngineEvent, notices: NoticeStore, now: number = Date.now()): void {
  switch (event.type) {
    case 'serviceState': {
      const before = client.getQueryData<StackState>(engineKeys.stackState)?.services.find((service) => service.name === event.status.name);
      client.setQueryData<StackState>(engineKeys.stackState, (state) => state && withService(state, event.status));
      // A port the service ignores is also a finding of the configuration report: fetch it again when that changes.
      if ((before?.portWarning ?? null) !== event.status.portWarning) void client.invalidateQueries({ queryKey: engineKeys.config });
      if (event.status.lastCrash) {
        const crash = event.status.lastCrash;
        client.setQueryData<CrashRecord[]>(engineKeys.crashRecords(event.status.name), (records) => records && withCrash(records, crash));
      }
      return;
    }
    case 'configChanged':
      recordConfigChange(client, event.diff, now);
      client.setQueryData<StackState>(engineKeys.stackState, (state) => state && withStaleKeys(state, event.diff));
      void client.invalidateQueries({ queryKey: engineKeys.config });
      return;
    case 'changeLogEntry':
      client.setQueryData<ChangeLog>(engineKeys.changeLog, (log) => log && withEntry(log, event.entry));
      return;
    case 'agentEvent':
      recordAgentNote(client, event.event);
      if (event.event.type === 'agent_heartbeat') recordHeartbeat(client, event.event.run_id, event.event.last_heartbeat_at ?? event.event.timestamp);
      client.setQueryData<AgentRunsView>(engineKeys.agentRuns, (view) => view && withAgentEvent(view, event.event));
      return;
    case 'agentRuns':
      recordHeartbeatsOf(client, event.view);
      client.setQueryData<AgentRunsView>(engineKeys.agentRuns, event.view);
      return;
    case 'stackOpened':
      // Another stack is open (from this page, another tab or the app menu): every snapshot is the old stack's.
      void client.resetQueries({ queryKey: liveKeys.all });
      void client.resetQueries({ queryKey: engineKeys.all });
      return;
    case 'engineError':
      notices.error(event.message);
      return;
    case 'log':
      return;
  }
}

function withService(state: StackState, status: ServiceStatus): StackState {
  const known = state.services.some((service) => service.name === status.name);
  return { ...state, services: known ? state.services.map((service) => (service.name === status.name ? status : service)) : [...state.services, status] };
}

// A new entry is appended (oldest dropped past the limit); a seen one replaces its earlier self.
function withEntry(log: ChangeLog, entry: ChangeLogEntry): ChangeLog {
  if (log.entries.some((candidate) => candidate.id === entry.id)) {
    return { ...log, entries: log.entries.map((candidate) => (candidate.id === entry.id ? entry : candidate)) };
  }
  return { ...log, entries: [...log.entries, entry].slice(-log.limit) };
}

function withCrash(records: CrashRecord[], crash: CrashRecord): CrashRecord[] {
  return records.some((record) => record.at === crash.at) ? records : [...records, crash];
}

// A service the diff marks stale shows the banner at once; the engine's next serviceState event has the last word.
function withStaleKeys(state: StackState, diff: ConfigDiff): StackState {
  if (diff.stale.length === 0) return state;
  return {
    ...state,
    services: state.services.map((service) => {
      const stale = diff.stale.find((entry) => entry.service === service.name);
      return stale ? { ...service, staleKeys: [...new Set([...service.staleKeys, ...stale.keys])] } : service;
    }),
  };
}

const TERMINAL: ReadonlySet<string> = new Set(TERMINAL_AGENT_STATES);

// The same reading of an event as the engine's run table, so the row changes before the next runs view arrives.
function withAgentEvent(view: AgentRunsView, event: AgentEvent): AgentRunsView {
  const run = view.runs.find((candidate) => candidate.run_id === event.run_id);
  if (!run) {
    if (event.type !== 'agent_started') return view;
    const started: AgentRunView = {
      run_id: event.run_id, agent_name: event.agent_name, scenario: event.payload.scenario, state: event.payload.state,
      started_at: event.timestamp, last_heartbeat_at: event.last_heartbeat_at, heartbeats: 0, ended_at: null,
      death_cause: null, error: null, known: true,
      // Stamped on this page's clock until the engine's view (stamped on the launcher's) replaces it.
      seen_at: new Date().toISOString(), beat_received_at: null, state_since: new Date().toISOString(), cause: null,
    };
    return { ...view, runs: [started, ...view.runs] };
  }
  if (TERMINAL.has(run.state)) return view;
  const patch = patchFor(run, event);
  if (patch === null) return view;
  const next: AgentRunView = { ...run, known: true, last_heartbeat_at: event.last_heartbeat_at ?? run.last_heartbeat_at, ...patch };
  return { ...view, runs: view.runs.map((candidate) => (candidate === run ? next : candidate)) };
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
