import { describe, expect, it } from 'vitest';
import type { AgentRunsView } from '../../shared/api/agent-runs-view.ts';
import type { ChangeLog } from '../../shared/api/change-log.ts';
import type { EngineEvent } from '../../shared/api/engine-contract.ts';
import type { CrashRecord, ServiceStatus, StackState } from '../../shared/api/service-status.ts';
import { regressionEntry } from '../../shared/notifications/testing/alert-events.ts';
import { createNoticeStore } from '../notices/notice-store.ts';
import { demoCrashRecord, demoRuns } from '../testing/fixtures.ts';
import { applyEngineEvent, applyEngineEvents } from './apply-engine-event.ts';
import { createQueryClient } from './create-query-client.ts';
import type { AgentNotes } from './live-agent-notes.ts';
import type { ReceivedConfigChange } from './live-config-changes.ts';
import type { HeartbeatLog } from './live-heartbeats.ts';
import { engineKeys, liveKeys } from './query-keys.ts';

function status(name: string, patch: Partial<ServiceStatus> = {}): ServiceStatus {
  return {
    name, state: 'stopped', pid: null, port: null, url: null, startedAt: null, restarts: 0, dependsOn: [], stats: null,
    staleKeys: [], lastCrash: null, message: null, probe: null, listening: null, portWarning: null, ...patch,
  };
}

function setup() {
  const notices = createNoticeStore();
  const client = createQueryClient(notices, { retry: false });
  client.setQueryData<StackState>(engineKeys.stackState, { profile: 'development', root: '/srv', services: [status('auth'), status('backend')] });
  return { client, notices };
}

