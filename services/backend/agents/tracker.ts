import { randomBytes } from 'node:crypto';
import {
  AGENT_STATES, TERMINAL_AGENT_STATES, stateAfterDeath,
  type AgentEvent, type AgentRun, type AgentScenario, type AgentState, type DeathCause,
} from '../../../shared/api/agent-events.ts';

export interface TrackerTimings {
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  executionTimeoutMs: number;
  cleanupIntervalMs: number;
}

export interface TrackerOptions {
  timings: TrackerTimings;
  maxConcurrent: number;
  // Liveness is judged on the receiver's monotonic clock, never on wall time (sleep, NTP jumps).
  monotonic?: () => number;
  wallClock?: () => Date;
}

interface Tracked {
  run: AgentRun;
  startedAt: number;
  lastBeatAt: number | null;
  endedAt: number | null;
  stopAgent?: () => void;
}

const RECOVERY: Record<DeathCause, { action: string; message: (seconds: number) => string }> = {
  timeout: { action: 'retry', message: (s) => `The agent ran longer than ${s} s and was stopped. Retry with a smaller task.` },
  no_heartbeat: { action: 'restart_agent', message: (s) => `The agent stopped sending heartbeats and was declared dead after ${s} s of silence.` },
  never_heartbeated: { action: 'check_agent_startup', message: (s) => `The agent started but sent no heartbeat within ${s} s: it never got going (it failed at start-up, cannot reach the heartbeat endpoint, or blocks before its first beat).` },
  silent_failure: { action: 'refresh_required', message: () => 'The agent stopped without completing or reporting an error. Refresh and start it again.' },
};

// Two missed beats and a little slack for timer jitter: warn before declaring dead (VS Code's pty host does the same).
const UNRESPONSIVE_AFTER_BEATS = 2.5;

// Why: the backend's record of every agent run, judging liveness itself and telling subscribers each change of state.
export class AgentTracker {
  readonly timings: TrackerTimings;
  readonly maxConcurrent: number;
  #runs = new Map<string, Tracked>();
  #listeners = new Set<(event: AgentEvent) => void>();
  #monotonic: () => number;
  #wallClock: () => Date;
  #timers: NodeJS.Timeout[] = [];
  // Counted as runs start and end, not by walking every run: a start stays O(1) at 10,000 runs.
  #activeRuns = 0;

  constructor(options: TrackerOptions) {
    this.timings = options.timings;
    this.maxConcurrent = options.maxConcurrent;
    this.#monotonic = options.monotonic ?? (() => performance.now());
    this.#wallClock = options.wallClock ?? (() => new Date());
  }

  // Checks often enough that a death is seen well within a quarter of a beat (and never more than 100 ms late).
  startWatching(): void {
    const tick = Math.min(100, Math.max(10, this.timings.heartbeatIntervalMs / 4));
    this.#timers.push(setInterval(() => this.check(), tick), setInterval(() => this.cleanup(), this.timings.cleanupIntervalMs));
  }

