import type { AgentScenario } from '../../shared/api/agent-events.ts';
import type { AgentRunView } from '../../shared/api/agent-runs-view.ts';
import { DEMO_SECRETS, demoCrashRecord, demoRuns, demoStackReport } from '../testing/fixtures.ts';
import { createScenarioEngine, type ScenarioEngine } from '../testing/scenario-engine.ts';

export interface DemoStack {
  engine: ScenarioEngine;
  stop(): void;
}

const TICK_MS = 1_000;

// Why: a lively stack for looking at the dashboard without processes: two services (one in a crash loop), logs with
// colours and JSON levels, stats, and agent runs that beat, hang, go silent, crash and complete as scenarios say.
export async function createDemoStack(): Promise<DemoStack> {
  const engine = createScenarioEngine(['auth', 'backend']);
  engine.setConfig(demoStackReport());
  for (const [path, value] of Object.entries(DEMO_SECRETS)) {
    const [service = '', key = ''] = path.split('/');
    engine.setSecret(service, key, value);
  }
  for (const run of demoRuns()) engine.putRun(run);

  await engine.command({ type: 'start', service: 'auth' });
  await engine.setService('auth', { staleKeys: ['LOG_LEVEL'], stats: { cpuPercent: 1.4, rssBytes: 84 * 1024 * 1024 } });
  await crash(engine, 8_000, 2);
  engine.commands.length = 0;
  seedLogs(engine);

  const simulated = new Map<string, { beats: number; lastBeat: number; started: number; warned: boolean }>();
  let tick = 0;
  const timer = setInterval(() => {
    tick++;
    void step(engine, tick, simulated);
  }, TICK_MS);
  return { engine, stop: () => clearInterval(timer) };
}

async function crash(engine: ScenarioEngine, restartInMs: number, restarts: number): Promise<void> {
  const record = demoCrashRecord('backend', restartInMs);
  engine.setCrashRecords('backend', [demoCrashRecord('backend', null, Date.now() - 90_000), record]);
  await engine.setService('backend', {
    state: 'crashed', pid: null, port: null, url: null, startedAt: null, restarts, stats: null, lastCrash: record,
    message: 'crashed during start-up: invalid configuration (MAX_CONCURRENT_AGENTS)',
  });
}

async function step(engine: ScenarioEngine, tick: number, simulated: Map<string, { beats: number; lastBeat: number; started: number; warned: boolean }>): Promise<void> {
  const state = await engine.query({ type: 'stackState' });
  for (const service of state.services) {
    if (service.state === 'ready' && tick % 3 === 0) {
      const base = service.name === 'auth' ? 84 : 142;
      await engine.setService(service.name, { stats: { cpuPercent: 0.5 + Math.random() * 4, rssBytes: (base + Math.random() * 6) * 1024 * 1024 } });
    }
    if (service.state === 'crashed' && service.lastCrash?.restartAt && Date.parse(service.lastCrash.restartAt) <= Date.now()) {
      await engine.setService(service.name, { state: 'restarting', message: 'restarting after a crash (back-off)' });
      setTimeout(() => void crash(engine, Math.min(15_000, 8_000 * 1.5 ** (service.restarts - 1)), service.restarts + 1), 1_200);
    }
    if (service.state === 'ready') emitLogs(engine, service.name, tick);
  }
  const runs = (await engine.query({ type: 'agentRuns' })).runs;
  for (const run of runs) advanceRun(engine, run, simulated);
}

