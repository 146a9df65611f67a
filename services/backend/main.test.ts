import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../shared/api/agent-events.ts';
import { openEventSocket } from '../testing/event-socket.ts';
import { logRecords, post, spawnService, type SpawnedService } from '../testing/spawn-service.ts';

// Short timings so every scenario ends within seconds: beat 0.1 s, dead after 0.6 s, timed out after 1.2 s.
const TIMINGS = { AGENT_HEARTBEAT_INTERVAL: '0.1', AGENT_HEARTBEAT_TIMEOUT: '0.6', AGENT_EXECUTION_TIMEOUT: '1.2', EXECUTION_CLEANUP_INTERVAL: '30', MAX_CONCURRENT_AGENTS: '6' };

let auth: SpawnedService;
let backend: SpawnedService;
let token: string;

beforeAll(async () => {
  auth = await spawnService('auth');
  backend = await spawnService('backend', { env: { AUTH_SERVICE_URL: auth.url, ...TIMINGS } });
  token = String((await post(`${auth.url}/auth/dev/login`, { email: 'qa@example.com' })).body.access_token);
}, 30_000);

afterAll(async () => {
  await Promise.all([backend?.stop(), auth?.stop()]);
});

const bearer = () => ({ authorization: `Bearer ${token}` });
const startRun = (scenario: string, agentName = `agent-${scenario}`) => post(`${backend.url}/api/agents/runs`, { agent_name: agentName, scenario }, bearer());
const ofRun = (runId: unknown, type: AgentEvent['type']) => (event: AgentEvent) => event.run_id === runId && event.type === type;

