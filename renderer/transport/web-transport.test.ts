import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EngineError, type EngineEvent } from '../../shared/api/engine-contract.ts';
import { waitFor, within } from '../../main/web/testing/bounded-wait.ts';
import { startTestServer } from '../../main/web/testing/test-server.ts';
import { createToken } from '../../main/web/token.ts';
import type { ConnectionStatus, Transport } from './transport.ts';
import { createWebTransport } from './web-transport.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function transportFor(baseUrl: string, token: string): Transport {
  const transport = createWebTransport({ baseUrl, token });
  cleanups.push(() => transport.close());
  return transport;
}

function statusesOf(transport: Transport): ConnectionStatus[] {
  const statuses: ConnectionStatus[] = [];
  transport.onStatus((status) => statuses.push(status));
  return statuses;
}

// Console errors a test expects (a listener's failure is reported there), kept instead of printed.
function captureConsoleErrors(): unknown[][] {
  const calls: unknown[][] = [];
  const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => { calls.push(args); });
  cleanups.push(() => spy.mockRestore());
  return calls;
}

// The EngineError a promise rejects with; fails if it resolves or rejects with anything else.
async function engineErrorOf(promise: Promise<unknown>): Promise<EngineError> {
  const error = await within(promise.then(() => undefined, (reason: unknown) => reason), 'the request to settle');
  if (!(error instanceof EngineError)) throw new Error(`expected an EngineError, got ${String(error)}`);
  return error;
}

