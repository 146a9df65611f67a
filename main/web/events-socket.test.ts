import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { EngineApi, EngineEvent } from '../../shared/api/engine-contract.ts';
import { REFUSED_MESSAGE, SLOW_CLIENT_CLOSE_CODE, serveEventsSocket, type EventsSocketOptions } from './events-socket.ts';
import { waitFor, within } from './testing/bounded-wait.ts';
import { createMemoryEngine, type MemoryEngine } from './testing/memory-engine.ts';
import { connectClient, pauseReading } from './testing/ws-client.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// A bare ws server on 127.0.0.1 serving every connection with serveEventsSocket, without Fastify around it.
async function serve(engine: EngineApi, options: Partial<EventsSocketOptions> = {}) {
  const logged: string[] = [];
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await within(new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  }), 'the ws server to listen');
  wss.on('connection', (socket) => serveEventsSocket(socket, engine, {
    maxBufferedBytes: 256 * 1024, pingIntervalMs: 60_000, log: (message) => { logged.push(message); }, ...options,
  }));
  cleanups.push(async () => {
    for (const socket of wss.clients) socket.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  });
  return { url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, logged };
}

function logEvent(index: number, bytes = 100): EngineEvent {
  return { type: 'log', chunk: { service: 'backend', skipped: 0, lines: [{ service: 'backend', seq: index, time: 0, stream: 'stderr', text: 'y'.repeat(bytes), level: 'warn' }] } };
}

describe('serveEventsSocket', () => {
  it('subscribes on connect, pushes each event as JSON, unsubscribes on close', async () => {
    const engine = createMemoryEngine();
    const { url } = await serve(engine);
    const client = await connectClient(url);
    await waitFor(() => engine.listenerCount() === 1, 'the subscription');
    await engine.command({ type: 'setOverride', service: 'auth', key: 'LOG_LEVEL', value: 'debug' });
    await waitFor(() => client.received.length === 1, 'the configChanged event');
    expect(client.received[0]).toMatchObject({ type: 'configChanged', diff: { changes: [{ service: 'auth', key: 'LOG_LEVEL', after: { value: 'debug' } }] } });
    client.socket.close();
    await waitFor(() => engine.listenerCount() === 0, 'the unsubscription');
  });

  it('drops a client over the byte cap with 1013 and a reason, and unsubscribes it', async () => {
    const engine: MemoryEngine = createMemoryEngine();
    const { url } = await serve(engine, { maxBufferedBytes: 64 * 1024 });
    const client = await connectClient(url);
    await waitFor(() => engine.listenerCount() === 1, 'the subscription');
    const paused = pauseReading(client);
    let sent = 0;
    while (engine.listenerCount() === 1 && sent < 10_000) {
      for (let i = 0; i < 16; i++) engine.emit(logEvent(sent++, 8 * 1024));
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(engine.listenerCount()).toBe(0);
    paused.resume();
    expect(await within(client.closed, 'the close')).toEqual({ code: SLOW_CLIENT_CLOSE_CODE, reason: 'too slow: over 64 KiB of events unsent; reconnect' });
  });

  it('answers a message with a refusal and stays open', async () => {
    const engine = createMemoryEngine();
    const { url } = await serve(engine);
    const client = await connectClient(url);
    client.socket.send('hello');
    client.socket.send(Buffer.from([1, 2, 3]));
    await waitFor(() => client.received.length === 2, 'two refusals');
    expect(client.received).toEqual([REFUSED_MESSAGE, REFUSED_MESSAGE]);
    expect(client.socket.readyState).toBe(client.socket.OPEN);
  });

  it('cuts off a client that stops answering pings, and keeps one that answers', async () => {
    const engine = createMemoryEngine();
    const { url } = await serve(engine, { pingIntervalMs: 50 });
    const live = await connectClient(url);
    const frozen = await connectClient(url);
    await waitFor(() => engine.listenerCount() === 2, 'two subscriptions');
    pauseReading(frozen);
    await waitFor(() => engine.listenerCount() === 1, 'the frozen client to be cut off');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(engine.listenerCount()).toBe(1);
    expect(live.socket.readyState).toBe(live.socket.OPEN);
  });

  it('skips an event that cannot be JSON, logs it, and sends the next', async () => {
    const engine = createMemoryEngine();
    const { url, logged } = await serve(engine);
    const client = await connectClient(url);
    await waitFor(() => engine.listenerCount() === 1, 'the subscription');
    engine.emit({ type: 'engineError', message: 1n } as unknown as EngineEvent);
    engine.emit({ type: 'engineError', message: 'fine' });
    await waitFor(() => client.received.length === 1, 'the valid event');
    expect(client.received).toEqual([{ type: 'engineError', message: 'fine' }]);
    expect(logged).toEqual(['an engine event of type engineError could not be sent as JSON']);
  });

  it('unsubscribes at once when the engine emits past the cap while subscribing', async () => {
    const engine = createMemoryEngine();
    // An engine that replays a backlog to each new subscriber, synchronously; one replayed event is over the cap by itself.
    const replaying: EngineApi = {
      ...engine,
      subscribe(listener) {
        const unsubscribe = engine.subscribe(listener);
        for (let i = 0; i < 40; i++) listener(logEvent(i, 64 * 1024));
        return unsubscribe;
      },
    };
    const { url } = await serve(replaying, { maxBufferedBytes: 16 * 1024 });
    const client = await connectClient(url);
    const closed = await within(client.closed, 'the close');
    expect(closed.code).toBe(SLOW_CLIENT_CLOSE_CODE);
    expect(engine.listenerCount()).toBe(0);
  });
});
