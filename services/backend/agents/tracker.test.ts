import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AgentEventSchema, TERMINAL_AGENT_STATES, type AgentEvent, type AgentState } from '../../../shared/api/agent-events.ts';
import { AgentTracker, type TrackerTimings } from './tracker.ts';

const TIMINGS: TrackerTimings = { heartbeatIntervalMs: 1_000, heartbeatTimeoutMs: 10_000, executionTimeoutMs: 30_000, cleanupIntervalMs: 60_000 };
const WALL_START = Date.parse('2025-01-09T20:30:00.000Z');

// A tracker on a hand-driven clock (monotonic and wall clock move together), recording every event it emits.
function trackerAt(options: { timings?: Partial<TrackerTimings>; maxConcurrent?: number } = {}) {
  const clock = { now: 0 };
  const tracker = new AgentTracker({
    timings: { ...TIMINGS, ...options.timings },
    maxConcurrent: options.maxConcurrent ?? 10,
    monotonic: () => clock.now,
    wallClock: () => new Date(WALL_START + clock.now),
  });
  const events: AgentEvent[] = [];
  tracker.subscribe((event) => events.push(event));
  const advance = (ms: number) => {
    clock.now += ms;
  };
  const advanceTo = (ms: number) => {
    clock.now = ms;
  };
  return { tracker, events, clock, advance, advanceTo };
}

// Starts a run and fails the test if the tracker refused it.
function startRun(tracker: AgentTracker, name = 'triage_agent') {
  const run = tracker.start(name, 'normal');
  if (!run) throw new Error('the tracker refused to start a run');
  return run.run_id;
}

// The run's state as the tracker reports it now.
const stateOf = (tracker: AgentTracker, runId: string): AgentState | undefined => tracker.get(runId)?.state;
// Whether a state is one a run never leaves.
const isTerminal = (state: AgentState | undefined) => state !== undefined && TERMINAL_AGENT_STATES.includes(state);