describe('applyEngineEvent: the event stream keeps the query cache current', () => {
  it('replaces a service status in the stack snapshot, and appends a new crash to its records', () => {
    const { client, notices } = setup();
    const crash: CrashRecord = demoCrashRecord('backend', 5_000);
    client.setQueryData<CrashRecord[]>(engineKeys.crashRecords('backend'), []);
    applyEngineEvent(client, { type: 'serviceState', status: status('backend', { state: 'crashed', restarts: 2, lastCrash: crash }) }, notices);
    applyEngineEvent(client, { type: 'serviceState', status: status('backend', { state: 'crashed', restarts: 2, lastCrash: crash }) }, notices);
    const state = client.getQueryData<StackState>(engineKeys.stackState);
    expect(state?.services.map((service) => [service.name, service.state])).toEqual([['auth', 'stopped'], ['backend', 'crashed']]);
    expect(client.getQueryData<CrashRecord[]>(engineKeys.crashRecords('backend'))).toEqual([crash]);
  });

  it('records a config change, marks services stale and re-queries the configuration', async () => {
    const { client, notices } = setup();
    let configQueries = 0;
    await client.fetchQuery({ queryKey: engineKeys.config, queryFn: () => ++configQueries });
    const observer = client.getQueryCache().find({ queryKey: engineKeys.config });
    expect(observer?.state.isInvalidated).toBe(false);
    applyEngineEvent(client, {
      type: 'configChanged',
      diff: { at: '2025-01-01T00:00:00Z', files: ['services/auth/.env'], changes: [{ service: 'auth', key: 'LOG_LEVEL', before: null, after: null }], stale: [{ service: 'auth', keys: ['LOG_LEVEL'] }] },
    }, notices, 1_000);
    expect(client.getQueryData<StackState>(engineKeys.stackState)?.services[0]?.staleKeys).toEqual(['LOG_LEVEL']);
    expect(client.getQueryData<ReceivedConfigChange[]>(liveKeys.configChanges)?.[0]?.receivedAt).toBe(1_000);
    expect(client.getQueryCache().find({ queryKey: engineKeys.config })?.state.isInvalidated).toBe(true);
  });

  it('re-queries the configuration when a service starts or stops listening elsewhere than its port (a finding there)', async () => {
    const { client, notices } = setup();
    await client.fetchQuery({ queryKey: engineKeys.config, queryFn: () => 1 });
    const invalidated = () => client.getQueryCache().find({ queryKey: engineKeys.config })?.state.isInvalidated;
    applyEngineEvent(client, { type: 'serviceState', status: status('backend', { state: 'running' }) }, notices);
    expect(invalidated()).toBe(false);
    applyEngineEvent(client, { type: 'serviceState', status: status('backend', { state: 'unhealthy', portWarning: 'it listens on port 8000, not on its allocated port 9200 (given in PORT): pass ${PORT}' }) }, notices);
    expect(invalidated()).toBe(true);
  });

  it('moves a run on each agent event and keeps its heartbeat times and death message', () => {
    const { client, notices } = setup();
    const [running] = demoRuns(Date.parse('2025-01-01T00:01:00Z'));
    if (!running) throw new Error('fixture');
    client.setQueryData<AgentRunsView>(engineKeys.agentRuns, { status: 'connected', message: null, runs: [running] });
    const base = { run_id: running.run_id, agent_name: running.agent_name, timestamp: '2025-01-01T00:01:02Z' };
    applyEngineEvent(client, { type: 'agentEvent', event: { ...base, type: 'agent_heartbeat', last_heartbeat_at: '2025-01-01T00:01:02Z', payload: { heartbeats: 15, state: 'RUNNING' } } }, notices);
    // A beat the view already counts changes nothing.
    applyEngineEvent(client, { type: 'agentEvent', event: { ...base, type: 'agent_heartbeat', last_heartbeat_at: '2025-01-01T00:01:01Z', payload: { heartbeats: 15, state: 'RUNNING' } } }, notices);
    applyEngineEvent(client, {
      type: 'agentEvent',
      event: { ...base, type: 'agent_death', timestamp: '2025-01-01T00:01:20Z', last_heartbeat_at: '2025-01-01T00:01:02Z', payload: { status: 'dead', death_cause: 'no_heartbeat', message: 'no heartbeat for 18 s', recovery_action: 'marked dead' } },
    }, notices);
    const run = client.getQueryData<AgentRunsView>(engineKeys.agentRuns)?.runs[0];
    expect(run).toMatchObject({ heartbeats: 15, state: 'DEAD', death_cause: 'no_heartbeat', ended_at: '2025-01-01T00:01:20Z' });
    expect(client.getQueryData<HeartbeatLog>(liveKeys.heartbeats)?.[running.run_id]).toContain(Date.parse('2025-01-01T00:01:02Z'));
    expect(client.getQueryData<AgentNotes>(liveKeys.agentNotes)?.[running.run_id]).toBe('no heartbeat for 18 s (recovery: marked dead)');
  });

  it('adds a run it hears start, and takes a full runs view as it comes', () => {
    const { client, notices } = setup();
    client.setQueryData<AgentRunsView>(engineKeys.agentRuns, { status: 'connecting', message: null, runs: [] });
    applyEngineEvent(client, { type: 'agentEvent', event: { type: 'agent_started', run_id: 'r1', agent_name: 'qa', timestamp: '2025-01-01T00:00:00Z', last_heartbeat_at: null, payload: { scenario: 'hang', state: 'RUNNING' } } }, notices);
    expect(client.getQueryData<AgentRunsView>(engineKeys.agentRuns)?.runs).toEqual([expect.objectContaining({ run_id: 'r1', scenario: 'hang', last_heartbeat_at: null, known: true })]);
    const view: AgentRunsView = { status: 'disconnected', message: 'backend unreachable', runs: demoRuns() };
    applyEngineEvent(client, { type: 'agentRuns', view }, notices);
    expect(client.getQueryData<AgentRunsView>(engineKeys.agentRuns)).toEqual(view);
  });

  it('applies a batch in the order it came: agent events before a full view are replaced by it, those after it move it', () => {
    const { client, notices } = setup();
    client.setQueryData<AgentRunsView>(engineKeys.agentRuns, { status: 'connecting', message: null, runs: [] });
    const started = (runId: string): EngineEvent => ({ type: 'agentEvent', event: { type: 'agent_started', run_id: runId, agent_name: 'qa', timestamp: '2025-01-01T00:00:00Z', last_heartbeat_at: null, payload: { scenario: 'hang', state: 'RUNNING' } } });
    const view: AgentRunsView = { status: 'connected', message: null, runs: demoRuns().slice(0, 1) };
    applyEngineEvents(client, [started('r_before'), { type: 'agentRuns', view }, started('r_after')], notices);
    expect(client.getQueryData<AgentRunsView>(engineKeys.agentRuns)?.runs.map((run) => run.run_id)).toEqual(['r_after', 'run_a1']);
  });

  it('applies the launcher\'s runs changes onto the view it holds, keeping the beats they carry', () => {
    const { client, notices } = setup();
    const [first, second] = demoRuns();
    if (!first || !second) throw new Error('the demo has runs');
    client.setQueryData<AgentRunsView>(engineKeys.agentRuns, { status: 'connected', message: null, runs: [first, second] });
    const beatAt = new Date(Date.parse(first.last_heartbeat_at ?? '') + 2_000).toISOString();
    applyEngineEvent(client, { type: 'agentRunsChanged', changes: { status: 'connected', message: null, runs: [{ ...first, heartbeats: first.heartbeats + 1, last_heartbeat_at: beatAt }], removed: [second.run_id] } }, notices);
    expect(client.getQueryData<AgentRunsView>(engineKeys.agentRuns)?.runs.map((run) => [run.run_id, run.heartbeats])).toEqual([[first.run_id, first.heartbeats + 1]]);
    expect(client.getQueryData<HeartbeatLog>(liveKeys.heartbeats)?.[first.run_id]).toContain(Date.parse(beatAt));
  });

  it('appends a new change-log entry (dropping the oldest past the limit) and replaces one announced again as seen', () => {
    const { client, notices } = setup();
    client.setQueryData<ChangeLog>(engineKeys.changeLog, { limit: 2, entries: [regressionEntry(1), regressionEntry(2)] });
    applyEngineEvent(client, { type: 'changeLogEntry', entry: regressionEntry(3) }, notices);
    applyEngineEvent(client, { type: 'changeLogEntry', entry: regressionEntry(2, { seen: true }) }, notices);
    expect(client.getQueryData<ChangeLog>(engineKeys.changeLog)?.entries.map((entry) => [entry.id, entry.seen])).toEqual([[2, true], [3, false]]);
  });

  it('turns an engineError event into an error notice', () => {
    const { client, notices } = setup();
    applyEngineEvent(client, { type: 'engineError', message: 'the log file could not be written' }, notices);
    expect(notices.snapshot().errors.map((notice) => notice.message)).toEqual(['the log file could not be written']);
  });
});
