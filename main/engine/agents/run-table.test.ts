import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AgentEvent, AgentRun } from '../../../shared/api/agent-events.ts';
import { withRunsChanges, type AgentRunsView } from '../../../shared/api/agent-runs-view.ts';
import { LOST_WITH_BACKEND, createRunTable, isTerminalState } from './run-table.ts';

const at = (second: number) => new Date(Date.UTC(2025, 0, 1, 12, 0, second)).toISOString();
const header = (runId: string, second: number, lastBeat: number | null) => ({ run_id: runId, agent_name: `agent-${runId}`, timestamp: at(second), last_heartbeat_at: lastBeat === null ? null : at(lastBeat) });

const started = (runId: string, second = 0): AgentEvent => ({ type: 'agent_started', ...header(runId, second, null), payload: { scenario: 'hang', state: 'PENDING' } });
const beat = (runId: string, count: number, second: number): AgentEvent => ({ type: 'agent_heartbeat', ...header(runId, second, second), payload: { heartbeats: count, state: 'RUNNING' } });
const unresponsive = (runId: string, second: number, lastBeat: number | null): AgentEvent => ({
  type: 'agent_state', ...header(runId, second, lastBeat), payload: { state: 'UNRESPONSIVE', change: 'unresponsive', message: 'No heartbeat' },
});
const death = (runId: string, second: number, cause: 'timeout' | 'no_heartbeat' = 'no_heartbeat'): AgentEvent => ({
  type: 'agent_death', ...header(runId, second, null), payload: { status: 'dead', death_cause: cause, message: 'dead', recovery_action: 'restart_agent' },
});
const completed = (runId: string, second: number): AgentEvent => ({ type: 'agent_completed', ...header(runId, second, null), payload: { status: 'completed', duration_ms: 10 } });
const failed = (runId: string, second: number): AgentEvent => ({ type: 'agent_failed', ...header(runId, second, null), payload: { status: 'failed', error: 'TypeError: boom' } });

const listed = (runId: string, overrides: Partial<AgentRun> = {}): AgentRun => ({
  run_id: runId, agent_name: `agent-${runId}`, scenario: 'slow', state: 'RUNNING', started_at: at(0), last_heartbeat_at: at(1), heartbeats: 1,
  ended_at: null, death_cause: null, error: null, ...overrides,
});

const table = (maxFinishedRuns = 1_000, maxActiveRuns = 1_000) => createRunTable({ maxFinishedRuns, maxActiveRuns });
// A table on a hand-driven receiver clock, as the launcher's would be.
function clockedTable(options: { maxEventsPerRun?: number } = {}) {
  const clock = { now: Date.UTC(2025, 0, 1, 13, 0, 0) };
  const runs = createRunTable({ maxFinishedRuns: 100, maxActiveRuns: 100, now: () => clock.now, ...options });
  const receiverAt = (ms: number) => new Date(Date.UTC(2025, 0, 1, 13, 0, 0) + ms).toISOString();
  return { runs, advanceTo: (ms: number) => { clock.now = Date.UTC(2025, 0, 1, 13, 0, 0) + ms; }, receiverAt };
}
const byId = <T extends { run_id: string }>(runs: T[]): Record<string, T | undefined> => Object.fromEntries(runs.map((run) => [run.run_id, run]));

