import { afterEach, describe, expect, it } from 'vitest';
import { EngineError, EngineEventSchema, QueryResultSchemas, type EngineEvent } from '../../shared/api/engine-contract.ts';
import { INTERNAL_ERROR_MESSAGE } from './answer-request.ts';
import { REFUSED_MESSAGE } from './events-socket.ts';
import { waitFor, within } from './testing/bounded-wait.ts';
import { createMemoryEngine } from './testing/memory-engine.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';
import { connectClient, pauseReading } from './testing/ws-client.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// A POST to /api/request with the token, a raw body and a content type; answers status and parsed JSON.
async function post(test: TestServer, body: string, contentType = 'application/json'): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${test.base}/api/request`, {
    method: 'POST',
    headers: { authorization: `Bearer ${test.server.token}`, 'content-type': contentType },
    body,
  });
  return { status: response.status, json: await response.json() };
}

// The server still answers a valid query: a refusal before did not break it.
async function expectStillAnswering(test: TestServer): Promise<void> {
  const answer = await post(test, JSON.stringify({ id: 'alive', kind: 'query', body: { type: 'stackState' } }));
  expect(answer).toMatchObject({ status: 200, json: { id: 'alive', ok: true } });
}

// An event of about `bytes` bytes once serialised.
function bigLogEvent(index: number, bytes: number): EngineEvent {
  return { type: 'log', chunk: { service: 'auth', skipped: 0, lines: [{ service: 'auth', seq: index, time: 0, stream: 'stdout', text: 'x'.repeat(bytes), level: null }] } };
}

describe('POST /api/request', () => {
  it('answers commands and queries from the engine, with results that follow the contract', async () => {
    const test = await startTestServer(cleanups);
    expect(await post(test, JSON.stringify({ id: 'c1', kind: 'command', body: { type: 'startAgentRun', agent_name: 'qa', scenario: 'crash', count: 2 } })))
      .toEqual({ status: 200, json: { id: 'c1', ok: true, result: { message: 'started 2 run(s) of qa', runIds: ['run_1', 'run_2'] } } });
    const runs = await post(test, JSON.stringify({ id: 'q1', kind: 'query', body: { type: 'agentRuns' } }));
    expect(runs.status).toBe(200);
    const view = QueryResultSchemas.agentRuns.parse((runs.json as { result: unknown }).result);
    expect(view.runs.map((run) => [run.run_id, run.scenario])).toEqual([['run_1', 'crash'], ['run_2', 'crash']]);
  });

  it('refuses malformed JSON with 400, then still answers', async () => {
    const test = await startTestServer(cleanups);
    expect(await post(test, '{"id": "x", "kind": ')).toEqual({ status: 400, json: { error: 'invalid_json', message: 'the request body is not valid JSON; send one EngineRequest object' } });
    expect(await post(test, '')).toMatchObject({ status: 400, json: { error: 'invalid_json', message: expect.stringContaining('empty') } });
    await expectStillAnswering(test);
  });

  it('refuses a body over 256 KiB with 413, then still answers', async () => {
    const test = await startTestServer(cleanups);
    const huge = JSON.stringify({ id: 'big', kind: 'command', body: { type: 'setOverride', service: 'auth', key: 'K', value: 'v'.repeat(300 * 1024) } });
    expect(await post(test, huge)).toEqual({ status: 413, json: { error: 'body_too_large', message: 'the request body is over the 256 KiB limit' } });
    await expectStillAnswering(test);
  });

  it('refuses wrong types, naming the field, then still answers', async () => {
    const test = await startTestServer(cleanups);
    expect(await post(test, JSON.stringify({ id: 1, kind: 'query', body: { type: 'stackState' } })))
      .toEqual({ status: 400, json: { error: 'invalid_request', message: 'id: Invalid input: expected string, received number' } });
    expect(await post(test, JSON.stringify({ id: 'w', kind: 'query', body: { type: 'logBacklog', service: 'auth', limit: 0 } })))
      .toMatchObject({ status: 400, json: { error: 'invalid_request', message: expect.stringMatching(/^body\.limit: /) } });
    expect(await post(test, JSON.stringify([{ id: 'w' }]))).toMatchObject({ status: 400, json: { message: expect.stringContaining('expected object, received array') } });
    await expectStillAnswering(test);
  });

  it('refuses unknown kinds and types, saying what they could be, then still answers', async () => {
    const test = await startTestServer(cleanups);
    expect(await post(test, JSON.stringify({ id: 'u', kind: 'query', body: { type: 'allSecrets' } })))
      .toEqual({ status: 400, json: { error: 'invalid_request', message: 'body.type: unknown query type "allSecrets"; expected one of stackState, config, logBacklog, crashRecords, agentRuns, changeLog, agentRunDetail, recentStacks' } });
    expect(await post(test, JSON.stringify({ id: 'u', kind: 'subscribe', body: {} })))
      .toMatchObject({ status: 400, json: { message: 'kind: unknown request kind "subscribe"; expected one of command, query' } });
    await expectStillAnswering(test);
  });

  it('refuses a body that is not JSON by content type with 415 (no cross-site "simple" requests)', async () => {
    const test = await startTestServer(cleanups);
    const body = JSON.stringify({ id: 't', kind: 'command', body: { type: 'stop' } });
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      expect(await post(test, body, contentType)).toEqual({ status: 415, json: { error: 'unsupported_media_type', message: 'send the request body as Content-Type: application/json' } });
    }
    await expectStillAnswering(test);
  });

  it('answers an EngineError as ok:false with its code and message', async () => {
    const test = await startTestServer(cleanups);
    expect(await post(test, JSON.stringify({ id: 'e', kind: 'command', body: { type: 'start', service: 'billing' } })))
      .toEqual({ status: 200, json: { id: 'e', ok: false, error: { code: 'unknown_service', message: 'no service "billing"; this stack has auth, backend' } } });
    await post(test, JSON.stringify({ id: 's', kind: 'command', body: { type: 'start', service: 'auth' } }));
    expect(await post(test, JSON.stringify({ id: 'c', kind: 'command', body: { type: 'start', service: 'auth' } })))
      .toEqual({ status: 200, json: { id: 'c', ok: false, error: { code: 'conflict', message: 'auth is already running' } } });
    expect(test.logged).toEqual([]);
  });

  it('answers an exception in the engine as internal with a generic message, logs it, and keeps running', async () => {
    const test = await startTestServer(cleanups);
    const bug = new Error('ECONNRESET while reading POSTGRES_PASSWORD=hunter2');
    test.engine.breakNextCall(bug);
    const answer = await post(test, JSON.stringify({ id: 'x', kind: 'query', body: { type: 'config' } }));
    expect(answer).toEqual({ status: 200, json: { id: 'x', ok: false, error: { code: 'internal', message: INTERNAL_ERROR_MESSAGE } } });
    expect(JSON.stringify(answer.json)).not.toContain('hunter2');
    expect(test.logged).toEqual([{ message: 'query config failed', error: bug }]);
    await expectStillAnswering(test);
  });

  it('answers a result that cannot be JSON as internal, and logs it', async () => {
    const engine = createMemoryEngine();
    const test = await startTestServer(cleanups, { engine: { ...engine, query: async () => ({ big: 1n }) as never } });
    expect(await post(test, JSON.stringify({ id: 'b', kind: 'query', body: { type: 'stackState' } })))
      .toEqual({ status: 200, json: { id: 'b', ok: false, error: { code: 'internal', message: INTERNAL_ERROR_MESSAGE } } });
    expect(test.logged.map((entry) => entry.message)).toEqual(['the answer to request b could not be sent as JSON']);
  });
});

describe('GET /api/events', () => {
  it('says it is a WebSocket when asked over plain HTTP', async () => {
    const test = await startTestServer(cleanups);
    const response = await fetch(`${test.base}/api/events?token=${test.server.token}`);
    expect(response.status).toBe(426);
    expect(await response.json()).toEqual({ error: 'upgrade_required', message: '/api/events is a WebSocket: connect with ws://' });
  });

  it('pushes every engine event to every client, ws and the platform WebSocket alike', async () => {
    const test = await startTestServer(cleanups);
    const clients = await Promise.all([connectClient(test.eventsUrl), connectClient(test.eventsUrl)]);
    const platform = new WebSocket(test.eventsUrl);
    const platformReceived: unknown[] = [];
    platform.addEventListener('message', (event) => platformReceived.push(JSON.parse(String(event.data))));
    cleanups.push(() => platform.close());
    await within(new Promise((resolve) => platform.addEventListener('open', resolve, { once: true })), 'the platform WebSocket to open');
    await waitFor(() => test.engine.listenerCount() === 3, 'three subscriptions');

    await post(test, JSON.stringify({ id: 'go', kind: 'command', body: { type: 'start' } }));
    test.engine.emit({ type: 'engineError', message: 'watcher lost' });
    const everyone = [...clients.map((client) => client.received), platformReceived];
    await waitFor(() => everyone.every((received) => received.length === 5), 'every client to get all five events');
    for (const received of everyone) {
      expect(received.map((event) => EngineEventSchema.parse(event).type)).toEqual(['serviceState', 'log', 'serviceState', 'log', 'engineError']);
      expect(received).toEqual(everyone[0]);
    }
  });

  it('unsubscribes from the engine when a client goes', async () => {
    const test = await startTestServer(cleanups);
    const first = await connectClient(test.eventsUrl);
    const second = await connectClient(test.eventsUrl);
    expect(test.engine.listenerCount()).toBe(2);
    first.socket.close();
    await waitFor(() => test.engine.listenerCount() === 1, 'one subscription to remain');
    second.socket.terminate();
    await waitFor(() => test.engine.listenerCount() === 0, 'no subscription to remain');
  });

  it('refuses messages from a client with an error, and keeps pushing events to it', async () => {
    const test = await startTestServer(cleanups);
    const client = await connectClient(test.eventsUrl);
    client.socket.send(JSON.stringify({ id: 'r', kind: 'command', body: { type: 'stop' } }));
    await waitFor(() => client.received.length === 1, 'the refusal');
    expect(client.received[0]).toEqual(REFUSED_MESSAGE);
    expect(REFUSED_MESSAGE.message).toContain('POST /api/request');
    expect(test.engine.listenerCount()).toBe(1);
    test.engine.emit({ type: 'engineError', message: 'still here' });
    await waitFor(() => client.received.length === 2, 'an event after the refusal');
  });

  it('closes a client that stops reading (over 4 MiB unsent) with 1013, while a healthy one keeps receiving', async () => {
    const test = await startTestServer(cleanups);
    const healthy = await connectClient(test.eventsUrl);
    const stalled = await connectClient(test.eventsUrl);
    const paused = pauseReading(stalled);

    let sent = 0;
    const limit = 20_000;
    while (test.engine.listenerCount() === 2 && sent < limit) {
      // Batches with a pause between them: the healthy client reads in the gaps, the stalled one never does.
      for (let i = 0; i < 16; i++) test.engine.emit(bigLogEvent(sent++, 32 * 1024));
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(test.engine.listenerCount()).toBe(1);
    expect(sent).toBeLessThan(limit);

    paused.resume();
    const closed = await within(stalled.closed, 'the stalled client to be closed');
    expect(closed).toEqual({ code: 1013, reason: 'too slow: over 4 MiB of events unsent; reconnect' });
    expect(stalled.received.length).toBeLessThan(sent);

    await waitFor(() => healthy.received.length === sent, 'the healthy client to receive every event');
    test.engine.emit({ type: 'engineError', message: 'after the drop' });
    await waitFor(() => healthy.received.length === sent + 1, 'the healthy client to receive an event after the drop');
    await expectStillAnswering(test);
  });

  it('keeps an engine that throws from its subscribe from taking the server down', async () => {
    const engine = createMemoryEngine();
    const test = await startTestServer(cleanups, { engine: { ...engine, subscribe: () => { throw new EngineError('unavailable', 'no events yet'); } } });
    const client = await connectClient(test.eventsUrl);
    expect(await within(client.closed, 'the socket to be closed')).toEqual({ code: 1011, reason: 'the engine could not subscribe this socket to its events' });
    expect(test.logged.map((entry) => entry.message)).toEqual(['subscribing a WebSocket to engine events failed']);
    await expectStillAnswering(test);
  });
});
