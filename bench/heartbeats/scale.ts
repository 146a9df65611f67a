// bench/heartbeats --scale: 10,000 concurrent runs against the real backend, watched by the launcher's own agent monitor.
// Prints deaths detected (last beat received -> death received, on the monitor's clock; goal p99 <= timeout + 250 ms),
// the backend's CPU as a share of one core (from /proc; goal < 25%), and the dashboard's responsiveness with 10,000 rows.
import { readFileSync } from 'node:fs';
import type { AgentRunView } from '../../shared/api/agent-runs-view.ts';
import { createAgentMonitor, type AgentMonitor } from '../../main/engine/agents/agent-monitor.ts';
import { spawnService } from '../../services/testing/spawn-service.ts';
import { measureDashboard } from './dashboard-at-scale.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 10_000);
const INTERVAL_S = 2;
const TIMEOUT_S = 10;
const EXECUTION_S = 30;
const CLOCK_TICKS = 100;
// Start requests in flight at once (each a POST the backend checks the token of).
const STARTERS = 4;

// CPU seconds a process has used, from /proc (user + system).
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length - 1) * p))] ?? NaN;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// CPU share of one core a process used while `work` ran.
async function cpuWhile<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; percent: number; seconds: number }> {
  const cpu = cpuSeconds(pid);
  const wall = performance.now();
  const result = await work();
  const seconds = (performance.now() - wall) / 1_000;
  return { result, percent: (100 * (cpuSeconds(pid) - cpu)) / seconds, seconds };
}

async function startMany(monitor: AgentMonitor, scenario: 'slow' | 'hang', count: number): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: STARTERS }, async () => {
    while (next < count) {
      const batch = Math.min(50, count - next);
      next += batch;
      ids.push(...await monitor.startRuns(`scale-${scenario}`, scenario, batch));
    }
  }));
  return ids;
}

// Waits for probe; past the limit says what it saw and goes on, so an overloaded machine still gets its figures.
async function until(what: string, probe: () => boolean, limitMs: number, describe: () => string = () => ''): Promise<boolean> {
  const deadline = performance.now() + limitMs;
  while (!probe()) {
    if (performance.now() > deadline) {
      console.log(`  (not all ${what} within ${limitMs / 1_000} s: ${describe()})`);
      return false;
    }
    await sleep(500);
  }
  return true;
}

// What the monitor shows, for a bench that stalls: its status and how many runs are in each state.
function monitorState(monitor: AgentMonitor): string {
  const view = monitor.view();
  const counts: Record<string, number> = {};
  for (const run of view.runs) counts[`${run.scenario}:${run.known ? run.state : 'unknown'}`] = (counts[`${run.scenario}:${run.known ? run.state : 'unknown'}`] ?? 0) + 1;
  return `(monitor ${view.status}${view.message ? `: ${view.message}` : ''}; ${JSON.stringify(counts)}; ${JSON.stringify(monitor.stats())})`;
}