describe('AgentTracker: states', () => {
  it('starts a run PENDING with an agent_started event and moves it to RUNNING on the first heartbeat', () => {
    const { tracker, events, advance } = trackerAt();
    const id = startRun(tracker);
    expect(tracker.get(id)).toMatchObject({ state: 'PENDING', heartbeats: 0, last_heartbeat_at: null, ended_at: null, death_cause: null });
    expect(events.map((event) => event.type)).toEqual(['agent_started']);

    advance(250);
    tracker.heartbeat(id);
    expect(tracker.get(id)).toMatchObject({ state: 'RUNNING', heartbeats: 1, last_heartbeat_at: new Date(WALL_START + 250).toISOString() });
    expect(events.at(-1)).toMatchObject({ type: 'agent_heartbeat', run_id: id, payload: { heartbeats: 1, state: 'RUNNING' } });
  });

  it('marks a run UNRESPONSIVE after 2.5 intervals without a beat (not a millisecond earlier), once', () => {
    const { tracker, events, advance } = trackerAt();
    const id = startRun(tracker);
    tracker.heartbeat(id);
    advance(2_499);
    tracker.check();
    expect(stateOf(tracker, id)).toBe('RUNNING');

    advance(1);
    tracker.check();
    expect(stateOf(tracker, id)).toBe('UNRESPONSIVE');
    const warnings = events.filter((event) => event.type === 'agent_state');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ run_id: id, payload: { state: 'UNRESPONSIVE', change: 'unresponsive' } });

    advance(500);
    tracker.check();
    expect(events.filter((event) => event.type === 'agent_state')).toHaveLength(1);
  });

  it('returns an UNRESPONSIVE run to RUNNING with a "recovered" event when a beat arrives', () => {
    const { tracker, events, advance } = trackerAt();
    const id = startRun(tracker);
    tracker.heartbeat(id);
    advance(3_000);
    tracker.check();
    expect(stateOf(tracker, id)).toBe('UNRESPONSIVE');

    tracker.heartbeat(id);
    expect(stateOf(tracker, id)).toBe('RUNNING');
    const [recovered, beat] = events.slice(-2);
    expect(recovered).toMatchObject({ type: 'agent_state', payload: { state: 'RUNNING', change: 'recovered' } });
    expect(beat).toMatchObject({ type: 'agent_heartbeat', payload: { heartbeats: 2, state: 'RUNNING' } });
  });

  it('declares a run DEAD (no_heartbeat) exactly heartbeatTimeout after its last beat, not one ms before', () => {
    const { tracker, events, advance } = trackerAt();
    const id = startRun(tracker);
    advance(500);
    tracker.heartbeat(id);
    advance(9_999);
    tracker.check();
    expect(stateOf(tracker, id)).toBe('UNRESPONSIVE');

    advance(1);
    tracker.check();
    expect(tracker.get(id)).toMatchObject({ state: 'DEAD', death_cause: 'no_heartbeat', ended_at: new Date(WALL_START + 10_500).toISOString() });
    expect(events.at(-1)).toMatchObject({ type: 'agent_death', payload: { death_cause: 'no_heartbeat', recovery_action: 'restart_agent', overdue_ms: 0 } });
  });

  it('declares a run that never beat NEVER_HEARTBEATED (never_heartbeated) heartbeatTimeout after its start', () => {
    const { tracker, events, advance } = trackerAt();
    const id = startRun(tracker);
    advance(9_999);
    tracker.check();
    expect(stateOf(tracker, id)).toBe('PENDING');
    advance(1);
    tracker.check();
    expect(tracker.get(id)).toMatchObject({ state: 'NEVER_HEARTBEATED', death_cause: 'never_heartbeated', last_heartbeat_at: null });
    expect(events.at(-1)).toMatchObject({ type: 'agent_death', payload: { death_cause: 'never_heartbeated', recovery_action: 'check_agent_startup', overdue_ms: 0 } });
    expect((events.at(-1) as { payload: { message: string } }).payload.message).toContain('sent no heartbeat within 10 s');
  });

  it('times a beating run out (TIMED_OUT, timeout) exactly at executionTimeout', () => {
    const { tracker, events, advance } = trackerAt();
    const id = startRun(tracker);
    for (let t = 0; t < 29; t++) {
      tracker.heartbeat(id);
      advance(1_000);
      tracker.check();
    }
    tracker.heartbeat(id);
    advance(999);
    tracker.check();
    expect(stateOf(tracker, id)).toBe('RUNNING');

    advance(1);
    tracker.check();
    expect(tracker.get(id)).toMatchObject({ state: 'TIMED_OUT', death_cause: 'timeout' });
    expect(events.at(-1)).toMatchObject({ type: 'agent_death', payload: { status: 'dead', death_cause: 'timeout', recovery_action: 'retry', overdue_ms: 0 } });
  });

  it('reports in overdue_ms how late check() ran after the deadline', () => {
    const { tracker, events, advance, advanceTo } = trackerAt();
    const silent = startRun(tracker, 'silent_one');
    advance(1_000);
    tracker.heartbeat(silent);
    advanceTo(1_000 + 10_000 + 1_234);
    tracker.check();
    expect(events.at(-1)).toMatchObject({ type: 'agent_death', run_id: silent, payload: { death_cause: 'no_heartbeat', overdue_ms: 1_234 } });

    const { tracker: other, events: otherEvents, advance: advanceOther } = trackerAt({ timings: { heartbeatTimeoutMs: 100_000 } });
    const slow = startRun(other, 'slow_one');
    other.heartbeat(slow);
    advanceOther(30_000 + 777);
    other.check();
    expect(otherEvents.at(-1)).toMatchObject({ type: 'agent_death', run_id: slow, payload: { death_cause: 'timeout', overdue_ms: 777 } });
  });

  it('judges liveness on the monotonic clock: a wall-clock jump kills nothing', () => {
    let wall = WALL_START;
    let mono = 0;
    const tracker = new AgentTracker({ timings: TIMINGS, maxConcurrent: 1, monotonic: () => mono, wallClock: () => new Date(wall) });
    const id = startRun(tracker);
    tracker.heartbeat(id);
    wall += 3_600_000;
    mono += 100;
    tracker.check();
    expect(stateOf(tracker, id)).toBe('RUNNING');
  });
});

