// bench/heartbeats: 1,000 concurrent agent runs that stop beating; how late is each death noticed (goal p99 <= 250 ms)?
// With --scale: 10,000 concurrent runs, watched by the launcher's monitor, and the dashboard with 10,000 rows (scale.ts).
import { readFileSync } from 'node:fs';
import type { AgentEvent } from '../../shared/api/agent-events.ts';
import { openEventSocket } from '../../services/testing/event-socket.ts';
import { post, spawnService } from '../../services/testing/spawn-service.ts';

if (process.argv.includes('--scale')) {
  await import('./scale.ts');
  process.exit(0);
}

const RUNS = Number(process.env.BENCH_RUNS ?? 1000);
const INTERVAL = Number(process.env.BENCH_HEARTBEAT_INTERVAL ?? 2);
const TIMEOUT = Number(process.env.BENCH_HEARTBEAT_TIMEOUT ?? 10);
const CLOCK_TICKS = 100;

// CPU seconds a process has used, from /proc (user + system).
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length - 1) * p))] ?? NaN;

const auth = await spawnService('auth', { env: { LOG_LEVEL: 'warn' } });
const backend = await spawnService('backend', {
  env: {
    LOG_LEVEL: 'error', AUTH_SERVICE_URL: auth.url, MAX_CONCURRENT_AGENTS: String(RUNS),
    AGENT_HEARTBEAT_INTERVAL: String(INTERVAL), AGENT_HEARTBEAT_TIMEOUT: String(TIMEOUT), AGENT_EXECUTION_TIMEOUT: String(TIMEOUT * 10),
  },
});
try {
  const token = String((await post(`${auth.url}/auth/dev/login`, { email: 'bench@example.com' })).body.access_token);
  const socket = await openEventSocket(backend.url, token);
  const pid = backend.child.pid as number;
  const cpuAtStart = cpuSeconds(pid);
  const wallAtStart = performance.now();
  const ids = new Set<unknown>();
  for (let i = 0; i < RUNS; i += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, RUNS - i) }, (_, j) =>
      post(`${backend.url}/api/agents/runs`, { agent_name: `bench-${i + j}`, scenario: 'hang' }, { authorization: `Bearer ${token}` })));
    for (const answer of batch) {
      if (answer.status !== 202) throw new Error(`run refused: ${answer.status} ${JSON.stringify(answer.body)}`);
      ids.add(answer.body.run_id);
    }
  }
  const deaths: AgentEvent[] = [];
  const deadline = performance.now() + (TIMEOUT + INTERVAL * 4 + 30) * 1000;
  while (deaths.length < RUNS && performance.now() < deadline) {
    deaths.length = 0;
    for (const event of socket.events) if (event.type === 'agent_death' && ids.has(event.run_id)) deaths.push(event);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const cpuUsed = cpuSeconds(pid) - cpuAtStart;
  const wall = (performance.now() - wallAtStart) / 1000;
  // Server-side lateness (the tracker's own deadline vs when it noticed) and client-side (event timestamp vs last beat).
  const overdue = deaths.map((event) => (event.type === 'agent_death' ? event.payload.overdue_ms ?? NaN : NaN));
  const observed = deaths.map((event) => Date.parse(event.timestamp) - Date.parse(event.last_heartbeat_at ?? event.timestamp) - TIMEOUT * 1000);
  const health = await (await fetch(`${backend.url}/health`)).json() as { event_loop: { p99_ms: number; max_ms: number } };
  socket.socket.close();

  console.log(`bench/heartbeats: ${RUNS} concurrent 'hang' runs, heartbeat every ${INTERVAL} s, dead after ${TIMEOUT} s, Node ${process.versions.node}`);
  console.log(`  deaths detected                    ${deaths.length} / ${RUNS} (all no_heartbeat: ${deaths.every((event) => event.type === 'agent_death' && event.payload.death_cause === 'no_heartbeat')})`);
  console.log(`  detection latency beyond timeout   p50 ${percentile(overdue, 0.5)} ms   p99 ${percentile(overdue, 0.99)} ms   max ${Math.max(...overdue)} ms   (tracker's monotonic clock; goal p99 <= 250 ms)`);
  console.log(`  same, from event timestamps        p50 ${percentile(observed, 0.5)} ms   p99 ${percentile(observed, 0.99)} ms   (wall clock, ms resolution)`);
  console.log(`  backend CPU                        ${cpuUsed.toFixed(2)} s over ${wall.toFixed(1)} s = ${(100 * cpuUsed / wall).toFixed(1)}% of one core`);
  console.log(`  backend event-loop delay           p99 ${health.event_loop.p99_ms} ms, max ${health.event_loop.max_ms} ms (last window)`);
} finally {
  await Promise.all([backend.stop(), auth.stop()]);
}