  subscribe(listener: (event: AgentEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  activeCount(): number {
    return this.#activeRuns;
  }

  // A new run, or undefined when MAX_CONCURRENT_AGENTS are already active.
  start(agentName: string, scenario: AgentScenario): AgentRun | undefined {
    if (this.activeCount() >= this.maxConcurrent) return undefined;
    const now = this.#wallClock();
    const run: AgentRun = {
      run_id: `exec_${randomBytes(6).toString('hex')}_${now.getTime()}`,
      agent_name: agentName,
      scenario,
      state: 'PENDING',
      started_at: now.toISOString(),
      last_heartbeat_at: null,
      heartbeats: 0,
      ended_at: null,
      death_cause: null,
      error: null,
    };
    this.#runs.set(run.run_id, { run, startedAt: this.#monotonic(), lastBeatAt: null, endedAt: null });
    this.#activeRuns++;
    this.#emit({ type: 'agent_started', ...this.#header(run), timestamp: run.started_at, payload: { scenario, state: run.state } });
    return run;
  }

  // The agent's own timers stop when its run ends, whoever ends it.
  attach(runId: string, stopAgent: () => void): void {
    const tracked = this.#runs.get(runId);
    if (tracked) tracked.stopAgent = stopAgent;
  }

  heartbeat(runId: string): void {
    const tracked = this.#active(runId);
    if (!tracked) return;
    const { run } = tracked;
    tracked.lastBeatAt = this.#monotonic();
    run.heartbeats++;
    run.last_heartbeat_at = this.#wallClock().toISOString();
    const wasUnresponsive = run.state === 'UNRESPONSIVE';
    run.state = 'RUNNING';
    if (wasUnresponsive) {
      this.#emit({ type: 'agent_state', ...this.#header(run), payload: { state: 'RUNNING', change: 'recovered', message: 'A heartbeat arrived: the agent is running again' } });
    }
    this.#emit({ type: 'agent_heartbeat', ...this.#header(run), payload: { heartbeats: run.heartbeats, state: run.state } });
  }

  complete(runId: string): void {
    const tracked = this.#active(runId);
    if (!tracked) return;
    this.#end(tracked, 'COMPLETED');
    this.#emit({ type: 'agent_completed', ...this.#header(tracked.run), payload: { status: 'completed', duration_ms: Math.round(this.#monotonic() - tracked.startedAt) } });
  }

  fail(runId: string, error: string): void {
    const tracked = this.#active(runId);
    if (!tracked) return;
    tracked.run.error = error;
    this.#end(tracked, 'FAILED');
    this.#emit({ type: 'agent_failed', ...this.#header(tracked.run), payload: { status: 'failed', error } });
  }

  // The agent's work ended with neither a result nor an error.
  endedSilently(runId: string): void {
    const tracked = this.#active(runId);
    if (tracked) this.#die(tracked, 'silent_failure', 0);
  }

  // Deadlines: execution timeout, heartbeat timeout, and the earlier warning of two missed beats.
  check(): void {
    const now = this.#monotonic();
    const { heartbeatIntervalMs, heartbeatTimeoutMs, executionTimeoutMs } = this.timings;
    for (const tracked of this.#runs.values()) {
      if (isTerminal(tracked.run.state)) continue;
      const timeoutAt = tracked.startedAt + executionTimeoutMs;
      const silentSince = tracked.lastBeatAt ?? tracked.startedAt;
      const deadAt = silentSince + heartbeatTimeoutMs;
      if (now >= timeoutAt && timeoutAt <= deadAt) this.#die(tracked, 'timeout', now - timeoutAt);
      else if (now >= deadAt) this.#die(tracked, tracked.lastBeatAt === null ? 'never_heartbeated' : 'no_heartbeat', now - deadAt);
      else if (tracked.run.state === 'RUNNING' && now - silentSince >= UNRESPONSIVE_AFTER_BEATS * heartbeatIntervalMs) {
        tracked.run.state = 'UNRESPONSIVE';
        const seconds = Math.round((now - silentSince) / 100) / 10;
        this.#emit({ type: 'agent_state', ...this.#header(tracked.run), payload: { state: 'UNRESPONSIVE', change: 'unresponsive', message: `No heartbeat for ${seconds} s (expected every ${heartbeatIntervalMs / 1000} s)` } });
      }
    }
  }

  // Finished runs are kept for one cleanup interval, so QA can still read how they ended.
  cleanup(): void {
    const now = this.#monotonic();
    for (const [id, tracked] of this.#runs) {
      if (tracked.endedAt !== null && now - tracked.endedAt >= this.timings.cleanupIntervalMs) this.#runs.delete(id);
    }
  }

  list(): AgentRun[] {
    return [...this.#runs.values()].map((tracked) => ({ ...tracked.run }));
  }

  get(runId: string): AgentRun | undefined {
    const tracked = this.#runs.get(runId);
    return tracked ? { ...tracked.run } : undefined;
  }

  summary(): { total: number; active: number; by_state: Record<AgentState, number> } {
    const byState = Object.fromEntries(AGENT_STATES.map((state) => [state, 0])) as Record<AgentState, number>;
    for (const tracked of this.#runs.values()) byState[tracked.run.state]++;
    return { total: this.#runs.size, active: this.activeCount(), by_state: byState };
  }

  // On shutdown every active run ends with an event, so no watcher is left guessing.
  shutdown(reason: string): void {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers = [];
    for (const tracked of this.#runs.values()) if (!isTerminal(tracked.run.state)) this.fail(tracked.run.run_id, reason);
  }

  #active(runId: string): Tracked | undefined {
    const tracked = this.#runs.get(runId);
    return tracked && !isTerminal(tracked.run.state) ? tracked : undefined;
  }

  #die(tracked: Tracked, cause: DeathCause, overdueMs: number): void {
    const seconds = (cause === 'timeout' ? this.timings.executionTimeoutMs : this.timings.heartbeatTimeoutMs) / 1000;
    tracked.run.death_cause = cause;
    this.#end(tracked, stateAfterDeath(cause));
    this.#emit({
      type: 'agent_death',
      ...this.#header(tracked.run),
      payload: { status: 'dead', death_cause: cause, message: RECOVERY[cause].message(seconds), recovery_action: RECOVERY[cause].action, overdue_ms: Math.round(overdueMs) },
    });
  }

  #end(tracked: Tracked, state: AgentState): void {
    this.#activeRuns--;
    tracked.run.state = state;
    tracked.run.ended_at = this.#wallClock().toISOString();
    tracked.endedAt = this.#monotonic();
    tracked.stopAgent?.();
  }

  #header(run: AgentRun) {
    return { run_id: run.run_id, agent_name: run.agent_name, timestamp: this.#wallClock().toISOString(), last_heartbeat_at: run.last_heartbeat_at };
  }

  #emit(event: AgentEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // One broken subscriber must not stop the others or the tracker.
      }
    }
  }
}

function isTerminal(state: AgentState): boolean {
  return TERMINAL_AGENT_STATES.includes(state);
}