// The backend and the launcher's monitor alone: deaths, timeouts and CPU (skipped with --dashboard-only).
async function measureBackend(): Promise<void> {
  const auth = await spawnService('auth', { env: { LOG_LEVEL: 'warn' } });
  const backend = await spawnService('backend', {
    env: {
      LOG_LEVEL: 'error', AUTH_SERVICE_URL: auth.url, MAX_CONCURRENT_AGENTS: String(2 * RUNS),
      AGENT_HEARTBEAT_INTERVAL: String(INTERVAL_S), AGENT_HEARTBEAT_TIMEOUT: String(TIMEOUT_S), AGENT_EXECUTION_TIMEOUT: String(EXECUTION_S),
    },
  });
  const pid = backend.child.pid as number;
  let views = 0;
  const monitor = createAgentMonitor({
    services: { host: 'backend', login: 'auth' },
    urls: () => ({ host: backend.url, login: auth.url }),
    profile: 'test',
    maxFinishedRuns: 2 * RUNS,
    maxActiveRuns: 2 * RUNS,
    onView: () => { views++; },
  });
  try {
    if (!await until('the monitor connected', () => monitor.view().status === 'connected', 20_000, () => monitorState(monitor))) throw new Error('the monitor did not connect');
    console.log(`bench/heartbeats --scale: ${RUNS} concurrent runs, heartbeat every ${INTERVAL_S} s, dead after ${TIMEOUT_S} s, timed out after ${EXECUTION_S} s, Node ${process.versions.node}`);
    const byId = () => new Map<string, AgentRunView>(monitor.view().runs.map((run) => [run.run_id, run]));

    // 1. Steady state: RUNS runs all beating every 2 s (RUNS / 2 beats a second, each pushed to the monitor).
    const starting = performance.now();
    const slow = await startMany(monitor, 'slow', RUNS);
    const startSeconds = (performance.now() - starting) / 1_000;
    const steady = await cpuWhile(pid, () => sleep(10_000));
    const beating = [...byId().values()].filter((run) => run.scenario === 'slow' && run.state === 'RUNNING').length;
    console.log(`  started                            ${RUNS} 'slow' runs in ${startSeconds.toFixed(1)} s (${STARTERS} starters, 50 a command); ${beating} beating in the steady window`);
    console.log(`  backend CPU, steady                ${steady.percent.toFixed(1)}% of one core over ${steady.seconds.toFixed(1)} s with ${RUNS} runs beating (goal < 25%)`);
    // One view per probe: a view per id would block this process (and so stamp every event late) for seconds at 10,000 runs.
    const allIn = (ids: string[], state: AgentRunView['state']) => {
      const runs = byId();
      return ids.every((id) => runs.get(id)?.state === state);
    };
    if (!await until('the slow runs timed out', () => allIn(slow, 'TIMED_OUT'), (EXECUTION_S + 60) * 1_000, () => monitorState(monitor))) {
      // The backend's own count says whether it or the monitor is behind.
      const health = await (await fetch(`${backend.url}/health`)).json() as { agents: unknown; event_loop: unknown };
      console.log(`  (the backend says: ${JSON.stringify(health.agents)}; event loop ${JSON.stringify(health.event_loop)})`);
    }

    // 2. Deaths: RUNS runs that stop beating after their second beat; how late does the monitor learn of each death?
    const hang = await cpuWhile(pid, async () => {
      const ids = await startMany(monitor, 'hang', RUNS);
      await until('the hang runs died', () => allIn(ids, 'DEAD'), (TIMEOUT_S + 90) * 1_000, () => monitorState(monitor));
      return ids;
    });
    const runs = byId();
    const dead = hang.result.map((id) => runs.get(id)).filter((run): run is AgentRunView => run?.state === 'DEAD');
    const detection = dead.map((run) => Date.parse(run.state_since) - Date.parse(run.beat_received_at ?? run.seen_at));
    const timedOut = slow.map((id) => runs.get(id)).filter((run): run is AgentRunView => run?.state === 'TIMED_OUT');
    const timeoutDetection = timedOut.map((run) => Date.parse(run.state_since) - Date.parse(run.seen_at));

    console.log(`  deaths detected (no_heartbeat)     ${dead.length} / ${RUNS}; last beat received -> death received, monitor's clock:`);
    console.log(`                                     p50 ${percentile(detection, 0.5)} ms   p99 ${percentile(detection, 0.99)} ms   max ${Math.max(...detection)} ms   (goal p99 <= ${TIMEOUT_S * 1_000 + 250} ms)`);
    console.log(`  timeouts detected                  ${timedOut.length} / ${RUNS}; first seen -> timeout received: p50 ${percentile(timeoutDetection, 0.5)} ms   p99 ${percentile(timeoutDetection, 0.99)} ms (timeout ${EXECUTION_S * 1_000} ms)`);
    console.log(`  backend CPU, start + deaths        ${hang.percent.toFixed(1)}% of one core over ${hang.seconds.toFixed(1)} s (includes ${RUNS} start requests)`);
    console.log(`  monitor                            ${views} views pushed; ${monitor.stats().invalidMessages} invalid messages`);
  } finally {
    await monitor.stop();
    await Promise.all([backend.stop(), auth.stop()]);
  }
}

if (!process.argv.includes('--dashboard-only')) await measureBackend();
if (!process.argv.includes('--no-dashboard')) await measureDashboard(RUNS);
