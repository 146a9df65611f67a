import type { QueryClient } from '@tanstack/react-query';
import type { AgentEvent } from '../../shared/api/agent-events.ts';
import { withRunsChanges, type AgentRunsView } from '../../shared/api/agent-runs-view.ts';
import type { ChangeLog, ChangeLogEntry } from '../../shared/api/change-log.ts';
import type { ConfigDiff } from '../../shared/api/config-diff.ts';
import type { EngineEvent } from '../../shared/api/engine-contract.ts';
import type { CrashRecord, ServiceStatus, StackState } from '../../shared/api/service-status.ts';
import type { NoticeStore } from '../notices/notice-store.ts';
import { applyAgentEvents } from './apply-agent-events.ts';
import { recordConfigChange } from './live-config-changes.ts';
import { recordHeartbeatsOf } from './live-heartbeats.ts';
import { engineKeys, liveKeys } from './query-keys.ts';

// Why: events arrive by the thousand a second at scale; the agent events among them are applied a run of them at a
// time (one copy of the runs view each), the rest one by one, in the order they came.
export function applyEngineEvents(client: QueryClient, events: readonly EngineEvent[], notices: NoticeStore, now: number = Date.now()): void {
  let agentEvents: AgentEvent[] = [];
  for (const event of events) {
    if (event.type === 'agentEvent') {
      agentEvents.push(event.event);
      continue;
    }
    applyAgentEvents(client, agentEvents);
    agentEvents = [];
    applyEngineEvent(client, event, notices, now);
  }
  applyAgentEvents(client, agentEvents);
}

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
      applyAgentEvents(client, [event.event]);
      return;
    case 'agentRuns':
      recordHeartbeatsOf(client, event.view.runs);
      client.setQueryData<AgentRunsView>(engineKeys.agentRuns, event.view);
      return;
    case 'agentRunsChanged':
      recordHeartbeatsOf(client, event.changes.runs);
      client.setQueryData<AgentRunsView>(engineKeys.agentRuns, (view) => view && withRunsChanges(view, event.changes));
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
    default:
      // A new kind of event without a case here does not compile.
      return event satisfies never;
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