describe('backend service (a real process, with a real auth service)', () => {
  it('reports auth reachable and the tracker on /health', async () => {
    let health: Record<string, unknown> = {};
    for (let i = 0; i < 50; i++) {
      health = await (await fetch(`${backend.url}/health`)).json() as Record<string, unknown>;
      if ((health.dependencies as { auth: { reachable: unknown } }).auth.reachable === true) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(health).toMatchObject({ status: 'ok', service: 'backend', dependencies: { auth: { reachable: true } }, agents: { by_state: expect.any(Object) } });
    expect(health.event_loop).toMatchObject({ p50_ms: expect.any(Number), p99_ms: expect.any(Number) });
  });

  it('answers /api/me through the auth service, 401 for bad or missing tokens', async () => {
    const me = await fetch(`${backend.url}/api/me`, { headers: bearer() });
    expect([me.status, await me.json()]).toEqual([200, expect.objectContaining({ email: 'qa@example.com', permissions: ['profile:read', 'agents:run'] })]);
    expect((await fetch(`${backend.url}/api/me`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    const missing = await fetch(`${backend.url}/api/me`);
    expect([missing.status, (await missing.json() as { error: string }).error]).toEqual([401, 'missing_token']);
  });

  it('ends every scenario as QA expects, with the seeds\' death events', async () => {
    const socket = await openEventSocket(backend.url, token);
    const runs = Object.fromEntries(await Promise.all(['normal', 'slow', 'hang', 'crash', 'silent'].map(async (scenario) => {
      const answer = await startRun(scenario);
      expect(answer.status).toBe(202);
      return [scenario, answer.body.run_id] as const;
    })));
    const completed = await socket.waitFor(ofRun(runs.normal, 'agent_completed'));
    expect(completed.payload).toMatchObject({ status: 'completed' });

    const unresponsive = await socket.waitFor((event) => event.run_id === runs.hang && event.type === 'agent_state');
    expect(unresponsive.payload).toMatchObject({ state: 'UNRESPONSIVE', change: 'unresponsive' });
    const hangDeath = await socket.waitFor(ofRun(runs.hang, 'agent_death'));
    expect(hangDeath).toMatchObject({ agent_name: 'agent-hang', payload: { status: 'dead', death_cause: 'no_heartbeat', recovery_action: expect.any(String) } });
    const silence = Date.parse(hangDeath.timestamp) - Date.parse(hangDeath.last_heartbeat_at ?? '');
    expect(silence).toBeGreaterThanOrEqual(600);

    const crash = await socket.waitFor(ofRun(runs.crash, 'agent_failed'));
    expect(crash.payload).toMatchObject({ status: 'failed', error: expect.stringContaining('TypeError') });
    const silent = await socket.waitFor(ofRun(runs.silent, 'agent_death'));
    expect(silent.payload).toMatchObject({ death_cause: 'silent_failure' });

    const slow = await socket.waitFor(ofRun(runs.slow, 'agent_death'));
    expect(slow.payload).toMatchObject({ death_cause: 'timeout' });
    const started = socket.events.find(ofRun(runs.slow, 'agent_started'));
    expect(Date.parse(slow.timestamp) - Date.parse(started?.timestamp ?? '')).toBeGreaterThanOrEqual(1_200);
    socket.socket.close();

    const list = await (await fetch(`${backend.url}/api/agents/runs`, { headers: bearer() })).json() as { runs: { run_id: string; state: string; death_cause: string | null; last_heartbeat_at: string | null; heartbeats: number }[] };
    const byId = Object.fromEntries(list.runs.map((run) => [run.run_id, run]));
    expect([runs.normal, runs.slow, runs.hang, runs.crash, runs.silent].map((id) => [byId[String(id)]?.state, byId[String(id)]?.death_cause])).toEqual([
      ['COMPLETED', null], ['TIMED_OUT', 'timeout'], ['DEAD', 'no_heartbeat'], ['FAILED', null], ['DEAD', 'silent_failure'],
    ]);
    expect(byId[String(runs.hang)]?.heartbeats).toBeGreaterThan(0);
    expect(byId[String(runs.hang)]?.last_heartbeat_at).toEqual(expect.any(String));
  });

  it('refuses a run past MAX_CONCURRENT_AGENTS with 429, and bad input with 400', async () => {
    const socket = await openEventSocket(backend.url, token);
    const started = await Promise.all(Array.from({ length: 6 }, (_, i) => startRun('slow', `filler-${i}`)));
    expect(started.map((answer) => answer.status)).toEqual([202, 202, 202, 202, 202, 202]);
    const refused = await startRun('normal');
    expect(refused).toMatchObject({ status: 429, body: { error: 'too_many_agents', message: expect.stringContaining('MAX_CONCURRENT_AGENTS is 6') } });
    expect(await post(`${backend.url}/api/agents/runs`, { agent_name: 'x', scenario: 'explode' }, bearer())).toMatchObject({ status: 400, body: { error: 'invalid_request', message: expect.stringContaining('scenario') } });
    expect(await post(`${backend.url}/api/agents/runs`, '{"agent_name": ', bearer())).toMatchObject({ status: 400 });
    expect((await post(`${backend.url}/api/agents/runs`, { agent_name: 'x', scenario: 'normal' })).status).toBe(401);
    await Promise.all(started.map((answer) => socket.waitFor(ofRun(answer.body.run_id, 'agent_death'))));
    socket.socket.close();
  });

  it('pushes every event to many clients at once, and refuses a socket without a valid token', async () => {
    const sockets = await Promise.all(Array.from({ length: 20 }, () => openEventSocket(backend.url, token)));
    const { body } = await startRun('normal', 'fan-out');
    await Promise.all(sockets.map((socket) => socket.waitFor(ofRun(body.run_id, 'agent_completed'))));
    const counts = sockets.map((socket) => socket.events.filter((event) => event.run_id === body.run_id).length);
    expect(new Set(counts).size).toBe(1);
    for (const socket of sockets) socket.socket.close();
    await expect(openEventSocket(backend.url, 'forged')).rejects.toThrow('websocket refused with 401');
    await expect(new Promise((resolve, reject) => {
      const bare = new WebSocket(`${backend.url.replace('http', 'ws')}/ws`);
      bare.once('unexpected-response', (_request, response) => resolve(response.statusCode));
      bare.once('open', () => reject(new Error('opened without a token')));
    })).resolves.toBe(401);
  });

  it('answers 503 with a clear body when the auth service is unreachable', async () => {
    const lonelyBackend = await spawnService('backend', { env: { AUTH_SERVICE_URL: 'http://127.0.0.1:9', ...TIMINGS } });
    try {
      const answer = await fetch(`${lonelyBackend.url}/api/me`, { headers: bearer() });
      expect(answer.status).toBe(503);
      expect(await answer.json()).toEqual({ error: 'auth_unavailable', message: expect.stringContaining('auth service at http://127.0.0.1:9 is unreachable') });
      const health = await (await fetch(`${lonelyBackend.url}/health`)).json() as { status: string };
      expect(['ok', 'degraded']).toContain(health.status);
    } finally {
      await lonelyBackend.stop();
    }
  });

  it('ends active runs with events and exits 0 on SIGTERM', async () => {
    const own = await spawnService('backend', { env: { AUTH_SERVICE_URL: auth.url, ...TIMINGS, AGENT_EXECUTION_TIMEOUT: '60', AGENT_HEARTBEAT_TIMEOUT: '30' } });
    const socket = await openEventSocket(own.url, token);
    const { body } = await post(`${own.url}/api/agents/runs`, { agent_name: 'long', scenario: 'slow' }, bearer());
    await socket.waitFor(ofRun(body.run_id, 'agent_heartbeat'));
    own.child.kill('SIGTERM');
    const failed = await socket.waitFor(ofRun(body.run_id, 'agent_failed'));
    expect(failed.payload).toMatchObject({ error: 'the backend is shutting down' });
    expect(await socket.closed).toMatchObject({ code: 1001 });
    expect(await own.exited).toEqual({ code: 0, signal: null });
    expect(logRecords(own).some((record) => record.msg === 'stopped')).toBe(true);
  });
});
