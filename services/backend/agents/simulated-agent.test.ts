import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent, AgentRun, AgentScenario } from '../../../shared/api/agent-events.ts';
import { runSimulatedAgent } from './simulated-agent.ts';
import { AgentTracker } from './tracker.ts';

// Real timers, short: an UNRESPONSIVE window of 300 ms and deadlines far apart, so a busy machine cannot blur them.
const TIMINGS = { heartbeatIntervalMs: 40, heartbeatTimeoutMs: 400, executionTimeoutMs: 800, cleanupIntervalMs: 60_000 };
const WAIT_LIMIT_MS = 4_000;

// A real tracker that also counts heartbeat calls, to see whether an agent's own timer still runs.
class CountingTracker extends AgentTracker {
  heartbeatCalls = 0;

  override heartbeat(runId: string): void {
    this.heartbeatCalls++;
    super.heartbeat(runId);
  }
}

const trackers: AgentTracker[] = [];
afterEach(() => {
  for (const tracker of trackers.splice(0)) tracker.shutdown('test over');
});

// Polls until the condition holds, failing with a description after a bounded wait.
async function waitFor(condition: () => boolean, what: string, limitMs = WAIT_LIMIT_MS): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${limitMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// Lets real time pass, for checks that something does not happen.
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Starts one simulated run on a watching tracker and waits until the tracker says it has ended.
async function runToEnd(scenario: AgentScenario): Promise<{ tracker: CountingTracker; run: AgentRun; events: AgentEvent[] }> {
  const tracker = new CountingTracker({ timings: TIMINGS, maxConcurrent: 5 });
  trackers.push(tracker);
  const events: AgentEvent[] = [];
  tracker.subscribe((event) => events.push(event));
  tracker.startWatching();
  const started = tracker.start(`${scenario}_agent`, scenario);
  if (!started) throw new Error('the tracker refused to start a run');
  runSimulatedAgent(tracker, started, scenario);
  await waitFor(() => tracker.activeCount() === 0, `the ${scenario} run to end`);
  const run = tracker.get(started.run_id);
  if (!run) throw new Error('the run was swept before it could be read');
  return { tracker, run, events };
}

describe('runSimulatedAgent', () => {
  it('normal: beats, then COMPLETED', async () => {
    const { run, events } = await runToEnd('normal');
    expect(run).toMatchObject({ state: 'COMPLETED', death_cause: null, error: null });
    expect(run.heartbeats).toBeGreaterThanOrEqual(1);
    expect(events.map((event) => event.type)).toContain('agent_heartbeat');
    expect(events.at(-1)?.type).toBe('agent_completed');
  });

  it('slow: keeps beating until the execution timeout ends it (TIMED_OUT, timeout)', async () => {
    const { run, events } = await runToEnd('slow');
    expect(run).toMatchObject({ state: 'TIMED_OUT', death_cause: 'timeout' });
    expect(run.heartbeats).toBeGreaterThan(3);
    expect(events.at(-1)).toMatchObject({ type: 'agent_death', payload: { death_cause: 'timeout' } });
  });

  it('hang: its beat stops, it goes UNRESPONSIVE, then DEAD with no_heartbeat', async () => {
    const { run, events } = await runToEnd('hang');
    expect(run).toMatchObject({ state: 'DEAD', death_cause: 'no_heartbeat' });
    const changes = events.filter((event) => event.type === 'agent_state').map((event) => event.payload.change);
    expect(changes).toEqual(['unresponsive']);
    expect(events.at(-1)).toMatchObject({ type: 'agent_death', payload: { death_cause: 'no_heartbeat', recovery_action: 'restart_agent' } });
  });

  it('crash: FAILED with the error that crashed it', async () => {
    const { run, events } = await runToEnd('crash');
    expect(run.state).toBe('FAILED');
    expect(run.error).toMatch(/^TypeError: .+/);
    expect(events.at(-1)).toMatchObject({ type: 'agent_failed', payload: { error: run.error } });
  });

  it('mute: never beats, NEVER_HEARTBEATED with never_heartbeated once the dead window passes', async () => {
    const { tracker, run, events } = await runToEnd('mute');
    expect(run).toMatchObject({ state: 'NEVER_HEARTBEATED', death_cause: 'never_heartbeated', heartbeats: 0, last_heartbeat_at: null });
    expect(tracker.heartbeatCalls).toBe(0);
    expect(events.map((event) => event.type)).toEqual(['agent_started', 'agent_death']);
  });

  it('silent: ends with neither result nor error, DEAD with silent_failure', async () => {
    const { run, events } = await runToEnd('silent');
    expect(run).toMatchObject({ state: 'DEAD', death_cause: 'silent_failure', error: null });
    expect(events.at(-1)).toMatchObject({ type: 'agent_death', payload: { death_cause: 'silent_failure' } });
  });

  it('stops its heartbeat timer when the tracker ends the run (slow run timed out)', async () => {
    const { tracker } = await runToEnd('slow');
    const calls = tracker.heartbeatCalls;
    await sleep(TIMINGS.heartbeatIntervalMs * 4);
    expect(tracker.heartbeatCalls).toBe(calls);
  });

  it('stops its heartbeat timer when the tracker shuts down mid-run', async () => {
    const tracker = new CountingTracker({ timings: TIMINGS, maxConcurrent: 5 });
    trackers.push(tracker);
    const run = tracker.start('slow_agent', 'slow');
    if (!run) throw new Error('the tracker refused to start a run');
    runSimulatedAgent(tracker, run, 'slow');
    await waitFor(() => tracker.heartbeatCalls >= 2, 'two heartbeats');
    tracker.shutdown('backend stopping');
    expect(tracker.get(run.run_id)).toMatchObject({ state: 'FAILED', error: 'backend stopping' });
    const calls = tracker.heartbeatCalls;
    await sleep(TIMINGS.heartbeatIntervalMs * 4);
    expect(tracker.heartbeatCalls).toBe(calls);
  });
});
