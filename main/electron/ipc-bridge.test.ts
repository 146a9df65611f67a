import { describe, expect, it, vi } from 'vitest';
import { EngineError, EngineResponseSchema, QueryResultSchemas, type EngineEvent } from '../../shared/api/engine-contract.ts';
import { INTERNAL_ERROR_MESSAGE } from '../web/answer-request.ts';
import { createMemoryEngine } from '../web/testing/memory-engine.ts';
import { createPickFolderHandler, createRequestHandler, forwardEvents, type IpcSender } from './ipc-bridge.ts';
import { APP_URL } from './navigation-policy.ts';

const WINDOW_ID = 7;
const REFUSED = 'refused: the request did not come from the Stackdeck window';

// The memory engine with every call counted: a refused request must never reach it.
function setup(trustedId: () => number | undefined = () => WINDOW_ID) {
  const engine = createMemoryEngine();
  const command = vi.spyOn(engine, 'command');
  const query = vi.spyOn(engine, 'query');
  const logged: { message: string; error: unknown }[] = [];
  const handle = createRequestHandler(engine, trustedId, (message, error) => { logged.push({ message, error }); });
  const calls = () => command.mock.calls.length + query.mock.calls.length;
  return { engine, handle, logged, calls };
}

const fromWindow = (url: string | null = APP_URL, id = WINDOW_ID): IpcSender => ({ sender: { id }, senderFrame: url === null ? null : { url } });
const stackStateQuery = { id: 'q1', kind: 'query', body: { type: 'stackState' } };

describe('createRequestHandler: trusted sender', () => {
  it('answers a query from our window\'s app://stackdeck/ frame per the contract', async () => {
    const { handle, calls, logged } = setup();
    const answer = await handle(fromWindow(), stackStateQuery);
    expect(EngineResponseSchema.parse(answer)).toMatchObject({ id: 'q1', ok: true });
    const state = QueryResultSchemas.stackState.parse(answer.ok ? answer.result : undefined);
    expect(state.services.map((service) => service.name)).toEqual(['auth', 'backend']);
    expect(calls()).toBe(1);
    expect(logged).toEqual([]);
  });

  it('runs a command and answers with its result, from any page of our app', async () => {
    const { engine, handle } = setup();
    expect(await handle(fromWindow('app://stackdeck/'), { id: 'c1', kind: 'command', body: { type: 'start', service: 'auth' } }))
      .toEqual({ id: 'c1', ok: true, result: { message: 'started auth' } });
    const state = await engine.query({ type: 'stackState' });
    expect(state.services.find((service) => service.name === 'auth')?.state).toBe('ready');
    expect(await handle(fromWindow('app://stackdeck/index.html?view=agents#runs'), { id: 'c2', kind: 'command', body: { type: 'startAgentRun', agent_name: 'qa', scenario: 'normal' } }))
      .toEqual({ id: 'c2', ok: true, result: { message: 'started 1 run(s) of qa', runIds: ['run_1'] } });
  });

  it('asks for the trusted window id at each request (the window may be recreated)', async () => {
    let current: number | undefined = 3;
    const { handle, calls } = setup(() => current);
    expect(await handle(fromWindow(APP_URL, 3), stackStateQuery)).toMatchObject({ ok: true });
    current = 4;
    expect(await handle(fromWindow(APP_URL, 3), stackStateQuery)).toMatchObject({ ok: false, error: { message: REFUSED } });
    expect(await handle(fromWindow(APP_URL, 4), stackStateQuery)).toMatchObject({ ok: true });
    current = undefined;
    expect(await handle(fromWindow(APP_URL, 4), stackStateQuery)).toMatchObject({ ok: false, error: { message: REFUSED } });
    expect(calls()).toBe(2);
  });
});

