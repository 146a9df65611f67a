import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import getPort from 'get-port';
import { WebSocketServer, type WebSocket } from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEvent, AgentRun } from '../../../shared/api/agent-events.ts';
import { withRunsChanges, type AgentRunsChanges, type AgentRunView, type AgentRunsView } from '../../../shared/api/agent-runs-view.ts';
import { post, spawnService, type SpawnedService } from '../../../services/testing/spawn-service.ts';
import { AgentRunsError, createAgentMonitor, type AgentMonitor, type AgentMonitorOptions } from './agent-monitor.ts';

// Beat 0.1 s, unresponsive after 0.25 s of silence, dead after 0.6 s, timed out after 1.2 s.
const FAST = { AGENT_HEARTBEAT_INTERVAL: '0.1', AGENT_HEARTBEAT_TIMEOUT: '0.6', AGENT_EXECUTION_TIMEOUT: '1.2' };
// Runs that keep beating for a minute: they are still running whenever the test looks.
const LONG = { AGENT_HEARTBEAT_INTERVAL: '0.1', AGENT_HEARTBEAT_TIMEOUT: '5', AGENT_EXECUTION_TIMEOUT: '60' };

const monitors: AgentMonitor[] = [];
const extras: SpawnedService[] = [];
const fakes: FakeBackend[] = [];