describe('AgentTracker: endings', () => {
  it('completes a run with an agent_completed event carrying its duration', () => {
    const { tracker, events, advance } = trackerAt();
    const id = startRun(tracker);
    tracker.heartbeat(id);
    advance(4_200);
    tracker.complete(id);
    expect(tracker.get(id)).toMatchObject({ state: 'COMPLETED', death_cause: null, error: null, ended_at: new Date(WALL_START + 4_200).toISOString() });
    expect(events.at(-1)).toMatchObject({ type: 'agent_completed', payload: { status: 'completed', duration_ms: 4_200 } });
  });

  it('fails a run with its error in the run and the agent_failed event', () => {
    const { tracker, events } = trackerAt();
    const id = startRun(tracker);
    tracker.fail(id, 'TypeError: boom');
    expect(tracker.get(id)).toMatchObject({ state: 'FAILED', error: 'TypeError: boom' });
    expect(events.at(-1)).toMatchObject({ type: 'agent_failed', payload: { status: 'failed', error: 'TypeError: boom' } });
  });

  it('declares a run that ended without result or error DEAD with silent_failure', () => {
    const { tracker, events } = trackerAt();
    const id = startRun(tracker);
    tracker.heartbeat(id);
    tracker.endedSilently(id);
    expect(tracker.get(id)).toMatchObject({ state: 'DEAD', death_cause: 'silent_failure' });
    expect(events.at(-1)).toMatchObject({ type: 'agent_death', payload: { death_cause: 'silent_failure', recovery_action: 'refresh_required', overdue_ms: 0 } });
  });

  it('ignores heartbeats and other endings after a death: terminal is final', () => {
    const { tracker, events, advance } = trackerAt();
    const id = startRun(tracker);
    tracker.heartbeat(id);
    advance(10_000);
    tracker.check();
    const dead = tracker.get(id);
    const emitted = events.length;

    advance(5);
    tracker.heartbeat(id);
    tracker.complete(id);
    tracker.fail(id, 'late');
    tracker.endedSilently(id);
    advance(60_000);
    tracker.check();
    expect(tracker.get(id)).toEqual(dead);
    expect(dead).toMatchObject({ state: 'DEAD', heartbeats: 1 });
    expect(events).toHaveLength(emitted);
  });

  // One ending per kind, so each is proven to stop the agent's own timers exactly once.
  const endings: [string, (t: ReturnType<typeof trackerAt>, id: string) => void][] = [
    ['complete', ({ tracker }, id) => tracker.complete(id)],
    ['fail', ({ tracker }, id) => tracker.fail(id, 'boom')],
    ['endedSilently', ({ tracker }, id) => tracker.endedSilently(id)],
    ['no_heartbeat death', (t) => { t.advance(10_000); t.tracker.check(); }],
    ['execution timeout', (t, id) => { for (let i = 0; i < 30; i++) { t.advance(1_000); t.tracker.heartbeat(id); t.tracker.check(); } }],
    ['shutdown', ({ tracker }) => tracker.shutdown('stopping')],
  ];

  it.each(endings)('calls the stopAgent callback exactly once when a run ends by %s', (_name, end) => {
    const t = trackerAt();
    const id = startRun(t.tracker);
    let stops = 0;
    t.tracker.attach(id, () => stops++);
    t.tracker.heartbeat(id);
    expect(stops).toBe(0);

    end(t, id);
    expect(isTerminal(stateOf(t.tracker, id))).toBe(true);
    expect(stops).toBe(1);

    t.tracker.heartbeat(id);
    t.tracker.complete(id);
    t.tracker.fail(id, 'again');
    t.tracker.endedSilently(id);
    t.advance(100_000);
    t.tracker.check();
    t.tracker.shutdown('again');
    expect(stops).toBe(1);
  });

  it('fails every active run with an event on shutdown and leaves finished runs as they were', () => {
    const { tracker, events } = trackerAt();
    const a = startRun(tracker, 'a');
    const b = startRun(tracker, 'b');
    const done = startRun(tracker, 'done');
    tracker.heartbeat(a);
    tracker.complete(done);
    const before = events.length;

    tracker.shutdown('the backend is shutting down');
    expect(tracker.get(a)).toMatchObject({ state: 'FAILED', error: 'the backend is shutting down' });
    expect(tracker.get(b)).toMatchObject({ state: 'FAILED', error: 'the backend is shutting down' });
    expect(stateOf(tracker, done)).toBe('COMPLETED');
    const failed = events.slice(before);
    expect(failed.map((event) => [event.type, event.run_id])).toEqual([['agent_failed', a], ['agent_failed', b]]);
    expect(tracker.activeCount()).toBe(0);
  });
});