describe('createRequestHandler: untrusted sender', () => {
  it('refuses another webContents, even with our frame URL, and never calls the engine', async () => {
    const { handle, calls, logged } = setup();
    for (const id of [WINDOW_ID + 1, 0, -1]) {
      expect(await handle(fromWindow(APP_URL, id), stackStateQuery)).toEqual({ id: 'q1', ok: false, error: { code: 'invalid_request', message: REFUSED } });
    }
    expect(calls()).toBe(0);
    expect(logged).toHaveLength(3);
    expect(logged[0]?.message).toBe('refused an IPC request from an untrusted sender');
  });

  it('refuses foreign frames in our window and a missing frame, with a clear message, and never calls the engine', async () => {
    const { handle, calls, logged } = setup();
    const frames = [
      'https://evil.example/', 'file:///etc/passwd', 'app://other/', 'app://stackdeck.evil/index.html', 'app://stackdeck:8080/', 'http://stackdeck/',
      'about:blank', 'data:text/html,<script>', 'devtools://devtools/bundled/inspector.html', '', null,
    ];
    for (const frame of frames) {
      const answer = await handle(fromWindow(frame), { id: 'c9', kind: 'command', body: { type: 'stop' } });
      expect(answer, String(frame)).toEqual({ id: 'c9', ok: false, error: { code: 'invalid_request', message: REFUSED } });
    }
    expect(calls()).toBe(0);
    expect(logged).toHaveLength(frames.length);
    // The log says where the request came from, for whoever investigates.
    expect(logged.map((entry) => (entry.error as Error).message)).toEqual([...frames.slice(0, -2), 'no frame', 'no frame']);
  });

  it('refuses before looking at the payload: an untrusted page learns nothing about the contract', async () => {
    const { handle, calls } = setup();
    for (const payload of [null, 'x', { id: 'm1', kind: 'nope' }, { id: 'x'.repeat(500), kind: 'query', body: { type: 'stackState' } }]) {
      const answer = await handle(fromWindow('https://evil.example/'), payload);
      expect(answer.ok).toBe(false);
      if (!answer.ok) expect(answer.error.message).toBe(REFUSED);
      expect(answer.id.length).toBeLessThanOrEqual(64);
    }
    expect(calls()).toBe(0);
  });
});

describe('createRequestHandler: malformed payloads from the trusted window', () => {
  const cases: [string, unknown, RegExp][] = [
    ['null', null, /^the request: .*expected object, received null/],
    ['a string', 'stackState', /^the request: .*expected object, received string/],
    ['a number', 42, /^the request: .*expected object/],
    ['an array', [stackStateQuery], /^the request: .*expected object, received array/],
    ['undefined', undefined, /^the request: .*expected object/],
    ['no kind', { id: 'm1', body: { type: 'stackState' } }, /^kind: missing request kind; expected one of command, query/],
    ['an unknown kind', { id: 'm1', kind: 'subscribe', body: {} }, /^kind: unknown request kind "subscribe"/],
    ['an unknown query type', { id: 'm1', kind: 'query', body: { type: 'secrets' } }, /^body\.type: unknown query type "secrets"/],
    ['an unknown command type', { id: 'm1', kind: 'command', body: { type: 'exec', cmd: 'rm -rf /' } }, /^body\.type: unknown command type "exec"/],
    ['a number id', { id: 5, kind: 'query', body: { type: 'stackState' } }, /^id: .*expected string, received number/],
    ['an empty id', { id: '', kind: 'query', body: { type: 'stackState' } }, /^id: Too small/],
    ['a wrong field type', { id: 'm1', kind: 'query', body: { type: 'logBacklog', service: 'auth', limit: 'all' } }, /^body\.limit: .*expected number, received string/],
    ['a bad service name', { id: 'm1', kind: 'command', body: { type: 'start', service: '../etc' } }, /^body\.service: a service name is lower-case letters/],
    ['an extra key', { id: 'm1', kind: 'query', body: { type: 'stackState' }, eval: 'x' }, /^the request: Unrecognized key: "eval"/],
    ['a count out of range', { id: 'm1', kind: 'command', body: { type: 'startAgentRun', agent_name: 'qa', scenario: 'normal', count: 1e9 } }, /^body\.count: Too big/],
  ];

  it.each(cases)('answers invalid_request naming the field for %s, without calling the engine', async (_what, payload, message) => {
    const { handle, calls } = setup();
    const answer = await handle(fromWindow(), payload);
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.code).toBe('invalid_request');
    expect(answer.error.message).toMatch(message);
    expect(calls()).toBe(0);
  });

  it('echoes the id of a well-formed request so the caller can match the answer, and an empty id otherwise', async () => {
    const { handle } = setup();
    expect(await handle(fromWindow(), { id: 'm7', kind: 'query', body: { type: 'nope' } })).toMatchObject({ id: 'm7', ok: false });
    expect(await handle(fromWindow(), { id: 5, kind: 'query', body: { type: 'stackState' } })).toMatchObject({ id: '', ok: false });
    expect(await handle(fromWindow(), null)).toMatchObject({ id: '', ok: false });
  });

  it('refuses an oversized id, naming the field, and echoes at most 64 characters of it', async () => {
    const { handle, calls } = setup();
    const long = 'x'.repeat(100_000);
    const answer = await handle(fromWindow(), { id: long, kind: 'query', body: { type: 'stackState' } });
    expect(answer).toEqual({ id: 'x'.repeat(64), ok: false, error: { code: 'invalid_request', message: 'id: Too big: expected string to have <=64 characters' } });
    expect(calls()).toBe(0);
    expect(await handle(fromWindow(), { id: 'y'.repeat(64), kind: 'query', body: { type: 'stackState' } })).toMatchObject({ id: 'y'.repeat(64), ok: true });
  });
});

