import type WebSocket from 'ws';
import { z } from 'zod';
import { AgentEventSchema, AgentRunSchema, type AgentEvent, type AgentScenario } from '../../../shared/api/agent-events.ts';
import { AgentHostInfoSchema, HostLoopSamplesSchema, type AgentHostInfo, type LoopDelaySample } from '../../../shared/api/agent-host.ts';
import type { AgentMonitorStatus, AgentRunDetail, AgentRunsChanges, AgentRunsView } from '../../../shared/api/agent-runs-view.ts';
import { EngineError, type EngineErrorCode } from '../../../shared/api/engine-error.ts';
import type { Profile } from '../../../shared/config/profile.ts';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions } from '../../../shared/common/backoff.ts';
import { createRunTable } from './run-table.ts';

export const DEV_LOGIN_EMAIL = 'qa@stackdeck.local';
// The engine contract's bound on runs started by one command.
export const MAX_RUNS_PER_START = 50;

// The stack's names for the two services: the one that declares `agents` (hosts the runs) and its `agents.loginFrom`.
export interface AgentMonitorServices {
  host: string;
  login: string | undefined;
}

export interface AgentMonitorUrls {
  host: string | undefined;
  login: string | undefined;
}

export interface AgentMonitorOptions {
  // Which services host the runs and issue the dev login, by their stack names (messages name them).
  services: AgentMonitorServices;
  // Where those two services answer right now; undefined while one is not running.
  urls: () => AgentMonitorUrls;
  profile: Profile;
  // A bearer token for the agent host. Required outside development/test, where there is no dev login.
  token?: () => string | undefined | Promise<string | undefined>;
  // Every event the host sends, except heartbeats while the table holds more than IMMEDIATE_VIEWS_UP_TO runs: then
  // 5,000 beats a second would swamp every dashboard, and the views (batched) carry each run's last beat.
  onEvent?: (event: AgentEvent) => void;
  onView?: (view: AgentRunsView) => void;
  // Told as often as onView, with only what changed since it was last told: what a client holding a full view needs.
  onChanges?: (changes: AgentRunsChanges) => void;
  maxFinishedRuns?: number;
  maxActiveRuns?: number;
  backoff?: Partial<BackoffOptions>;
  // Each HTTP request and the socket's handshake.
  requestTimeoutMs?: number;
  // A socket that answers no ping within this long is taken for dead (a half-open TCP connection).
  pingIntervalMs?: number;
  // Views are pushed at most this often while events stream; status changes are pushed at once.
  viewIntervalMs?: number;
  loginEmail?: string;
  random?: () => number;
  // How often the host's event-loop delay samples are collected while connected (default 2 s).
  loopPollMs?: number;
  // The receiver's clock (ms since epoch): every time the monitor stamps is on it.
  now?: () => number;
}

export interface AgentMonitorStats {
  invalidMessages: number;
  lastInvalidReason: string | null;
  // Valid events about a run the monitor does not hold (nothing to apply them to).
  unmatchedEvents: number;
  logins: number;
  connections: number;
}

export interface AgentMonitor {
  view(): AgentRunsView;
  startRuns(agentName: string, scenario: AgentScenario, count?: number): Promise<string[]>;
  // A held run started again under its agent name, with its own scenario or another.
  rerun(runId: string, scenario?: AgentScenario): Promise<string[]>;
  // One run with its events, and the host's event-loop delay over the run's window; undefined for a run not held.
  detail(runId: string): Omit<AgentRunDetail, 'logs'> | undefined;
  // Ends a back-off wait now (the launcher knows the agent host has just become healthy).
  retryNow(): void;
  stats(): AgentMonitorStats;
  stop(): Promise<void>;
}

// Starting runs failed part-way or entirely: runIds holds the runs that did start before the refusal.
export class AgentRunsError extends EngineError {
  readonly runIds: string[];
  constructor(code: EngineErrorCode, message: string, runIds: string[]) {
    super(code, message);
    this.name = 'AgentRunsError';
    this.runIds = runIds;
  }
}

const LoginAnswerSchema = z.object({ access_token: z.string().min(1) });
const RunListSchema = z.object({ runs: z.array(AgentRunSchema), host: AgentHostInfoSchema.optional() });
// Loop-delay samples kept (an agent host sampling once a second: 15 minutes).
const MAX_LOOP_SAMPLES = 900;
// The drawer's loop-delay window reaches this far either side of the run.
const LOOP_MARGIN_MS = 15_000;
const StartAnswerSchema = z.object({ run_id: z.string().min(1) });
const MAX_PAYLOAD_BYTES = 64 * 1024;
const MAX_BUFFERED_MESSAGES = 10_000;
const IMMEDIATE_VIEWS_UP_TO = 1_000;