// A server that speaks HTTP but not the contract: each POST is answered with `answer(request id)`; anything else
// (the transport's event socket) gets a 404.
async function offContractServer(answer: (id: string) => unknown): Promise<string> {
  const server = createServer((request, response) => {
    if (request.method !== 'POST') {
      response.writeHead(404).end();
      return;
    }
    let body = '';
    request.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    request.on('end', () => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(answer((JSON.parse(body) as { id: string }).id)));
    });
  });
  await within(new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)), 'the off-contract server to listen');
  cleanups.push(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('createWebTransport: requests', () => {
  it('sends commands and queries and gives typed, validated results', async () => {
    const test = await startTestServer(cleanups);
    const transport = transportFor(test.base, test.server.token);
    expect(await transport.command({ type: 'start', service: 'auth' })).toEqual({ message: 'started auth' });
    const started = await transport.command({ type: 'startAgentRun', agent_name: 'qa', scenario: 'silent' });
    expect(started.runIds).toEqual(['run_1']);
    const state = await transport.query({ type: 'stackState' });
    expect(state.services.map((service) => [service.name, service.state])).toEqual([['auth', 'ready'], ['backend', 'stopped']]);
    const backlog = await transport.query({ type: 'logBacklog', service: 'auth' });
    expect(backlog.lines.map((line) => line.text)).toEqual(['auth ready on port 4000']);
    const runs = await transport.query({ type: 'agentRuns' });
    expect(runs.runs[0]?.scenario).toBe('silent');
  });

  it('throws the engine\'s EngineError, code and message, for ok:false', async () => {
    const test = await startTestServer(cleanups);
    const transport = transportFor(test.base, test.server.token);
    const error = await engineErrorOf(transport.query({ type: 'crashRecords', service: 'billing' }));
    expect(error.code).toBe('unknown_service');
    expect(error.message).toBe('no service "billing"; this stack has auth, backend');
    test.engine.breakNextCall(new Error('a bug with a secret in it'));
    const internal = await engineErrorOf(transport.command({ type: 'stop' }));
    expect(internal.code).toBe('internal');
    expect(internal.message).not.toContain('secret');
    expect(await transport.command({ type: 'stop' })).toEqual({ message: 'stopped auth, backend' });
  });

  it('throws invalid_request with the server\'s message when the request breaks the contract', async () => {
    const test = await startTestServer(cleanups);
    const transport = transportFor(test.base, test.server.token);
    const error = await engineErrorOf(transport.command({ type: 'start', service: 'Not A Service' }));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toBe('HTTP 400: body.service: a service name is lower-case letters, digits and dashes');
  });

  it('throws unavailable, saying why, with a wrong token or no server', async () => {
    const test = await startTestServer(cleanups);
    const refused = await engineErrorOf(transportFor(test.base, createToken()).query({ type: 'stackState' }));
    expect(refused.code).toBe('unavailable');
    expect(refused.message).toMatch(/^HTTP 401: wrong token/);
    const port = test.server.port;
    await test.server.close();
    const gone = await engineErrorOf(transportFor(`http://127.0.0.1:${port}`, createToken()).query({ type: 'stackState' }));
    expect(gone.code).toBe('unavailable');
    expect(gone.message).toMatch(/^the Stackdeck server cannot be reached: .*ECONNREFUSED/);
  });

  it('refuses answers that do not follow the contract', async () => {
    const wrongShape = transportFor(await offContractServer((id) => ({ id, ok: true, result: { profile: 42 } })), createToken());
    const shape = await engineErrorOf(wrongShape.query({ type: 'stackState' }));
    expect(shape.code).toBe('internal');
    expect(shape.message).toMatch(/^the result of stackState does not follow the engine contract \(profile: /);

    const wrongId = transportFor(await offContractServer(() => ({ id: 'someone-else', ok: true, result: { message: 'hi' } })), createToken());
    expect((await engineErrorOf(wrongId.command({ type: 'stop' }))).message).toMatch(/^the server answered request someone-else, not /);

    const notAnAnswer = transportFor(await offContractServer(() => ({ hello: 'world' })), createToken());
    expect((await engineErrorOf(notAnAnswer.command({ type: 'stop' }))).message).toMatch(/does not follow the engine contract/);
  });
});

describe('createWebTransport: events and connection status', () => {
  it('delivers validated events to every subscriber, and an unreadable one as engineError', async () => {
    const consoleErrors = captureConsoleErrors();
    const test = await startTestServer(cleanups);
    const transport = transportFor(test.base, test.server.token);
    const first: EngineEvent[] = [];
    const second: EngineEvent[] = [];
    transport.subscribe((event) => first.push(event));
    const unsubscribe = transport.subscribe((event) => second.push(event));
    transport.subscribe(() => { throw new Error('a listener bug'); });
    await waitFor(() => test.engine.listenerCount() === 1, 'the event socket');

    await transport.command({ type: 'setOverride', service: 'backend', key: 'MAX_CONCURRENT_AGENTS', value: '3' });
    test.engine.emit({ type: 'serviceState', status: { name: 'auth' } } as unknown as EngineEvent);
    await waitFor(() => first.length === 2, 'two events');
    expect(first[0]).toMatchObject({ type: 'configChanged', diff: { changes: [{ key: 'MAX_CONCURRENT_AGENTS', after: { value: '3' } }] } });
    expect(first[1]).toEqual({ type: 'engineError', message: expect.stringMatching(/^the server sent an event this dashboard does not understand/) });
    expect(second).toEqual(first);
    expect(consoleErrors.map((args) => args[0])).toEqual(['an engine event listener failed', 'an engine event listener failed']);

    unsubscribe();
    test.engine.emit({ type: 'engineError', message: 'only the first' });
    await waitFor(() => first.length === 3, 'the third event');
    expect(second).toHaveLength(2);
  });

  it('reconnects after the server restarts on the same port: reconnecting, then active, and events flow again', async () => {
    const first = await startTestServer(cleanups);
    const transport = transportFor(first.base, first.server.token);
    const statuses = statusesOf(transport);
    const events: EngineEvent[] = [];
    transport.subscribe((event) => events.push(event));
    await waitFor(() => statuses.at(-1) === 'active', 'the first connection');

    await first.server.close();
    await waitFor(() => statuses.at(-1) === 'reconnecting', 'the drop to be noticed');
    expect((await engineErrorOf(transport.query({ type: 'stackState' }))).code).toBe('unavailable');

    const second = await startTestServer(cleanups, { port: first.server.port, token: first.server.token });
    await waitFor(() => statuses.at(-1) === 'active', 'the reconnection');
    expect(statuses).toEqual(['loading', 'active', 'reconnecting', 'active']);
    await waitFor(() => second.engine.listenerCount() === 1, 'the new server to subscribe the transport');
    await transport.command({ type: 'start', service: 'backend' });
    await waitFor(() => events.length === 2, 'the events of the start');
    expect(events.map((event) => event.type)).toEqual(['serviceState', 'log']);
  });

  it('stops for good on close(): requests fail as unavailable and the server sees the socket go', async () => {
    const test = await startTestServer(cleanups);
    const transport = transportFor(test.base, test.server.token);
    const statuses = statusesOf(transport);
    await waitFor(() => test.engine.listenerCount() === 1, 'the event socket');
    // The server subscribes before the browser side has seen 'open'; wait for both ends.
    await waitFor(() => statuses.at(-1) === 'active', 'the transport to see the socket open');
    transport.close();
    await waitFor(() => test.engine.listenerCount() === 0, 'the server to see the socket go');
    const error = await engineErrorOf(transport.query({ type: 'stackState' }));
    expect(error).toMatchObject({ code: 'unavailable', message: 'the transport is closed' });
    expect(statuses).toEqual(['loading', 'active']);
    transport.close();
  });
});
