import { afterEach, describe, expect, it, vi } from 'vitest';
import { waitFor } from '../../main/web/testing/bounded-wait.ts';
import { startTestServer } from '../../main/web/testing/test-server.ts';
import { createToken } from '../../main/web/token.ts';
import { createSocketController, type SocketController } from './socket-controller.ts';
import type { ConnectionStatus } from './transport.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// A controller whose statuses and messages are recorded, closed after the test.
function watch(url: string): { controller: SocketController; statuses: ConnectionStatus[]; messages: string[] } {
  const messages: string[] = [];
  const controller = createSocketController({ url, onMessage: (data) => messages.push(data) });
  cleanups.push(() => controller.close());
  const statuses: ConnectionStatus[] = [];
  controller.onStatus((status) => statuses.push(status));
  return { controller, statuses, messages };
}

describe('createSocketController', () => {
  it('is loading, then active once connected, and passes each message on', async () => {
    const test = await startTestServer(cleanups);
    const { controller, statuses, messages } = watch(test.eventsUrl);
    expect(statuses).toEqual(['loading']);
    await waitFor(() => controller.status() === 'active', 'the socket to be active');
    expect(statuses).toEqual(['loading', 'active']);
    await waitFor(() => test.engine.listenerCount() === 1, 'the server to subscribe the socket');
    test.engine.emit({ type: 'engineError', message: 'hello' });
    await waitFor(() => messages.length === 1, 'the message');
    expect(JSON.parse(messages[0] ?? '')).toEqual({ type: 'engineError', message: 'hello' });
  });

  it('reconnects after the server restarts on the same port: reconnecting, then active again', async () => {
    const first = await startTestServer(cleanups);
    const { controller, statuses, messages } = watch(first.eventsUrl);
    await waitFor(() => controller.status() === 'active', 'the first connection');
    await first.server.close();
    await waitFor(() => controller.status() === 'reconnecting', 'the drop to be noticed');

    const second = await startTestServer(cleanups, { port: first.server.port, token: first.server.token });
    await waitFor(() => controller.status() === 'active', 'the reconnection');
    expect(statuses).toEqual(['loading', 'active', 'reconnecting', 'active']);
    await waitFor(() => second.engine.listenerCount() === 1, 'the new server to subscribe the socket');
    second.engine.emit({ type: 'engineError', message: 'from the new server' });
    await waitFor(() => messages.length === 1, 'an event from the new server');
  });

  it('keeps retrying while it is refused, and never says active', async () => {
    const test = await startTestServer(cleanups);
    const { controller, statuses } = watch(`ws://127.0.0.1:${test.server.port}/api/events?token=${createToken()}`);
    await waitFor(() => controller.status() === 'reconnecting', 'the refusal to be noticed');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(statuses).toEqual(['loading', 'reconnecting']);
    expect(test.engine.listenerCount()).toBe(0);
  });

  it('stops for good on close(): no reconnection, no more statuses', async () => {
    const test = await startTestServer(cleanups);
    const { controller, statuses } = watch(test.eventsUrl);
    // Both sides must have seen the connection: the server may count the subscription before the client's open event.
    await waitFor(() => test.engine.listenerCount() === 1 && controller.status() === 'active', 'the subscription');
    controller.close();
    await waitFor(() => test.engine.listenerCount() === 0, 'the server to see the socket go');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(test.engine.listenerCount()).toBe(0);
    expect(statuses).toEqual(['loading', 'active']);
  });

  it('gives a new status listener the current status at once, and isolates a listener that throws', async () => {
    const test = await startTestServer(cleanups);
    const { controller } = watch(test.eventsUrl);
    await waitFor(() => controller.status() === 'active', 'the connection');
    const late: ConnectionStatus[] = [];
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    cleanups.push(() => consoleError.mockRestore());
    controller.onStatus(() => { throw new Error('listener bug'); });
    const unsubscribe = controller.onStatus((status) => late.push(status));
    expect(late).toEqual(['active']);
    unsubscribe();
    await test.server.close();
    await waitFor(() => controller.status() === 'reconnecting', 'the drop');
    expect(late).toEqual(['active']);
    // The throwing listener was called twice (active at once, then reconnecting), and each failure was reported.
    expect(consoleError.mock.calls.map((args) => args[0])).toEqual(['a connection-status listener failed', 'a connection-status listener failed']);
  });
});