afterEach(async () => {
  await Promise.all(monitors.splice(0).map((monitor) => monitor.stop()));
  await Promise.all(extras.splice(0).map((service) => service.stop()));
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

interface Watched {
  monitor: AgentMonitor;
  views: AgentRunsView[];
  events: AgentEvent[];
}

// The demo stack's names: messages name the services as the stack file does.
const DEMO_SERVICES = { host: 'backend', login: 'auth' };

function watch(options: Omit<AgentMonitorOptions, 'onEvent' | 'onView' | 'services'> & Partial<Pick<AgentMonitorOptions, 'services'>>): Watched {
  const views: AgentRunsView[] = [];
  const events: AgentEvent[] = [];
  const monitor = createAgentMonitor({ services: DEMO_SERVICES, ...options, onEvent: (event) => events.push(event), onView: (view) => views.push(view) });
  monitors.push(monitor);
  return { monitor, views, events };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Polls until probe gives something truthy; fails with what the monitor showed last when the deadline passes.
async function until<T>(what: string, monitor: AgentMonitor, probe: () => T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms; last view ${JSON.stringify(monitor.view())}`);
    await sleep(20);
  }
}

const runIn = (monitor: AgentMonitor, runId: string | undefined): AgentRunView | undefined => monitor.view().runs.find((run) => run.run_id === runId);
const connected = (monitor: AgentMonitor) => until('connected', monitor, () => monitor.view().status === 'connected');
const isActive = (run: AgentRunView) => !['COMPLETED', 'FAILED', 'DEAD', 'TIMED_OUT'].includes(run.state);

async function rejection(promise: Promise<unknown>): Promise<AgentRunsError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!(error instanceof AgentRunsError)) throw new Error(`expected an AgentRunsError, got ${String(error)}`);
  return error;
}

describe('agent monitor, with a real auth service and backend', () => {
  let auth: SpawnedService;
  let backend: SpawnedService;

  beforeAll(async () => {
    auth = await spawnService('auth');
    backend = await spawnService('backend', { env: { AUTH_SERVICE_URL: auth.url, ...FAST, MAX_CONCURRENT_AGENTS: '3' } });
  }, 40_000);

  afterAll(async () => {
    await Promise.all([backend?.stop(), auth?.stop()]);
  });

  const urls = () => ({ host: backend.url, login: auth.url });

  it('logs in and watches a hang run go UNRESPONSIVE, then DEAD with no_heartbeat', async () => {
    const { monitor, views, events } = watch({ urls, profile: 'test' });
    expect(monitor.view().status).toBe('connecting');
    await connected(monitor);
    expect(monitor.stats()).toMatchObject({ logins: 1, connections: 1, invalidMessages: 0 });

    const [runId] = await monitor.startRuns('qa-hang', 'hang', 1);
    const dead = await until('the hang run is dead', monitor, () => {
      const run = runIn(monitor, runId);
      return run?.state === 'DEAD' ? run : undefined;
    });
    expect(dead).toMatchObject({ agent_name: 'qa-hang', scenario: 'hang', death_cause: 'no_heartbeat', known: true, ended_at: expect.any(String) });
    expect(dead.heartbeats).toBeGreaterThan(0);

    const mine = events.filter((event) => event.run_id === runId);
    const types = mine.map((event) => event.type);
    expect(types[0]).toBe('agent_started');
    expect(types.indexOf('agent_state')).toBeGreaterThan(types.indexOf('agent_heartbeat'));
    expect(types.at(-1)).toBe('agent_death');
    expect(mine.find((event) => event.type === 'agent_state')?.payload).toMatchObject({ state: 'UNRESPONSIVE', change: 'unresponsive' });
    expect(mine.at(-1)?.payload).toMatchObject({ status: 'dead', death_cause: 'no_heartbeat', recovery_action: expect.any(String) });

    // The views passed through UNRESPONSIVE on the way: QA saw the warning before the death.
    await until('a view showing the death', monitor, () => views.some((view) => view.runs.some((run) => run.run_id === runId && run.state === 'DEAD')));
    const states = views.map((view) => view.runs.find((run) => run.run_id === runId)?.state).filter(Boolean);
    expect(states).toContain('RUNNING');
    expect(states).toContain('UNRESPONSIVE');
    expect(states.indexOf('UNRESPONSIVE')).toBeLessThan(states.indexOf('DEAD'));
  });

  it('declares a run that never beat NEVER_HEARTBEATED, with the host\'s words and the receiver\'s timestamps', async () => {
    const { monitor } = watch({ urls, profile: 'test' });
    await connected(monitor);
    const before = Date.now();
    const [runId] = await monitor.startRuns('qa-mute', 'mute');
    const never = await until('the mute run ended', monitor, () => {
      const run = runIn(monitor, runId);
      return run?.state === 'NEVER_HEARTBEATED' ? run : undefined;
    });
    expect(never).toMatchObject({ death_cause: 'never_heartbeated', heartbeats: 0, last_heartbeat_at: null, beat_received_at: null, known: true });
    expect(never.cause).toMatch(/^The agent started but sent no heartbeat within 0\.6 s.*\(recovery: check_agent_startup\)$/);
    const seen = Date.parse(never.seen_at);
    expect(seen).toBeGreaterThanOrEqual(before);
    // Declared no sooner than the dead window after the monitor first heard of it (both on the receiver's clock).
    expect(Date.parse(never.state_since) - seen).toBeGreaterThanOrEqual(500);
    expect(monitor.detail(runId ?? '')?.events.map((entry) => entry.event.type)).toEqual(['agent_started', 'agent_death']);
  });

  it('reruns a run with its own scenario and name, or with another scenario; a run it does not hold is refused', async () => {
    const { monitor } = watch({ urls, profile: 'test' });
    await connected(monitor);
    const [first] = await monitor.startRuns('qa-again', 'crash');
    await until('the crash run failed', monitor, () => runIn(monitor, first)?.state === 'FAILED');
    const [same] = await monitor.rerun(first ?? '');
    const [other] = await monitor.rerun(first ?? '', 'normal');
    await until('both reruns are held', monitor, () => runIn(monitor, same) && runIn(monitor, other));
    expect(runIn(monitor, same)).toMatchObject({ agent_name: 'qa-again', scenario: 'crash' });
    expect(runIn(monitor, other)).toMatchObject({ agent_name: 'qa-again', scenario: 'normal' });
    const missing = await rejection(monitor.rerun('exec_nope'));
    expect(missing.code).toBe('invalid_request');
    expect(missing.message).toMatch(/no run exec_nope is held/);
  });

  it('collects the backend\'s event-loop delay onto its own clock and gives a run\'s detail: events in order, host, delay over its window', async () => {
    const { monitor } = watch({ urls, profile: 'test', loopPollMs: 100 });
    await connected(monitor);
    const [runId] = await monitor.startRuns('qa-detail', 'hang');
    await until('the hang run is dead', monitor, () => runIn(monitor, runId)?.state === 'DEAD');
    const detail = await until('loop-delay samples over the run', monitor, () => {
      const found = monitor.detail(runId ?? '');
      return found && found.loop_delay.length >= 2 ? found : undefined;
    });
    expect(detail.host).toMatchObject({ pid: backend.child.pid, timings: { heartbeat_interval_ms: 100, heartbeat_timeout_ms: 600 } });
    const types = detail.events.map((entry) => entry.event.type);
    expect(types[0]).toBe('agent_started');
    expect(types.at(-1)).toBe('agent_death');
    expect(types).toContain('agent_heartbeat');
    const received = detail.events.map((entry) => Date.parse(entry.received_at));
    expect(received).toEqual([...received].sort((a, b) => a - b));
    for (const sample of detail.loop_delay) {
      expect(sample.max_ms).toBeGreaterThanOrEqual(0);
      expect(Math.abs(sample.at - Date.now())).toBeLessThan(60_000);
    }
    expect(monitor.detail('exec_nope')).toBeUndefined();
  });

  it('starts several runs, and explains 429 (with the runs that did start) and 400', async () => {
    const { monitor } = watch({ urls, profile: 'test' });
    await connected(monitor);

    const normal = await monitor.startRuns('qa-normal', 'normal', 2);
    expect(new Set(normal).size).toBe(2);
    await until('both normal runs completed', monitor, () => normal.every((id) => runIn(monitor, id)?.state === 'COMPLETED'));

    const tooMany = await rejection(monitor.startRuns('qa-slow', 'slow', 5));
    expect(tooMany.code).toBe('conflict');
    expect(tooMany.runIds).toHaveLength(3);
    expect(tooMany.message).toMatch(/refused run 4 of 5: too many active runs .*MAX_CONCURRENT_AGENTS is 3/);
    expect(tooMany.message).toContain(`started 3 of 5 first: ${tooMany.runIds.join(', ')}`);
    await until('the slow runs timed out', monitor, () => tooMany.runIds.every((id) => runIn(monitor, id)?.state === 'TIMED_OUT'));
    expect(runIn(monitor, tooMany.runIds[0])).toMatchObject({ death_cause: 'timeout', known: true });

    const blank = await rejection(monitor.startRuns('   ', 'normal'));
    expect([blank.code, blank.runIds]).toEqual(['invalid_request', []]);
    expect(blank.message).toMatch(/refused the run as invalid: .*agent_name/);

    const count = await rejection(monitor.startRuns('qa', 'normal', 0));
    expect([count.code, count.message]).toEqual(['invalid_request', 'count must be a whole number from 1 to 50, not 0']);
    expect((await rejection(monitor.startRuns('qa', 'normal', 51))).code).toBe('invalid_request');
  });

  it('uses a supplied token where there is no dev login (staging)', async () => {
    const token = String((await post(`${auth.url}/auth/dev/login`, { email: 'qa@stackdeck.local' })).body.access_token);
    const { monitor } = watch({ urls, profile: 'staging', token: async () => token });
    await connected(monitor);
    const [runId] = await monitor.startRuns('qa-staging', 'normal');
    await until('the run completed', monitor, () => runIn(monitor, runId)?.state === 'COMPLETED');
    expect(monitor.stats().logins).toBe(0);
  });

  it('logs in again when the backend refuses an expired token with 401', async () => {
    const shortAuth = await spawnService('auth', { env: { ACCESS_TOKEN_TTL_SECONDS: '2' } });
    extras.push(shortAuth);
    const shortBackend = await spawnService('backend', { env: { AUTH_SERVICE_URL: shortAuth.url, ...FAST } });
    extras.push(shortBackend);
    const { monitor } = watch({ urls: () => ({ host: shortBackend.url, login: shortAuth.url }), profile: 'test' });
    await connected(monitor);
    expect(monitor.stats().logins).toBe(1);

    // A token issued now expires no earlier than the monitor's: once the backend refuses it, the monitor's is stale too.
    const probe = String((await post(`${shortAuth.url}/auth/dev/login`, { email: 'probe@stackdeck.local' })).body.access_token);
    const deadline = Date.now() + 10_000;
    while ((await fetch(`${shortBackend.url}/api/me`, { headers: { authorization: `Bearer ${probe}` } })).status !== 401) {
      if (Date.now() > deadline) throw new Error('the 2 s token never expired');
      await sleep(100);
    }

    const [runId] = await monitor.startRuns('qa-after-expiry', 'normal');
    expect(monitor.stats().logins).toBe(2);
    await until('the run completed', monitor, () => runIn(monitor, runId)?.state === 'COMPLETED');
  });

  it('shows running runs as unknown when the backend is killed, and INTERRUPTED (naming both processes) once a new backend answers without them', async () => {
    const first = await spawnService('backend', { env: { AUTH_SERVICE_URL: auth.url, ...LONG } });
    extras.push(first);
    let backendUrl: string | undefined = first.url;
    const { monitor, views } = watch({ urls: () => ({ host: backendUrl, login: auth.url }), profile: 'development' });
    await connected(monitor);

    const [slowId] = await monitor.startRuns('qa-slow', 'slow');
    const [normalId] = await monitor.startRuns('qa-normal', 'normal');
    await until('slow running, normal completed', monitor, () => {
      const slow = runIn(monitor, slowId);
      return slow?.state === 'RUNNING' && slow.heartbeats > 0 && runIn(monitor, normalId)?.state === 'COMPLETED';
    });

    const killedAt = Date.now();
    first.child.kill('SIGKILL');
    await first.exited;
    await until('disconnected, the slow run unknown', monitor, () => monitor.view().status === 'disconnected' && runIn(monitor, slowId)?.known === false);
    const gone = monitor.view();
    expect(runIn(monitor, slowId)).toMatchObject({ state: 'RUNNING', known: false });
    expect(runIn(monitor, normalId)).toMatchObject({ state: 'COMPLETED', known: true });
    expect(gone.message).toMatch(/retrying in/);

    const down = await rejection(monitor.startRuns('qa', 'normal'));
    expect(down.code).toBe('unavailable');
    expect(down.message).toMatch(/is not answering/);

    // The launcher starts the backend again, on another port; a run is already going there before the monitor is back.
    const second = await spawnService('backend', { env: { AUTH_SERVICE_URL: auth.url, ...LONG } });
    extras.push(second);
    const token = String((await post(`${auth.url}/auth/dev/login`, { email: 'qa@stackdeck.local' })).body.access_token);
    const early = await post(`${second.url}/api/agents/runs`, { agent_name: 'qa-early', scenario: 'slow' }, { authorization: `Bearer ${token}` });
    expect(early.status).toBe(202);
    const earlyId = String(early.body.run_id);
    backendUrl = second.url;

    await until('reconnected with the new backend\'s run', monitor, () => monitor.view().status === 'connected' && runIn(monitor, earlyId)?.known === true, 20_000);
    expect(runIn(monitor, earlyId)).toMatchObject({ agent_name: 'qa-early', state: expect.stringMatching(/^(PENDING|RUNNING)$/) });
    const interrupted = runIn(monitor, slowId);
    expect(interrupted).toMatchObject({ state: 'INTERRUPTED', known: true, error: null, ended_at: expect.any(String) });
    expect(interrupted?.cause).toMatch(new RegExp(`^backend restarted under it: process ${first.child.pid} was replaced by process ${second.child.pid}; its event socket closed at \\d\\d:\\d\\d:\\d\\d\\.\\d{3} UTC and backend answered again at \\d\\d:\\d\\d:\\d\\d\\.\\d{3} UTC \\(launcher's clock\\)$`));
    // On the receiver's clock: interrupted after its last beat arrived, and no earlier than the kill.
    expect(Date.parse(interrupted?.state_since ?? '')).toBeGreaterThanOrEqual(Date.parse(interrupted?.beat_received_at ?? ''));
    expect(Date.parse(interrupted?.state_since ?? '')).toBeGreaterThanOrEqual(killedAt);
    expect(monitor.detail(slowId ?? '')?.host).toMatchObject({ pid: second.child.pid });
    expect(runIn(monitor, normalId)).toMatchObject({ state: 'COMPLETED', known: true });
    expect(monitor.stats().connections).toBe(2);

    const [afterId] = await monitor.startRuns('qa-after', 'normal');
    await until('a run on the new backend completed', monitor, () => runIn(monitor, afterId)?.state === 'COMPLETED');

    // Never stale green: whenever the monitor was not connected, no active run claimed to be known.
    for (const view of views.filter((each) => each.status !== 'connected')) {
      expect(view.runs.filter((run) => isActive(run) && run.known)).toEqual([]);
    }
    expect(views.some((view) => view.status === 'disconnected')).toBe(true);
  }, 60_000);
});

interface FakeBackend {
  url: string;
  listCalls: number;
  logins: number;
  sockets: WebSocket[];
  close: () => Promise<void>;
}

interface FakeOptions {
  acceptToken?: (token: string | null) => boolean;
  listBody?: (call: number) => string;
  onSocket?: (socket: WebSocket) => void;
  // false: a peer that holds the connection open but answers no ping (a half-open connection, a frozen backend).
  autoPong?: boolean;
}

// A stand-in backend (and dev login) on 127.0.0.1: a real HTTP server and a real ws server that say what the test wants.
async function startFakeBackend(options: FakeOptions = {}): Promise<FakeBackend> {
  const accept = options.acceptToken ?? ((token) => token === 'fake-token');
  const wss = new WebSocketServer({ noServer: true, autoPong: options.autoPong ?? true });
  const fake: FakeBackend = { url: '', listCalls: 0, logins: 0, sockets: [], close: async () => undefined };
  const json = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' }).end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method === 'POST' && url.pathname === '/auth/dev/login') {
      fake.logins++;
      return json(response, 200, { access_token: `login-${fake.logins}`, token_type: 'bearer', expires_in: 900, user: { id: 'u', email: 'qa@stackdeck.local' } });
    }
    if (request.method === 'GET' && url.pathname === '/api/agents/runs') {
      fake.listCalls++;
      const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1] ?? null;
      if (!accept(token)) return json(response, 401, { error: 'invalid_token', message: 'the token was refused (bad_signature)' });
      return json(response, 200, options.listBody?.(fake.listCalls) ?? { runs: [], summary: {} });
    }
    json(response, 404, { error: 'not_found' });
  });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/ws' || !accept(url.searchParams.get('token'))) {
      const body = JSON.stringify({ error: 'invalid_token', message: 'the token was refused (bad_signature)' });
      socket.end(`HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      fake.sockets.push(ws);
      options.onSocket?.(ws);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = async () => {
    for (const ws of wss.clients) ws.terminate();
    wss.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  fakes.push(fake);
  return fake;
}

const header = (runId: string) => ({ run_id: runId, agent_name: 'qa-fake', timestamp: new Date().toISOString(), last_heartbeat_at: null });
const listedRun = (runId: string, heartbeats: number): AgentRun => ({
  run_id: runId, agent_name: 'qa-fake', scenario: 'slow', state: 'RUNNING', started_at: new Date().toISOString(), last_heartbeat_at: new Date().toISOString(),
  heartbeats, ended_at: null, death_cause: null, error: null,
});

describe('agent monitor, against a fake backend', () => {
  it('counts and ignores malformed messages, and goes on applying good ones', async () => {
    const garbage = [
      'not json at all',
      '{"type":"agent_started"',
      '{"type":"agent_started"}',
      JSON.stringify({ type: 'agent_heartbeat', run_id: 7 }),
      JSON.stringify({ type: 'agent_exploded', ...header('exec_x') }),
      JSON.stringify({ type: 'agent_started', ...header('exec_x'), payload: { scenario: 'hang', state: 'NOT_A_STATE' } }),
      '[]',
      'null',
      JSON.stringify({ type: 'error', message: 'this socket only pushes agent events' }),
    ];
    const fake = await startFakeBackend({
      onSocket: (socket) => {
        for (const text of garbage) socket.send(text);
        socket.send(Buffer.from([0xde, 0xad, 0xbe, 0xef]), { binary: true });
        socket.send(JSON.stringify({ type: 'agent_started', ...header('exec_valid'), payload: { scenario: 'hang', state: 'PENDING' } }));
        socket.send(JSON.stringify({ type: 'agent_heartbeat', ...header('exec_valid'), last_heartbeat_at: new Date().toISOString(), payload: { heartbeats: 1, state: 'RUNNING' } }));
        socket.send('{"truncated": ');
      },
    });
    const { monitor, events } = watch({ urls: () => ({ host: fake.url, login: undefined }), profile: 'test', token: () => 'fake-token' });
    await until('all messages handled', monitor, () => monitor.stats().invalidMessages === garbage.length + 2 && runIn(monitor, 'exec_valid')?.heartbeats === 1);
    expect(monitor.view()).toMatchObject({ status: 'connected', message: `ignored ${garbage.length + 2} malformed messages from backend` });
    expect(runIn(monitor, 'exec_valid')).toMatchObject({ state: 'RUNNING', known: true });
    expect(events.map((event) => event.type)).toEqual(['agent_started', 'agent_heartbeat']);
    expect(monitor.stats()).toMatchObject({ connections: 1, logins: 0, lastInvalidReason: expect.any(String) });
  });

  it('past a thousand runs, hands on no single heartbeat (its views carry them) but every other event', async () => {
    const listed = Array.from({ length: 1_001 }, (_, index) => listedRun(`exec_${index}`, 1));
    const fake = await startFakeBackend({
      listBody: () => JSON.stringify({ runs: listed, summary: {} }),
      onSocket: (socket) => {
        // Sent once the list has been read (the monitor holds a socket's events until then), so both apply.
        setTimeout(() => {
          socket.send(JSON.stringify({ type: 'agent_heartbeat', ...header('exec_7'), last_heartbeat_at: new Date().toISOString(), payload: { heartbeats: 2, state: 'RUNNING' } }));
          socket.send(JSON.stringify({
            type: 'agent_death', ...header('exec_8'),
            payload: { status: 'dead', death_cause: 'no_heartbeat', message: 'silent for 10 s', recovery_action: 'restart_agent', overdue_ms: 3 },
          }));
        }, 300);
      },
    });
    const { monitor, events, views } = watch({ urls: () => ({ host: fake.url, login: undefined }), profile: 'test', token: () => 'fake-token', viewIntervalMs: 20 });
    await until('the death applied', monitor, () => runIn(monitor, 'exec_8')?.state === 'DEAD');
    expect(runIn(monitor, 'exec_7')).toMatchObject({ heartbeats: 2, state: 'RUNNING' });
    expect(events.map((event) => [event.type, event.run_id])).toEqual([['agent_death', 'exec_8']]);
    await until('a view with the beat', monitor, () => views.some((view) => view.runs.find((run) => run.run_id === 'exec_7')?.heartbeats === 2));
  });

  it('tells a client holding its runs only what changed, and those changes rebuild its table', async () => {
    let onSocket: (socket: WebSocket) => void = () => undefined;
    const fake = await startFakeBackend({ listBody: () => JSON.stringify({ runs: [listedRun('exec_a', 1), listedRun('exec_b', 1)], summary: {} }), onSocket: (socket) => onSocket(socket) });
    const told: AgentRunsChanges[] = [];
    const monitor = createAgentMonitor({ services: DEMO_SERVICES, urls: () => ({ host: fake.url, login: undefined }), profile: 'test', token: () => 'fake-token', viewIntervalMs: 20, onChanges: (changes) => told.push(changes) });
    monitors.push(monitor);
    onSocket = (socket) => setTimeout(() => {
      socket.send(JSON.stringify({ type: 'agent_heartbeat', ...header('exec_a'), last_heartbeat_at: new Date().toISOString(), payload: { heartbeats: 2, state: 'RUNNING' } }));
      socket.send(JSON.stringify({ type: 'agent_started', ...header('exec_c'), payload: { scenario: 'hang', state: 'PENDING' } }));
    }, 300);
    await until('both events told', monitor, () => told.some((changes) => changes.runs.some((run) => run.run_id === 'exec_c')) && told.some((changes) => changes.runs.some((run) => run.run_id === 'exec_a' && run.heartbeats === 2)));
    const rebuilt = told.reduce(withRunsChanges, { status: 'connecting', message: null, runs: [] } satisfies AgentRunsView);
    expect(rebuilt).toEqual(monitor.view());
    // The beat and the start were told once each, not the whole table again.
    const tellings = told.flatMap((changes) => changes.runs.map((run) => `${run.run_id}:${run.heartbeats}`));
    expect(tellings.filter((telling) => telling === 'exec_b:1')).toHaveLength(1);
  });

  it('marks runs unknown when the socket drops, then reconnects and reads the list again', async () => {
    const fake = await startFakeBackend({ listBody: (call) => JSON.stringify({ runs: [listedRun('exec_live', call * 10)], summary: {} }) });
    const { monitor, views } = watch({ urls: () => ({ host: fake.url, login: undefined }), profile: 'test', token: () => 'fake-token' });
    await connected(monitor);
    expect(runIn(monitor, 'exec_live')).toMatchObject({ heartbeats: 10, known: true });

    fake.sockets[0]?.terminate();
    await until('reconnected', monitor, () => fake.listCalls >= 2 && monitor.view().status === 'connected');
    const lost = views.find((view) => view.status === 'disconnected');
    expect(lost?.runs).toEqual([expect.objectContaining({ run_id: 'exec_live', known: false })]);
    expect(lost?.message).toMatch(/lost the event socket of backend \(code 1006\).*retrying in \d/);
    expect(runIn(monitor, 'exec_live')).toMatchObject({ heartbeats: 20, known: true });
    expect(monitor.stats().connections).toBe(2);
  });

  it('drops a connection that answers no ping, and says so', async () => {
    const fake = await startFakeBackend({ autoPong: false });
    const { monitor, views } = watch({ urls: () => ({ host: fake.url, login: undefined }), profile: 'test', token: () => 'fake-token', pingIntervalMs: 100 });
    await until('a silent connection dropped', monitor, () => views.find((view) => view.status === 'disconnected'));
    expect(views.find((view) => view.status === 'disconnected')?.message).toMatch(/no answer to a ping within 100 ms/);
    expect(monitor.stats().connections).toBeGreaterThanOrEqual(1);
  });

  it('logs in again when the socket is refused with 401', async () => {
    const fake = await startFakeBackend({ acceptToken: (token) => token === 'login-2' });
    const { monitor } = watch({ urls: () => ({ host: fake.url, login: fake.url }), profile: 'development' });
    await connected(monitor);
    expect([monitor.stats().logins, fake.logins]).toEqual([2, 2]);
  });

  it('says why when the list is not a run list, and keeps retrying', async () => {
    const fake = await startFakeBackend({ listBody: () => '{"runs": "lots"}' });
    const { monitor } = watch({ urls: () => ({ host: fake.url, login: undefined }), profile: 'test', token: () => 'fake-token' });
    await until('a second try', monitor, () => fake.listCalls >= 2);
    expect(monitor.view()).toMatchObject({ status: 'disconnected', message: expect.stringContaining('something that is not a run list') });
    expect(monitor.stats().connections).toBe(0);
  });

  it('is disabled in staging without a token, and says why', async () => {
    const fake = await startFakeBackend();
    const { monitor } = watch({ urls: () => ({ host: fake.url, login: fake.url }), profile: 'staging' });
    await until('disabled', monitor, () => monitor.view().status === 'disabled');
    expect(monitor.view().message).toMatch(/need a token in the staging profile: the dev login exists only in development and test/);
    const refused = await rejection(monitor.startRuns('qa', 'normal'));
    expect([refused.code, refused.message]).toEqual(['unavailable', monitor.view().message]);
    expect([fake.logins, fake.listCalls, fake.sockets.length]).toEqual([0, 0, 0]);
  });

  it('waits for a better token when a supplied one is refused, and uses it when told to retry', async () => {
    const fake = await startFakeBackend();
    let supplied = 'stale-token';
    const { monitor } = watch({ urls: () => ({ host: fake.url, login: fake.url }), profile: 'production', token: () => supplied });
    await until('disabled', monitor, () => monitor.view().status === 'disabled');
    expect(monitor.view().message).toMatch(/refused the supplied token \(401\)/);
    supplied = 'fake-token';
    monitor.retryNow();
    await connected(monitor);
    expect(fake.logins).toBe(0);
  });

  it('names the services by their stack names, whatever the stack calls them', async () => {
    const { monitor } = watch({ services: { host: 'api', login: 'identity' }, urls: () => ({ host: undefined, login: undefined }), profile: 'development' });
    await until('disconnected', monitor, () => monitor.view().status === 'disconnected');
    expect(monitor.view().message).toMatch(/^api is not running; retrying in/);
    const notRunning = await rejection(monitor.startRuns('qa', 'normal'));
    expect(notRunning.message).toBe('api is not running: start it, then start agent runs');
    const login = watch({ services: { host: 'api', login: 'identity' }, urls: () => ({ host: 'http://127.0.0.1:9', login: undefined }), profile: 'development' });
    await until('login failure', login.monitor, () => /identity is not running, so the monitor cannot log in/.test(login.monitor.view().message ?? ''));
  });

  it('explains a backend that is not running or not answering', async () => {
    let backendUrl: string | undefined = undefined;
    const { monitor } = watch({ urls: () => ({ host: backendUrl, login: undefined }), profile: 'test', token: () => 'fake-token' });
    await until('disconnected', monitor, () => monitor.view().status === 'disconnected');
    expect(monitor.view().message).toMatch(/^backend is not running; retrying in/);
    const notRunning = await rejection(monitor.startRuns('qa', 'normal'));
    expect([notRunning.code, notRunning.message]).toEqual(['unavailable', 'backend is not running: start it, then start agent runs']);

    backendUrl = `http://127.0.0.1:${await getPort({ host: '127.0.0.1' })}`;
    const notAnswering = await rejection(monitor.startRuns('qa', 'normal'));
    expect(notAnswering.code).toBe('unavailable');
    expect(notAnswering.message).toMatch(/is not answering \(.*ECONNREFUSED\)/);
  });

  it('stops once, closing its socket; later calls wait for the same end and nothing is pushed after', async () => {
    const fake = await startFakeBackend();
    const { monitor, views } = watch({ urls: () => ({ host: fake.url, login: undefined }), profile: 'test', token: () => 'fake-token' });
    await connected(monitor);
    const serverSide = fake.sockets[0];
    const closed = new Promise((resolve) => serverSide?.once('close', resolve));
    await Promise.all([monitor.stop(), monitor.stop()]);
    await monitor.stop();
    await closed;
    expect(views.at(-1)).toMatchObject({ status: 'disconnected', message: 'the agent monitor is stopped' });
    const count = views.length;
    monitor.retryNow();
    await sleep(300);
    expect(views.length).toBe(count);
    expect(fake.sockets).toHaveLength(1);
    expect((await rejection(monitor.startRuns('qa', 'normal'))).message).toBe('the agent monitor is stopped');
  });

  it('survives listeners that throw', async () => {
    const fake = await startFakeBackend({
      onSocket: (socket) => socket.send(JSON.stringify({ type: 'agent_started', ...header('exec_a'), payload: { scenario: 'normal', state: 'PENDING' } })),
    });
    const monitor = createAgentMonitor({
      services: DEMO_SERVICES,
      urls: () => ({ host: fake.url, login: undefined }), profile: 'test', token: () => 'fake-token',
      onEvent: () => { throw new Error('listener bug'); },
      onView: () => { throw new Error('listener bug'); },
    });
    monitors.push(monitor);
    await until('the run arrived', monitor, () => runIn(monitor, 'exec_a'));
    expect(monitor.view().status).toBe('connected');
  });
});