function advanceRun(engine: ScenarioEngine, run: AgentRunView, simulated: Map<string, { beats: number; lastBeat: number; started: number; warned: boolean }>): void {
  const active = run.state === 'RUNNING' || run.state === 'UNRESPONSIVE' || run.state === 'PENDING';
  if (!active || !run.known) return;
  // The seeded runs stay as they are, except one that beats for ever.
  if (run.run_id.startsWith('run_a') && run.run_id !== 'run_a1') return;
  const now = Date.now();
  const sim = simulated.get(run.run_id) ?? { beats: 0, lastBeat: now, started: now, warned: false };
  simulated.set(run.run_id, sim);
  const scenario: AgentScenario = run.run_id === 'run_a1' ? 'slow' : run.scenario;
  const beating = { normal: sim.beats < 8, slow: (now - sim.started) % 4_000 < 2_000 || sim.beats < 3, hang: sim.beats < 3, crash: sim.beats < 2, silent: sim.beats < 2, mute: false }[scenario];
  const event = (type: string) => ({ run_id: run.run_id, agent_name: run.agent_name, timestamp: new Date(now).toISOString(), type });

  if (beating && (now - sim.lastBeat >= 2_000 || sim.beats === 0)) {
    sim.beats++;
    sim.lastBeat = now;
    const at = new Date(now).toISOString();
    engine.putRun({ ...run, state: 'RUNNING', heartbeats: run.heartbeats + 1, last_heartbeat_at: at });
    engine.emit({ type: 'agentEvent', event: { ...event('agent_heartbeat'), type: 'agent_heartbeat', last_heartbeat_at: at, payload: { heartbeats: run.heartbeats + 1, state: 'RUNNING' } } });
    return;
  }
  if (scenario === 'normal' && sim.beats >= 8) {
    engine.putRun({ ...run, state: 'COMPLETED', ended_at: new Date(now).toISOString() });
    return;
  }
  if (scenario === 'crash' && sim.beats >= 2) {
    const error = 'RuntimeError: simulated crash in step 3';
    engine.emit({ type: 'agentEvent', event: { ...event('agent_failed'), type: 'agent_failed', last_heartbeat_at: run.last_heartbeat_at, payload: { status: 'failed', error } } });
    engine.putRun({ ...run, state: 'FAILED', ended_at: new Date(now).toISOString(), error });
    return;
  }
  const silentFor = now - (run.last_heartbeat_at ? Date.parse(run.last_heartbeat_at) : sim.started);
  if (silentFor > 10_000) {
    const message = run.last_heartbeat_at ? `no heartbeat for ${Math.round(silentFor / 1_000)} s (timeout 10 s)` : 'no heartbeat within 10 s of starting';
    engine.emit({ type: 'agentEvent', event: { ...event('agent_death'), type: 'agent_death', last_heartbeat_at: run.last_heartbeat_at, payload: { status: 'dead', death_cause: 'no_heartbeat', message, recovery_action: 'marked dead; resources released' } } });
    engine.putRun({ ...run, state: 'DEAD', ended_at: new Date(now).toISOString(), death_cause: 'no_heartbeat' });
  } else if (silentFor > 6_000 && !sim.warned) {
    sim.warned = true;
    const message = `no heartbeat for ${Math.round(silentFor / 1_000)} s`;
    engine.emit({ type: 'agentEvent', event: { ...event('agent_state'), type: 'agent_state', last_heartbeat_at: run.last_heartbeat_at, payload: { state: 'UNRESPONSIVE', change: 'unresponsive', message } } });
    engine.putRun({ ...run, state: 'UNRESPONSIVE' });
  }
}

const PATHS = ['/health', '/api/me', '/api/agents/runs', '/auth/validate', '/auth/dev/login'];

function emitLogs(engine: ScenarioEngine, service: string, tick: number): void {
  if (service === 'auth') {
    const path = PATHS[tick % PATHS.length] ?? '/';
    const status = tick % 7 === 0 ? 401 : 200;
    const colour = status === 200 ? 32 : 33;
    engine.pushLogs('auth', [`\x1b[36mPOST\x1b[0m ${path} \x1b[${colour}m${status}\x1b[0m ${(2 + (tick % 5) * 1.7).toFixed(1)} ms`]);
    if (tick % 5 === 0) engine.pushLogs('auth', [{ text: 'warning: SERVICE_SECRET is shorter than 32 characters', stream: 'stderr' }]);
    // Now and then the engine could not deliver everything: the pane must say so.
    if (tick % 15 === 4) engine.pushLogs('auth', ['\x1b[2mrequest burst over\x1b[0m'], 37);
  } else {
    const level = tick % 9 === 0 ? 'warn' : tick % 4 === 0 ? 'debug' : 'info';
    engine.pushLogs(service, [{ text: JSON.stringify({ level, time: Date.now(), msg: 'request completed', reqId: `req-${tick}`, responseTime: 3 + (tick % 4) }), level }]);
  }
}

function seedLogs(engine: ScenarioEngine): void {
  engine.pushLogs('auth', [
    '\x1b[1mauth\x1b[0m listening on \x1b[4mhttp://127.0.0.1:4000\x1b[0m',
    'config: profile development, 17 variables (2 warnings)',
    '\x1b[32m✓\x1b[0m connected to postgres at localhost:5432/auth_dev',
    '\x1b[32m✓\x1b[0m connected to redis at redis://:***@localhost:6379/0',
    'docs at https://github.com/stackdeck/stackdeck#auth',
  ]);
  engine.pushLogs('backend', [
    { text: JSON.stringify({ level: 'info', time: Date.now(), msg: 'starting backend', version: '0.1.0' }), level: 'info' },
    { text: JSON.stringify({ level: 'debug', time: Date.now(), msg: 'loaded config', keys: 23 }), level: 'debug' },
    { text: 'config: MAX_CONCURRENT_AGENTS must be an integer between 1 and 1000 (services/backend/.env:9)', stream: 'stderr' },
    { text: 'Error: invalid configuration for backend (1 error)', stream: 'stderr', level: 'error' },
  ], 0);
  engine.pushLogs('backend', [{ text: JSON.stringify({ level: 'error', time: Date.now(), msg: 'exiting', code: 1 }), level: 'error' }], 120);
}