describe('AgentTracker: capacity and cleanup', () => {
  it('refuses a run at maxConcurrent and frees a slot whenever a run ends', () => {
    const { tracker, advance } = trackerAt({ maxConcurrent: 2 });
    const first = startRun(tracker, 'first');
    const second = startRun(tracker, 'second');
    expect(tracker.start('third', 'normal')).toBeUndefined();
    expect(tracker.activeCount()).toBe(2);

    tracker.complete(first);
    const third = startRun(tracker, 'third');
    expect(tracker.start('fourth', 'normal')).toBeUndefined();

    advance(10_000);
    tracker.check();
    expect(stateOf(tracker, second)).toBe('NEVER_HEARTBEATED');
    expect(stateOf(tracker, third)).toBe('NEVER_HEARTBEATED');
    expect(tracker.start('fifth', 'hang')).toBeDefined();
    expect(tracker.summary()).toMatchObject({ total: 4, active: 1, by_state: { COMPLETED: 1, NEVER_HEARTBEATED: 2, PENDING: 1 } });
  });

  it('removes a finished run only once cleanupIntervalMs has passed since it ended, and never an active one', () => {
    const { tracker, advance } = trackerAt();
    const finished = startRun(tracker, 'finished');
    advance(1_000);
    tracker.complete(finished);
    const active = startRun(tracker, 'active');

    advance(59_999);
    tracker.heartbeat(active);
    tracker.cleanup();
    expect(stateOf(tracker, finished)).toBe('COMPLETED');

    advance(1);
    tracker.cleanup();
    expect(tracker.get(finished)).toBeUndefined();
    expect(tracker.list().map((run) => run.run_id)).toEqual([active]);
  });

  it('hands out copies: changing a listed run does not change the tracker', () => {
    const { tracker } = trackerAt();
    const id = startRun(tracker);
    const listed = tracker.list()[0];
    if (listed) listed.state = 'COMPLETED';
    const got = tracker.get(id);
    if (got) got.heartbeats = 99;
    expect(tracker.get(id)).toMatchObject({ state: 'PENDING', heartbeats: 0 });
  });
});

describe('AgentTracker: events', () => {
  it('emits only events that parse with AgentEventSchema, and deaths in the shape the seeds document', () => {
    const { tracker, events, advance } = trackerAt();
    const completed = startRun(tracker, 'ok');
    const failed = startRun(tracker, 'crashy');
    const silent = startRun(tracker, 'quiet');
    const hung = startRun(tracker, 'hung');
    for (const id of [completed, failed, silent, hung]) tracker.heartbeat(id);
    tracker.complete(completed);
    tracker.fail(failed, 'TypeError: x');
    tracker.endedSilently(silent);
    advance(3_000);
    tracker.check();
    tracker.heartbeat(hung);
    advance(10_000);
    tracker.check();
    const slow = startRun(tracker, 'slow');
    for (let i = 0; i < 30; i++) {
      advance(1_000);
      tracker.heartbeat(slow);
      tracker.check();
    }

    const types = new Set(events.map((event) => event.type));
    expect(types).toEqual(new Set(['agent_started', 'agent_heartbeat', 'agent_state', 'agent_completed', 'agent_failed', 'agent_death']));
    for (const event of events) expect(AgentEventSchema.safeParse(event).success, JSON.stringify(event)).toBe(true);

    const deaths = events.filter((event) => event.type === 'agent_death');
    expect(deaths.map((event) => event.payload.death_cause)).toEqual(['silent_failure', 'no_heartbeat', 'timeout']);
    for (const death of deaths) {
      expect(death).toMatchObject({
        type: 'agent_death',
        run_id: expect.stringMatching(/^exec_[0-9a-f]+_\d+$/),
        agent_name: expect.any(String),
        timestamp: expect.any(String),
        payload: { status: 'dead', death_cause: expect.any(String), message: expect.any(String), recovery_action: expect.any(String) },
      });
      expect(new Date(death.timestamp).toISOString()).toBe(death.timestamp);
      expect(death.payload.message.length).toBeGreaterThan(10);
    }
  });

  it('keeps telling the other subscribers when one throws, and stops telling one that unsubscribed', () => {
    const { tracker, events } = trackerAt();
    tracker.subscribe(() => {
      throw new Error('broken dashboard');
    });
    const late: AgentEvent[] = [];
    const unsubscribe = tracker.subscribe((event) => late.push(event));
    const id = startRun(tracker);
    tracker.heartbeat(id);
    expect(events.map((event) => event.type)).toEqual(['agent_started', 'agent_heartbeat']);
    expect(late).toHaveLength(2);
    expect(stateOf(tracker, id)).toBe('RUNNING');

    unsubscribe();
    tracker.complete(id);
    expect(late).toHaveLength(2);
    expect(events.at(-1)?.type).toBe('agent_completed');
  });
});