type Held = { token: string; source: 'login' | 'supplied' };
type TokenResult = Held | { disabled: string; poll: boolean } | { failed: string };
type Outcome = { kind: 'lost' | 'failed'; reason: string } | { kind: 'disabled'; reason: string; poll: boolean };
type Connection =
  | { kind: 'connected'; closed: Promise<string> }
  | { kind: 'refused'; reason: string }
  | { kind: 'failed'; reason: string };

// Why: QA watches the agent host's runs live through the launcher, shown "unknown" (never stale green) while it is gone.
export function createAgentMonitor(options: AgentMonitorOptions): AgentMonitor {
  const now = options.now ?? Date.now;
  // As many finished runs as active ones: a burst of 10,000 runs stays readable (and exportable) after it ends.
  const maxFinishedRuns = options.maxFinishedRuns ?? 10_000;
  const table = createRunTable({ maxFinishedRuns, maxActiveRuns: options.maxActiveRuns ?? 10_000, now });
  const loopPollMs = options.loopPollMs ?? 2_000;
  const backoff: BackoffOptions = { ...DEFAULT_BACKOFF, ...options.backoff };
  const random = options.random ?? Math.random;
  const timeoutMs = options.requestTimeoutMs ?? 5_000;
  const pingIntervalMs = options.pingIntervalMs ?? 10_000;
  const viewIntervalMs = options.viewIntervalMs ?? 50;
  const devLogin = options.profile === 'development' || options.profile === 'test';
  const lifetime = new AbortController();
  const stats: AgentMonitorStats = { invalidMessages: 0, lastInvalidReason: null, unmatchedEvents: 0, logins: 0, connections: 0 };
  const host = options.services.host;
  const loginService = options.services.login;

  let status: AgentMonitorStatus = 'connecting';
  let message: string | null = `connecting to ${host}`;
  let stopped = false;
  let silenced = false;
  let failures = 0;
  let socket: WebSocket | undefined;
  let held: Held | undefined;
  let refusedSupplied: string | undefined;
  let loginInFlight: Promise<TokenResult> | undefined;
  let wake: (() => void) | undefined;
  let viewTimer: NodeJS.Timeout | undefined;
  // The host as the last list described it, and when its event socket was lost (receiver's clock).
  let hostInfo: AgentHostInfo | undefined;
  let lostAt: number | undefined;
  const loopDelay: LoopDelaySample[] = [];
  let loopSeq = 0;

  const view = (): AgentRunsView => ({ status, message: describeStatus(), runs: table.list() });

  const describeStatus = (): string | null => {
    if (status !== 'connected' || stats.invalidMessages === 0) return message;
    const ignored = `ignored ${stats.invalidMessages} malformed message${stats.invalidMessages === 1 ? '' : 's'} from ${host}`;
    return message ? `${message}; ${ignored}` : ignored;
  };

  const flushView = () => {
    clearTimeout(viewTimer);
    viewTimer = undefined;
    if (silenced) return;
    try {
      options.onView?.(view());
    } catch {
      // A listener's failure is its own: the monitor goes on.
    }
    // Taken even when nobody listens, so the table never holds changes for a listener that is not there.
    const changes = table.takeChanges();
    try {
      options.onChanges?.({ status, message: describeStatus(), ...changes });
    } catch {
      // As above.
    }
  };

  // A view of 10,000 runs is a few MB: past 1,000 runs, views come less often (1 s at 20,000) so clients keep up.
  const scheduleView = () => {
    if (!viewTimer && !silenced) viewTimer = setTimeout(flushView, Math.max(viewIntervalMs, table.size() / 20)).unref();
  };

  const setStatus = (next: AgentMonitorStatus, text: string | null) => {
    status = next;
    message = text;
    flushView();
  };

  const emitEvent = (event: AgentEvent) => {
    if (silenced || !options.onEvent) return;
    try {
      options.onEvent(event);
    } catch {
      // As above.
    }
  };

  const currentUrls = (): AgentMonitorUrls => {
    try {
      return options.urls();
    } catch {
      return { host: undefined, login: undefined };
    }
  };

  const request = (url: string, init: RequestInit = {}) =>
    fetch(url, { ...init, signal: AbortSignal.any([lifetime.signal, AbortSignal.timeout(timeoutMs)]) });

  // A supplier that never answers must not hold stop() up.
  const untilStopped = <T>(promise: Promise<T>) => new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('stopped'));
    if (lifetime.signal.aborted) return onAbort();
    lifetime.signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => lifetime.signal.removeEventListener('abort', onAbort));
  });

  const forget = (token: string) => {
    if (held?.token !== token) return;
    if (held.source === 'supplied') refusedSupplied = token;
    held = undefined;
  };

  const login = (loginUrl: string): Promise<TokenResult> => {
    loginInFlight ??= (async (): Promise<TokenResult> => {
      try {
        const response = await request(new URL('/auth/dev/login', loginUrl).href, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: options.loginEmail ?? DEV_LOGIN_EMAIL }),
        });
        if (!response.ok) return { failed: `${loginService ?? 'the login service'}'s dev login at ${loginUrl} answered ${response.status}: ${await answerText(response)}` };
        const answer = LoginAnswerSchema.safeParse(await response.json().catch(() => undefined));
        if (!answer.success) return { failed: `${loginService ?? 'the login service'}'s dev login at ${loginUrl} answered without an access_token` };
        stats.logins++;
        held = { token: answer.data.access_token, source: 'login' };
        return held;
      } catch (error) {
        return { failed: `could not log in: ${loginService ?? 'the login service'} at ${loginUrl} is not answering (${errorText(error, timeoutMs)})` };
      } finally {
        loginInFlight = undefined;
      }
    })();
    return loginInFlight;
  };

  // A supplied token first; else the dev login where the profile has one; else nothing, and why.
  const obtainToken = async (loginUrl: string | undefined): Promise<TokenResult> => {
    if (held) return held;
    if (options.token) {
      let supplied: string | undefined;
      try {
        supplied = await untilStopped(Promise.resolve(options.token()));
      } catch (error) {
        if (!devLogin) return { failed: `the token supplier failed: ${errorText(error, timeoutMs)}` };
      }
      if (supplied && supplied !== refusedSupplied) {
        held = { token: supplied, source: 'supplied' };
        return held;
      }
    }
    if (!devLogin) {
      if (!options.token) {
        return { disabled: `agent runs need a token in the ${options.profile} profile: the dev login exists only in development and test, and no token was supplied`, poll: false };
      }
      return {
        disabled: refusedSupplied
          ? `${host} refused the supplied token (401); waiting for another one`
          : `agent runs need a token in the ${options.profile} profile, and the token supplier has none yet`,
        poll: true,
      };
    }
    if (!loginUrl) {
      return { failed: loginService ? `${loginService} is not running, so the monitor cannot log in` : `${host} declares no agents.loginFrom, so the monitor cannot log in` };
    }
    return login(loginUrl);
  };

  // Beats are pushed in batches; a start, a change of state or an end is pushed at once (unless replaying held events).
  const handleMessage = (data: WebSocket.RawData, isBinary: boolean, replaying = false) => {
    if (stopped) return;
    const invalid = (reason: string) => {
      stats.invalidMessages++;
      stats.lastInvalidReason = reason;
      scheduleView();
    };
    if (isBinary) return invalid('a binary message');
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawText(data));
    } catch {
      return invalid('a message that is not JSON');
    }
    const event = AgentEventSchema.safeParse(parsed);
    if (!event.success) return invalid(`a message that is not an agent event (${event.error.issues[0]?.message ?? 'invalid'})`);
    const outcome = table.applyEvent(event.data);
    if (outcome === 'unknown_run') stats.unmatchedEvents++;
    const atScale = table.size() > IMMEDIATE_VIEWS_UP_TO;
    if (!(atScale && event.data.type === 'agent_heartbeat')) emitEvent(event.data);
    // Past IMMEDIATE_VIEWS_UP_TO runs a view per event would cost O(runs) each: they are batched like beats.
    if (outcome === 'applied' && event.data.type !== 'agent_heartbeat' && !replaying && !atScale) flushView();
    else scheduleView();
  };

  // Why the runs a new list no longer holds ended, in words, with the times on this clock.
  const interruptionCause = (next: AgentHostInfo | undefined): string => {
    const clock = (ms: number | undefined) => (ms === undefined ? 'an unknown time' : `${new Date(ms).toISOString().slice(11, 23)} UTC`);
    const when = `its event socket closed at ${clock(lostAt)} and ${host} answered again at ${clock(now())} (launcher's clock)`;
    if (hostInfo && next && hostInfo.instance !== next.instance) {
      return `${host} restarted under it: process ${hostInfo.pid} was replaced by process ${next.pid}; ${when}`;
    }
    return `${host} no longer knew it after the monitor reconnected: ${when}`;
  };

  // The host's event-loop delay, placed on this clock: a stalled host shows beside its runs' silent gaps.
  const collectLoopDelay = async (hostUrl: string, token: string) => {
    try {
      const response = await request(new URL(`/api/agents/loop-delay?after=${loopSeq}`, hostUrl).href, { headers: { authorization: `Bearer ${token}` } });
      const receivedAt = now();
      if (!response.ok) return;
      const answer = HostLoopSamplesSchema.safeParse(await response.json().catch(() => undefined));
      if (!answer.success || answer.data.instance !== hostInfo?.instance) return;
      for (const sample of answer.data.samples) {
        if (sample.seq <= loopSeq) continue;
        loopSeq = sample.seq;
        loopDelay.push({ at: receivedAt - sample.age_ms, p99_ms: sample.p99_ms, max_ms: sample.max_ms });
      }
      if (loopDelay.length > MAX_LOOP_SAMPLES) loopDelay.splice(0, loopDelay.length - MAX_LOOP_SAMPLES);
    } catch {
      // The next poll tries again; the socket says when the host is really gone.
    }
  };

  // The socket first, its events held back until the list is read: nothing that happens in between is missed.
  const connect = async (hostUrl: string, token: string): Promise<Connection> => {
    const target = new URL('/ws', hostUrl);
    target.protocol = target.protocol === 'https:' ? 'wss:' : 'ws:';
    target.searchParams.set('token', token);
    // Loaded at the first connection (the host is up by then), not when the launcher starts: ws brings node:http, tls and zlib.
    const { default: Socket } = await import('ws');
    if (stopped) return { kind: 'failed', reason: 'stopped' };
    const ws = new Socket(target, { handshakeTimeout: timeoutMs, maxPayload: MAX_PAYLOAD_BYTES });
    socket = ws;
    let lastError: string | undefined;
    let live = false;
    const buffered: { data: WebSocket.RawData; isBinary: boolean }[] = [];
    ws.on('error', (error) => { lastError = error.message; });
    ws.on('message', (data, isBinary) => {
      if (live) handleMessage(data, isBinary);
      else if (buffered.length < MAX_BUFFERED_MESSAGES) buffered.push({ data, isBinary });
    });
    const closed = new Promise<string>((resolve) => {
      ws.once('close', (code, reason) => {
        const why = String(reason) || lastError;
        resolve(`lost the event socket of ${host} (code ${code}${why ? `: ${why}` : ''})`);
      });
    });

    const opened = await new Promise<{ ok: true } | { status: number; text: string } | { reason: string }>((resolve) => {
      let settled = false;
      const settle = (result: { ok: true } | { status: number; text: string } | { reason: string }) => {
        if (settled) return;
        settled = true;
        resolve(result);
      };
      ws.once('open', () => settle({ ok: true }));
      ws.once('close', () => settle({ reason: lastError ?? 'the connection closed before it opened' }));
      ws.once('unexpected-response', (_request, response) => {
        let text = '';
        const done = () => {
          settle({ status: response.statusCode ?? 0, text });
          ws.terminate();
        };
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => { if (text.length < 4096) text += chunk; });
        response.once('end', done);
        response.once('error', done);
        setTimeout(done, 1_000).unref();
      });
    });
    if ('reason' in opened) return { kind: 'failed', reason: `the event socket of ${host} at ${hostUrl} did not open (${opened.reason})` };
    if ('status' in opened) {
      const why = messageIn(opened.text);
      if (opened.status === 401) return { kind: 'refused', reason: `${host} refused the token (401${why ? `: ${why}` : ''})` };
      return { kind: 'failed', reason: `${host} refused its event socket with ${opened.status}${why ? `: ${why}` : ''}` };
    }

    const fail = (connection: Connection): Connection => {
      ws.terminate();
      return connection;
    };
    let response: Response;
    try {
      response = await request(new URL('/api/agents/runs', hostUrl).href, { headers: { authorization: `Bearer ${token}` } });
    } catch (error) {
      return fail({ kind: 'failed', reason: `${host} at ${hostUrl} did not answer GET /api/agents/runs (${errorText(error, timeoutMs)})` });
    }
    if (response.status === 401) return fail({ kind: 'refused', reason: `${host} refused the token (401: ${await answerText(response)})` });
    if (!response.ok) return fail({ kind: 'failed', reason: `${host} answered GET /api/agents/runs with ${response.status}: ${await answerText(response)}` });
    const list = RunListSchema.safeParse(await response.json().catch(() => undefined));
    if (!list.success) return fail({ kind: 'failed', reason: `${host} answered GET /api/agents/runs with something that is not a run list` });
    if (stopped || ws.readyState !== ws.OPEN) return fail({ kind: 'failed', reason: lastError ? `the event socket closed (${lastError})` : 'the event socket closed' });

    table.applySnapshot(list.data.runs, interruptionCause(list.data.host));
    if (list.data.host?.instance !== hostInfo?.instance) loopSeq = 0;
    hostInfo = list.data.host ?? hostInfo;
    live = true;
    // The held events are pushed with the 'connected' view that follows, never under an old status.
    for (const message of buffered.splice(0)) handleMessage(message.data, message.isBinary, true);

    let alive = true;
    ws.on('pong', () => { alive = true; });
    ws.on('message', () => { alive = true; });
    const pinger = setInterval(() => {
      if (!alive) {
        lastError = `no answer to a ping within ${pingIntervalMs} ms`;
        ws.terminate();
        return;
      }
      alive = false;
      ws.ping();
    }, pingIntervalMs).unref();
    const loopPoller = list.data.host ? setInterval(() => void collectLoopDelay(hostUrl, token), loopPollMs) : undefined;
    loopPoller?.unref();
    void collectLoopDelay(hostUrl, token);
    void closed.then(() => {
      clearInterval(pinger);
      clearInterval(loopPoller);
      lostAt = now();
    });
    return { kind: 'connected', closed };
  };

  // One attempt: token, socket, list; then, when connected, until the socket goes.
  const attempt = async (): Promise<Outcome> => {
    for (let refusals = 0; ; refusals++) {
      const urls = currentUrls();
      if (!urls.host) return { kind: 'failed', reason: `${host} is not running` };
      const token = await obtainToken(urls.login);
      if ('disabled' in token) return { kind: 'disabled', reason: token.disabled, poll: token.poll };
      if ('failed' in token) return { kind: 'failed', reason: token.failed };
      if (stopped) return { kind: 'failed', reason: 'stopped' };
      const connection = await connect(urls.host, token.token);
      if (connection.kind === 'refused') {
        forget(token.token);
        // A refused token is replaced at once (expired, or signed by a login service that has since restarted).
        if (refusals === 0 && !stopped) continue;
        return { kind: 'failed', reason: `${connection.reason}, with a fresh token too` };
      }
      if (connection.kind === 'failed') return connection;
      failures = 0;
      stats.connections++;
      setStatus('connected', null);
      return { kind: 'lost', reason: await connection.closed };
    }
  };

  const pause = (ms: number | undefined) => new Promise<void>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const done = () => {
      clearTimeout(timer);
      if (wake === done) wake = undefined;
      resolve();
    };
    wake = done;
    if (ms !== undefined) timer = setTimeout(done, ms).unref();
  });

  const loop = async () => {
    while (!stopped) {
      let outcome: Outcome;
      try {
        outcome = await attempt();
      } catch (error) {
        outcome = { kind: 'failed', reason: `unexpected error: ${errorText(error, timeoutMs)}` };
      }
      socket = undefined;
      if (stopped) return;
      table.markActiveUnknown();
      if (outcome.kind === 'disabled') {
        setStatus('disabled', outcome.reason);
        await pause(outcome.poll ? backoff.maxMs : undefined);
        continue;
      }
      failures++;
      const delay = backoffDelay(failures - 1, backoff, random);
      setStatus('disconnected', `${outcome.reason}; retrying in ${(delay / 1000).toFixed(1)} s`);
      await pause(delay);
    }
  };

  const running = Promise.resolve().then(loop).catch(() => undefined);
  let stopping: Promise<void> | undefined;

  const monitor: AgentMonitor = {
    view,

    // Each run is its own POST, in order, so a refusal part-way says exactly which runs did start.
    async startRuns(agentName, scenario, count = 1) {
      if (!Number.isInteger(count) || count < 1 || count > MAX_RUNS_PER_START) {
        throw new AgentRunsError('invalid_request', `count must be a whole number from 1 to ${MAX_RUNS_PER_START}, not ${count}`, []);
      }
      const started: string[] = [];
      const refuse = (code: EngineErrorCode, reason: string) => {
        const done = started.length > 0 ? ` (started ${started.length} of ${count} first: ${started.join(', ')})` : '';
        return new AgentRunsError(code, `${reason}${done}`, [...started]);
      };
      let refusals = 0;
      while (started.length < count) {
        if (stopped) throw refuse('unavailable', 'the agent monitor is stopped');
        const urls = currentUrls();
        if (!urls.host) throw refuse('unavailable', `${host} is not running: start it, then start agent runs`);
        const token = await obtainToken(urls.login);
        if ('disabled' in token) throw refuse('unavailable', token.disabled);
        if ('failed' in token) throw refuse('unavailable', token.failed);
        let response: Response;
        try {
          response = await request(new URL('/api/agents/runs', urls.host).href, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token.token}` },
            body: JSON.stringify({ agent_name: agentName, scenario }),
          });
        } catch (error) {
          throw refuse('unavailable', `${host} at ${urls.host} is not answering (${errorText(error, timeoutMs)})`);
        }
        if (response.status === 202) {
          const answer = StartAnswerSchema.safeParse(await response.json().catch(() => undefined));
          if (!answer.success) throw refuse('internal', `${host} accepted a run but did not say its run_id`);
          started.push(answer.data.run_id);
          continue;
        }
        const why = await answerText(response);
        if (response.status === 401 && refusals++ === 0) {
          forget(token.token);
          continue;
        }
        if (response.status === 429) throw refuse('conflict', `${host} refused run ${started.length + 1} of ${count}: too many active runs (${why})`);
        if (response.status === 400) throw refuse('invalid_request', `${host} refused the run as invalid: ${why}`);
        if (response.status === 401) throw refuse('unavailable', `${host} refused a fresh token too (401: ${why})`);
        if (response.status === 503) throw refuse('unavailable', `${host} cannot check tokens right now (503: ${why})`);
        throw refuse('internal', `${host} answered POST /api/agents/runs with ${response.status}: ${why}`);
      }
      return started;
    },

    async rerun(runId, scenario) {
      const run = table.get(runId);
      if (!run) throw new AgentRunsError('invalid_request', `no run ${runId} is held by the monitor (finished runs are kept up to ${maxFinishedRuns})`, []);
      return monitor.startRuns(run.agent_name, scenario ?? run.scenario, 1);
    },

    detail(runId) {
      const run = table.get(runId);
      if (!run) return undefined;
      const { events, dropped } = table.events(runId);
      const from = Math.min(Date.parse(run.seen_at), Date.parse(run.started_at)) - LOOP_MARGIN_MS;
      const to = (run.ended_at ? Math.max(Date.parse(run.state_since), Date.parse(run.ended_at)) : now()) + LOOP_MARGIN_MS;
      return {
        run,
        events,
        events_dropped: dropped,
        host: hostInfo ?? null,
        loop_delay: loopDelay.filter((sample) => sample.at >= from && sample.at <= to),
      };
    },

    retryNow() {
      wake?.();
    },

    stats: () => ({ ...stats }),

    // Idempotent: the first call closes the socket and every timer; later calls wait for the same end.
    stop() {
      stopping ??= (async () => {
        stopped = true;
        lifetime.abort();
        socket?.terminate();
        wake?.();
        await running;
        table.markActiveUnknown();
        status = 'disconnected';
        message = 'the agent monitor is stopped';
        flushView();
        silenced = true;
      })();
      return stopping;
    },
  };
  return monitor;
}

function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

// The `message` of a JSON error body (the services answer {error, message}), else the start of the text.
function messageIn(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown };
    if (typeof body.message === 'string') return body.message;
    if (typeof body.error === 'string') return body.error;
  } catch {
    // not JSON
  }
  return text.trim().slice(0, 200);
}

async function answerText(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  return messageIn(text) || `HTTP ${response.status}`;
}

function errorText(error: unknown, timeoutMs: number): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
    if (error.name === 'AbortError') return 'stopped';
    const cause = (error as { cause?: { code?: unknown } }).cause?.code;
    return typeof cause === 'string' ? `${error.message}: ${cause}` : error.message;
  }
  return String(error);
}
