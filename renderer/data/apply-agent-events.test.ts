import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { AgentEvent } from '../../shared/api/agent-events.ts';
import type { AgentRunsView } from '../../shared/api/agent-runs-view.ts';
import { createNoticeStore } from '../notices/notice-store.ts';
import { demoRuns } from '../testing/fixtures.ts';
import { applyAgentEvents } from './apply-agent-events.ts';
import { createQueryClient } from './create-query-client.ts';
import type { AgentNotes } from './live-agent-notes.ts';
import type { HeartbeatLog } from './live-heartbeats.ts';
import { engineKeys, liveKeys } from './query-keys.ts';

const NOW = Date.parse('2025-01-01T00:01:00Z');

function clientWith(view: AgentRunsView) {
  const client = createQueryClient(createNoticeStore(), { retry: false });
  client.setQueryData<AgentRunsView>(engineKeys.agentRuns, view);
  return client;
}

function cacheOf(client: ReturnType<typeof clientWith>) {
  return {
    runs: client.getQueryData<AgentRunsView>(engineKeys.agentRuns)?.runs,
    beats: client.getQueryData<HeartbeatLog>(liveKeys.heartbeats),
    notes: client.getQueryData<AgentNotes>(liveKeys.agentNotes),
  };
}

const at = (second: number) => new Date(NOW + second * 1_000).toISOString();
const RUN_IDS = ['run_a1', 'run_a2', 'run_a3', 'run_new1', 'run_new2'];
const header = (runId: string, second: number, beat: number | null) => ({ run_id: runId, agent_name: 'qa', timestamp: at(second), last_heartbeat_at: beat === null ? null : at(beat) });

// Events of every kind, for runs the view holds, one that has ended, and runs it has not seen yet.
const anEvent: fc.Arbitrary<AgentEvent> = fc.tuple(fc.constantFrom(...RUN_IDS), fc.integer({ min: 0, max: 60 }), fc.option(fc.integer({ min: 0, max: 60 }))).chain(([runId, second, beat]) => {
  const head = header(runId, second, beat);
  return fc.oneof(
    fc.constantFrom('normal', 'hang').map((scenario): AgentEvent => ({ type: 'agent_started', ...head, payload: { scenario, state: 'PENDING' } })),
    fc.integer({ min: 0, max: 40 }).map((heartbeats): AgentEvent => ({ type: 'agent_heartbeat', ...head, payload: { heartbeats, state: 'RUNNING' } })),
    fc.constant<AgentEvent>({ type: 'agent_state', ...head, payload: { state: 'UNRESPONSIVE', change: 'unresponsive', message: `silent since ${second}` } }),
    fc.constant<AgentEvent>({ type: 'agent_completed', ...head, payload: { status: 'completed', duration_ms: 5 } }),
    fc.constant<AgentEvent>({ type: 'agent_failed', ...head, payload: { status: 'failed', error: `boom ${second}` } }),
    fc.constantFrom('timeout', 'no_heartbeat', 'never_heartbeated').map((death_cause): AgentEvent => ({
      type: 'agent_death', ...head, payload: { status: 'dead', death_cause, message: `dead at ${second}`, recovery_action: 'retry' },
    })),
  );
});

describe('applyAgentEvents: a batch of agent events applied in one pass', () => {
  it('leaves the cache as applying the same events one at a time would (runs, heartbeat times, notes)', () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    try {
      fc.assert(fc.property(fc.array(anEvent, { maxLength: 40 }), (events) => {
        const view: AgentRunsView = { status: 'connected', message: null, runs: demoRuns(NOW).slice(0, 3) };
        const oneByOne = clientWith(view);
        for (const event of events) applyAgentEvents(oneByOne, [event]);
        const together = clientWith(view);
        applyAgentEvents(together, events);
        expect(cacheOf(together)).toEqual(cacheOf(oneByOne));
      }), { numRuns: 300 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('puts runs started in the batch first, newest first, and moves the runs it holds in place', () => {
    const view: AgentRunsView = { status: 'connected', message: null, runs: demoRuns(NOW).slice(0, 2) };
    const client = clientWith(view);
    applyAgentEvents(client, [
      { type: 'agent_started', ...header('run_new1', 1, null), payload: { scenario: 'hang', state: 'PENDING' } },
      { type: 'agent_heartbeat', ...header('run_a1', 2, 2), payload: { heartbeats: 15, state: 'RUNNING' } },
      { type: 'agent_started', ...header('run_new2', 3, null), payload: { scenario: 'normal', state: 'PENDING' } },
      { type: 'agent_heartbeat', ...header('run_new1', 4, 4), payload: { heartbeats: 1, state: 'RUNNING' } },
      { type: 'agent_death', ...header('run_a2', 5, null), payload: { status: 'dead', death_cause: 'no_heartbeat', message: 'silent for 10 s', recovery_action: 'restart_agent' } },
    ]);
    const { runs, beats, notes } = cacheOf(client);
    expect(runs?.map((run) => [run.run_id, run.state, run.heartbeats])).toEqual([
      ['run_new2', 'PENDING', 0], ['run_new1', 'RUNNING', 1], ['run_a1', 'RUNNING', 15], ['run_a2', 'DEAD', 9],
    ]);
    expect(beats?.run_a1).toEqual([Date.parse(at(2))]);
    expect(beats?.run_new1).toEqual([Date.parse(at(4))]);
    expect(notes).toEqual({ run_a2: 'silent for 10 s (recovery: restart_agent)' });
  });

  it('keeps the very same view when no event is news to it, so nothing renders again', () => {
    const view: AgentRunsView = { status: 'connected', message: null, runs: demoRuns(NOW).slice(0, 1) };
    const client = clientWith(view);
    applyAgentEvents(client, [{ type: 'agent_heartbeat', ...header('run_a1', 2, 2), payload: { heartbeats: 3, state: 'RUNNING' } }]);
    expect(client.getQueryData<AgentRunsView>(engineKeys.agentRuns)).toBe(view);
  });
});