// Time advances in hundredths of a heartbeat interval, so every state (UNRESPONSIVE included) is reached often.
type Step = { kind: 'advance'; percentOfInterval: number } | { kind: 'beat' } | { kind: 'check' } | { kind: 'complete' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 400 }).map((percentOfInterval): Step => ({ kind: 'advance', percentOfInterval })), weight: 25 },
  { arbitrary: fc.constant<Step>({ kind: 'beat' }), weight: 15 },
  { arbitrary: fc.constant<Step>({ kind: 'check' }), weight: 20 },
  { arbitrary: fc.constant<Step>({ kind: 'complete' }), weight: 1 },
);

const timingsArb = fc.record({
  heartbeatIntervalMs: fc.integer({ min: 10, max: 500 }),
  timeoutBeats: fc.integer({ min: 3, max: 8 }),
  executionBeats: fc.integer({ min: 2, max: 40 }),
});

describe('AgentTracker: properties', () => {
  it('never kills a run before its deadline, always kills it at check() past one, and never leaves a terminal state', () => {
    fc.assert(
      fc.property(timingsArb, fc.array(stepArb, { maxLength: 80 }), (raw, steps) => {
        const timings = { heartbeatIntervalMs: raw.heartbeatIntervalMs, heartbeatTimeoutMs: raw.heartbeatIntervalMs * raw.timeoutBeats, executionTimeoutMs: raw.heartbeatIntervalMs * raw.executionBeats, cleanupIntervalMs: 1e9 };
        const { tracker, events, clock, advance } = trackerAt({ timings });
        const id = startRun(tracker);
        let lastBeat = 0;
        let final: ReturnType<AgentTracker['get']>;
        for (const step of steps) {
          const before = tracker.get(id);
          const emitted = events.length;
          if (step.kind === 'advance') advance(Math.round((step.percentOfInterval * timings.heartbeatIntervalMs) / 100));
          else if (step.kind === 'beat') {
            if (!isTerminal(before?.state)) lastBeat = clock.now;
            tracker.heartbeat(id);
          } else if (step.kind === 'check') tracker.check();
          else tracker.complete(id);
          const after = tracker.get(id);

          if (final) {
            expect(after).toEqual(final);
            expect(events).toHaveLength(emitted);
            continue;
          }
          if (after?.state === 'DEAD' || after?.state === 'TIMED_OUT') {
            const deadline = after.state === 'DEAD' ? lastBeat + timings.heartbeatTimeoutMs : timings.executionTimeoutMs;
            expect(clock.now).toBeGreaterThanOrEqual(deadline);
            expect(events.at(-1)).toMatchObject({ type: 'agent_death', payload: { overdue_ms: clock.now - deadline } });
          }
          if (after?.state === 'UNRESPONSIVE' && before?.state !== 'UNRESPONSIVE') {
            expect(clock.now - lastBeat).toBeGreaterThanOrEqual(2.5 * timings.heartbeatIntervalMs);
          }
          if (before?.state !== 'PENDING') expect(after?.state).not.toBe('PENDING');
          if (step.kind === 'check' && !isTerminal(after?.state)) {
            expect(clock.now - lastBeat).toBeLessThan(timings.heartbeatTimeoutMs);
            expect(clock.now).toBeLessThan(timings.executionTimeoutMs);
          }
          if (isTerminal(after?.state)) final = after;
        }
      }),
    );
  });
});