describe('createRequestHandler: engine failures', () => {
  it('maps an EngineError to its own code and message', async () => {
    const { engine, handle, logged } = setup();
    expect(await handle(fromWindow(), { id: 'e1', kind: 'query', body: { type: 'crashRecords', service: 'nope' } }))
      .toEqual({ id: 'e1', ok: false, error: { code: 'unknown_service', message: 'no service "nope"; this stack has auth, backend' } });
    for (const code of ['conflict', 'unavailable', 'invalid_request', 'unknown_service'] as const) {
      engine.breakNextCall(new EngineError(code, `${code} happened`));
      expect(await handle(fromWindow(), { id: `e-${code}`, kind: 'command', body: { type: 'restart' } }))
        .toEqual({ id: `e-${code}`, ok: false, error: { code, message: `${code} happened` } });
    }
    expect(logged).toEqual([]);
  });

  it('hides any other failure behind internal, logging it', async () => {
    const { engine, handle, logged } = setup();
    const bug = new Error('token=hunter2 leaked into a stack trace');
    engine.breakNextCall(bug);
    const answer = await handle(fromWindow(), { id: 'i1', kind: 'command', body: { type: 'start' } });
    expect(answer).toEqual({ id: 'i1', ok: false, error: { code: 'internal', message: INTERNAL_ERROR_MESSAGE } });
    expect(JSON.stringify(answer)).not.toContain('hunter2');
    expect(logged).toEqual([{ message: 'command start failed', error: bug }]);
  });
});

describe('forwardEvents', () => {
  it('relays every engine event to the window and stops after unsubscribe', async () => {
    const engine = createMemoryEngine();
    const sent: EngineEvent[] = [];
    const unsubscribe = forwardEvents(engine, (event) => {
      sent.push(event);
      return true;
    });
    expect(engine.listenerCount()).toBe(1);
    await engine.command({ type: 'start', service: 'auth' });
    expect(sent.map((event) => event.type)).toEqual(['serviceState', 'log']);
    engine.emit({ type: 'engineError', message: 'disk full' });
    expect(sent.at(-1)).toEqual({ type: 'engineError', message: 'disk full' });

    unsubscribe();
    expect(engine.listenerCount()).toBe(0);
    const before = sent.length;
    await engine.command({ type: 'stop' });
    engine.emit({ type: 'engineError', message: 'after unsubscribe' });
    expect(sent).toHaveLength(before);
  });

  it('goes on relaying when the window cannot take an event (loading, closed)', () => {
    const engine = createMemoryEngine();
    let open = false;
    const delivered: string[] = [];
    forwardEvents(engine, (event) => {
      if (!open) return false;
      delivered.push(event.type === 'engineError' ? event.message : event.type);
      return true;
    });
    engine.emit({ type: 'engineError', message: 'while loading' });
    open = true;
    engine.emit({ type: 'engineError', message: 'after load' });
    expect(delivered).toEqual(['after load']);
    expect(engine.listenerCount()).toBe(1);
  });
});

describe('createPickFolderHandler', () => {
  it('shows the dialog for our window\'s own frame and answers the chosen folder, or null when cancelled', async () => {
    const chosen: (string | null)[] = ['/home/ada/their-repo', null];
    let shown = 0;
    const handle = createPickFolderHandler(() => 7, async () => {
      shown++;
      return chosen.shift() ?? null;
    }, () => {});
    const ours: IpcSender = { sender: { id: 7 }, senderFrame: { url: APP_URL } };
    await expect(handle(ours)).resolves.toEqual({ root: '/home/ada/their-repo' });
    await expect(handle(ours)).resolves.toEqual({ root: null });
    expect(shown).toBe(2);
  });

  it('never shows the dialog for another window or a foreign frame, and logs the refusal', async () => {
    const logged: string[] = [];
    let shown = 0;
    const handle = createPickFolderHandler(() => 7, async () => {
      shown++;
      return '/etc';
    }, (message) => logged.push(message));
    for (const sender of [{ sender: { id: 8 }, senderFrame: { url: APP_URL } }, { sender: { id: 7 }, senderFrame: { url: 'https://evil.example/' } }, { sender: { id: 7 }, senderFrame: null }]) {
      await expect(handle(sender)).resolves.toEqual({ root: null });
    }
    expect(shown).toBe(0);
    expect(logged).toHaveLength(3);
  });
});