describe('run table', () => {
  it('follows a run from start through beats, silence and death', () => {
    const runs = table();
    expect(runs.applyEvent(started('a'))).toBe('applied');
    expect(runs.list()).toEqual([expect.objectContaining({ run_id: 'a', state: 'PENDING', heartbeats: 0, last_heartbeat_at: null, known: true })]);
    runs.applyEvent(beat('a', 1, 1));
    runs.applyEvent(beat('a', 2, 2));
    expect(runs.list()[0]).toMatchObject({ state: 'RUNNING', heartbeats: 2, last_heartbeat_at: at(2) });
    expect(runs.applyEvent(unresponsive('a', 3, 2))).toBe('applied');
    expect(runs.list()[0]?.state).toBe('UNRESPONSIVE');
    expect(runs.applyEvent(death('a', 5))).toBe('applied');
    expect(runs.list()[0]).toMatchObject({ state: 'DEAD', death_cause: 'no_heartbeat', ended_at: at(5), last_heartbeat_at: at(2), known: true });
  });

  it('maps each ending to its state: completed, failed with the error, timed out', () => {
    const runs = table();
    for (const id of ['c', 'f', 't']) runs.applyEvent(started(id));
    runs.applyEvent(completed('c', 1));
    runs.applyEvent(failed('f', 1));
    runs.applyEvent(death('t', 1, 'timeout'));
    const all = byId(runs.list());
    expect([all.c?.state, all.f?.state, all.f?.error, all.t?.state, all.t?.death_cause]).toEqual(['COMPLETED', 'FAILED', 'TypeError: boom', 'TIMED_OUT', 'timeout']);
  });

  it('never moves a run backwards: ended runs stay ended, old beats and old silences are ignored', () => {
    const runs = table();
    runs.applyEvent(started('a'));
    runs.applyEvent(beat('a', 3, 3));
    expect(runs.applyEvent(beat('a', 2, 2))).toBe('stale');
    expect(runs.applyEvent(unresponsive('a', 2, 1))).toBe('stale');
    expect(runs.applyEvent(unresponsive('a', 2, null))).toBe('stale');
    expect(runs.applyEvent(started('a'))).toBe('stale');
    expect(runs.list()[0]).toMatchObject({ state: 'RUNNING', heartbeats: 3 });
    runs.applyEvent(completed('a', 4));
    expect(runs.applyEvent(beat('a', 4, 5))).toBe('stale');
    expect(runs.applyEvent(death('a', 6))).toBe('stale');
    expect(runs.list()[0]).toMatchObject({ state: 'COMPLETED', heartbeats: 3, death_cause: null });
  });

  it('reports events about runs it does not hold', () => {
    const runs = table();
    expect(runs.applyEvent(beat('ghost', 1, 1))).toBe('unknown_run');
    expect(runs.size()).toBe(0);
  });

  it('marks active runs unknown, leaves ended runs known, and a list makes them known again', () => {
    const runs = table();
    runs.applyEvent(started('live'));
    runs.applyEvent(beat('live', 1, 1));
    runs.applyEvent(started('done'));
    runs.applyEvent(completed('done', 1));
    runs.markActiveUnknown();
    expect(byId(runs.list())).toMatchObject({ live: { state: 'RUNNING', known: false }, done: { state: 'COMPLETED', known: true } });
    runs.applySnapshot([listed('live', { heartbeats: 5, last_heartbeat_at: at(5) })]);
    expect(byId(runs.list())).toMatchObject({ live: { heartbeats: 5, known: true }, done: { state: 'COMPLETED', known: true } });
  });

  it('ends unknown active runs a new list does not hold as INTERRUPTED (saying why), besides finished history and runs seen on this connection', () => {
    const runs = table();
    runs.applyEvent(started('old'));
    runs.applyEvent(started('finished'));
    runs.applyEvent(completed('finished', 1));
    runs.markActiveUnknown();
    runs.applySnapshot([listed('new')]);
    expect(byId(runs.list())).toMatchObject({
      old: { state: 'INTERRUPTED', known: true, error: null, cause: LOST_WITH_BACKEND },
      finished: { state: 'COMPLETED', known: true, error: null },
      new: { known: true, error: null },
    });
    // Started after the list was read: known, so a later list without it does not remove it.
    runs.applyEvent(started('fresh', 2));
    runs.applySnapshot([listed('new')]);
    expect(runs.list().map((run) => run.run_id).sort()).toEqual(['finished', 'fresh', 'new', 'old']);
  });

  it('counts lost runs as history: the oldest of them go first when history is full', () => {
    const runs = table(2);
    for (const id of ['a', 'b', 'c']) runs.applyEvent(started(id));
    runs.markActiveUnknown();
    runs.applySnapshot([]);
    expect(runs.list().map((run) => run.run_id).sort()).toEqual(['b', 'c']);
  });

  it('keeps what this connection\'s events already said when a list is older than them', () => {
    const runs = table();
    runs.applySnapshot([listed('a', { heartbeats: 1 })]);
    runs.applyEvent(beat('a', 4, 4));
    runs.applySnapshot([listed('a', { heartbeats: 2, last_heartbeat_at: at(2) })]);
    expect(runs.list()[0]).toMatchObject({ heartbeats: 4, last_heartbeat_at: at(4) });
    runs.applyEvent(unresponsive('a', 5, 4));
    runs.applySnapshot([listed('a', { heartbeats: 4, last_heartbeat_at: at(4), state: 'RUNNING' })]);
    expect(runs.list()[0]?.state).toBe('UNRESPONSIVE');
    runs.applySnapshot([listed('a', { heartbeats: 4, state: 'DEAD', death_cause: 'no_heartbeat', ended_at: at(6) })]);
    expect(runs.list()[0]).toMatchObject({ state: 'DEAD', death_cause: 'no_heartbeat' });
    runs.applySnapshot([listed('a', { heartbeats: 9, state: 'RUNNING' })]);
    expect(runs.list()[0]?.state).toBe('DEAD');
  });

  it('keeps at most N finished runs, dropping the one that finished first', () => {
    const runs = table(3);
    for (let i = 0; i < 6; i++) runs.applyEvent(started(`r${i}`, i));
    runs.applyEvent(started('active', 0));
    // Finish out of start order: r5 first ... r0 last.
    for (let i = 5; i >= 0; i--) runs.applyEvent(completed(`r${i}`, 10 + (5 - i)));
    expect(runs.list().map((run) => run.run_id).sort()).toEqual(['active', 'r0', 'r1', 'r2']);
    expect(runs.size()).toBe(4);
  });

  it('bounds finished runs from a list too, keeping the latest to end', () => {
    const runs = table(2);
    runs.applySnapshot([0, 1, 2, 3].map((i) => listed(`r${i}`, { state: 'COMPLETED', ended_at: at(10 - i) })));
    expect(runs.list().map((run) => run.run_id).sort()).toEqual(['r0', 'r1']);
  });

  it('bounds active runs against a backend that never ends them', () => {
    const runs = table(10, 2);
    for (let i = 0; i < 5; i++) runs.applyEvent(started(`r${i}`, i));
    expect(runs.list().map((run) => run.run_id)).toEqual(['r4', 'r3']);
  });

  it('lists newest first, and hands out copies', () => {
    const runs = table();
    runs.applyEvent(started('first', 1));
    runs.applyEvent(started('second', 2));
    const list = runs.list();
    expect(list.map((run) => run.run_id)).toEqual(['second', 'first']);
    (list[0] as { state: string }).state = 'DEAD';
    expect(runs.list()[0]?.state).toBe('PENDING');
  });

  it('knows the terminal states', () => {
    expect(['PENDING', 'RUNNING', 'UNRESPONSIVE', 'COMPLETED', 'FAILED', 'DEAD', 'TIMED_OUT', 'NEVER_HEARTBEATED', 'INTERRUPTED'].map((state) => isTerminalState(state as AgentRun['state'])))
      .toEqual([false, false, false, true, true, true, true, true, true]);
  });

  it('stamps each change on the receiver\'s clock: first seen, last beat received, state since; and gives each state its cause in words', () => {
    const { runs, advanceTo, receiverAt } = clockedTable();
    runs.applyEvent(started('a'));
    advanceTo(2_000);
    runs.applyEvent(beat('a', 1, 2));
    expect(runs.get('a')).toMatchObject({ seen_at: receiverAt(0), beat_received_at: receiverAt(2_000), state_since: receiverAt(2_000), cause: null });
    advanceTo(7_100);
    runs.applyEvent(unresponsive('a', 7, 2));
    expect(runs.get('a')).toMatchObject({ state: 'UNRESPONSIVE', state_since: receiverAt(7_100), cause: 'No heartbeat' });
    advanceTo(12_050);
    runs.applyEvent(death('a', 12));
    expect(runs.get('a')).toMatchObject({ state: 'DEAD', state_since: receiverAt(12_050), beat_received_at: receiverAt(2_000), cause: 'dead (recovery: restart_agent)' });
  });

  it('ends a run that never beat NEVER_HEARTBEATED when the host says so, the host\'s words as its cause', () => {
    const { runs, advanceTo, receiverAt } = clockedTable();
    runs.applyEvent(started('mute'));
    advanceTo(10_040);
    const never: AgentEvent = {
      type: 'agent_death', ...header('mute', 10, null),
      payload: { status: 'dead', death_cause: 'never_heartbeated', message: 'The agent started but sent no heartbeat within 10 s', recovery_action: 'check_agent_startup' },
    };
    expect(runs.applyEvent(never)).toBe('applied');
    expect(runs.get('mute')).toMatchObject({
      state: 'NEVER_HEARTBEATED', death_cause: 'never_heartbeated', heartbeats: 0, beat_received_at: null,
      seen_at: receiverAt(0), state_since: receiverAt(10_040), cause: 'The agent started but sent no heartbeat within 10 s (recovery: check_agent_startup)',
    });
  });

  it('stamps INTERRUPTED at the moment the new host\'s list showed the run gone, with the words it was given', () => {
    const { runs, advanceTo, receiverAt } = clockedTable();
    runs.applyEvent(started('lost'));
    advanceTo(1_000);
    runs.applyEvent(beat('lost', 1, 1));
    runs.markActiveUnknown();
    advanceTo(4_500);
    runs.applySnapshot([], 'the backend restarted under it (pid 10 → pid 11)');
    expect(runs.get('lost')).toMatchObject({
      state: 'INTERRUPTED', known: true, ended_at: receiverAt(4_500), state_since: receiverAt(4_500), beat_received_at: receiverAt(1_000),
      cause: 'the backend restarted under it (pid 10 → pid 11)',
    });
    // Ended: a late event from the old host cannot revive it.
    expect(runs.applyEvent(beat('lost', 2, 5))).toBe('stale');
  });

  it('gives runs read from a list the cause their record implies', () => {
    const { runs } = clockedTable();
    runs.applySnapshot([
      listed('t', { state: 'TIMED_OUT', death_cause: 'timeout', ended_at: at(30) }),
      listed('n', { state: 'NEVER_HEARTBEATED', death_cause: 'never_heartbeated', heartbeats: 0, last_heartbeat_at: null, ended_at: at(10) }),
      listed('f', { state: 'FAILED', error: 'TypeError: x', ended_at: at(3) }),
      listed('r'),
    ]);
    expect(Object.fromEntries(runs.list().map((run) => [run.run_id, run.cause]))).toEqual({
      t: 'ran past the execution timeout', n: 'started but sent no heartbeat within the heartbeat timeout', f: 'TypeError: x', r: null,
    });
    expect(runs.get('n')?.beat_received_at).toBeNull();
  });

  it('keeps each run\'s applied events in order, bounded, counting what it dropped', () => {
    const { runs, advanceTo, receiverAt } = clockedTable({ maxEventsPerRun: 3 });
    runs.applyEvent(started('a'));
    for (let i = 1; i <= 4; i++) {
      advanceTo(i * 1_000);
      runs.applyEvent(beat('a', i, i));
    }
    runs.applyEvent(beat('a', 2, 2));
    const history = runs.events('a');
    expect(history.dropped).toBe(2);
    expect(history.events.map((entry) => [entry.event.type, entry.received_at])).toEqual([
      ['agent_heartbeat', receiverAt(2_000)], ['agent_heartbeat', receiverAt(3_000)], ['agent_heartbeat', receiverAt(4_000)],
    ]);
    expect(runs.events('ghost')).toEqual({ events: [], dropped: 0 });
  });
});

describe('run table changes: what a client holding the last list needs', () => {
  const RUN_IDS = ['a', 'b', 'c', 'd', 'e', 'f'];
  // A run's start time is the host's and never changes; some runs share one, as runs started in one batch do.
  const startSecond = (runId: string) => RUN_IDS.indexOf(runId) % 3;
  type Step = { kind: 'event'; event: AgentEvent } | { kind: 'list'; runs: AgentRun[] } | { kind: 'lost' } | { kind: 'take' };
  const second = fc.integer({ min: 0, max: 59 });
  const runId = fc.constantFrom(...RUN_IDS);
  const aStep: fc.Arbitrary<Step> = fc.oneof(
    { weight: 8, arbitrary: fc.oneof(
      runId.map((id) => started(id, startSecond(id))),
      fc.tuple(runId, fc.integer({ min: 1, max: 9 }), second).map(([id, count, s]) => beat(id, count, s)),
      fc.tuple(runId, second).map(([id, s]) => unresponsive(id, s, s > 0 ? s - 1 : null)),
      fc.tuple(runId, second).map(([id, s]) => death(id, s)),
      fc.tuple(runId, second).map(([id, s]) => completed(id, s)),
      fc.tuple(runId, second).map(([id, s]) => failed(id, s)),
    ).map((event): Step => ({ kind: 'event', event })) },
    { weight: 1, arbitrary: fc.uniqueArray(fc.tuple(runId, fc.integer({ min: 0, max: 9 })), { selector: ([id]) => id, maxLength: 4 })
      .map((runs): Step => ({ kind: 'list', runs: runs.map(([id, heartbeats]) => listed(id, { heartbeats, started_at: at(startSecond(id)) })) })) },
    { weight: 1, arbitrary: fc.constant<Step>({ kind: 'lost' }) },
    { weight: 3, arbitrary: fc.constant<Step>({ kind: 'take' }) },
  );

  it('applied in order onto the first list, the changes give every later list (with runs dropped past the bounds)', () => {
    fc.assert(fc.property(fc.array(aStep, { maxLength: 60 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 4 }), (steps, maxFinished, maxActive) => {
      const runs = createRunTable({ maxFinishedRuns: maxFinished, maxActiveRuns: maxActive, now: () => Date.UTC(2025, 0, 1, 13) });
      let held: AgentRunsView = { status: 'connected', message: null, runs: runs.list() };
      runs.takeChanges();
      for (const step of [...steps, { kind: 'take' } as const]) {
        if (step.kind === 'event') runs.applyEvent(step.event);
        else if (step.kind === 'list') runs.applySnapshot(step.runs, 'the host restarted');
        else if (step.kind === 'lost') runs.markActiveUnknown();
        else {
          held = withRunsChanges(held, { status: 'connected', message: null, ...runs.takeChanges() });
          expect(held.runs).toEqual(runs.list());
        }
      }
    }), { numRuns: 500 });
  });

  it('says nothing when nothing changed, and names a run dropped past the bound', () => {
    const runs = createRunTable({ maxFinishedRuns: 1, maxActiveRuns: 10 });
    runs.applyEvent(started('a'));
    runs.applyEvent(started('b'));
    expect(runs.takeChanges().runs.map((run) => run.run_id)).toEqual(['a', 'b']);
    expect(runs.takeChanges()).toEqual({ runs: [], removed: [] });
    runs.applyEvent(death('a', 3));
    runs.applyEvent(death('b', 4));
    expect(runs.takeChanges()).toEqual({ runs: [expect.objectContaining({ run_id: 'b', state: 'DEAD' })], removed: ['a'] });
  });
});
