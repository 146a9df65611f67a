import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { AgentEvent } from '../../../shared/api/agent-events.ts';
import { SLOW_CLIENT_CLOSE_CODE, createEventHub } from './ws-hub.ts';

const WAIT_LIMIT_MS = 5_000;

type Hub = ReturnType<typeof createEventHub>;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// A real ws server on 127.0.0.1 whose every connection joins the hub, as the backend's /ws route does.
async function startHub(pingIntervalMs = 60_000, silentFailureThreshold?: number): Promise<{ hub: Hub; url: string }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const hub = createEventHub({ pingIntervalMs, silentFailureThreshold });
  wss.on('connection', (socket) => hub.add(socket));
  cleanups.push(async () => {
    hub.close();
    for (const socket of wss.clients) socket.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  });
  return { hub, url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}` };
}

interface Client {
  socket: WebSocket;
  received: unknown[];
  closed: Promise<{ code: number; reason: string }>;
}

// An open client that parses and keeps every message, closed after the test.
async function connect(url: string): Promise<Client> {
  const socket = new WebSocket(url);
  const received: unknown[] = [];
  socket.on('message', (data) => received.push(JSON.parse(String(data))));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  socket.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  cleanups.push(() => socket.terminate());
  return { socket, received, closed };
}

// Polls until the condition holds, failing with a description after a bounded wait.
async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${WAIT_LIMIT_MS} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

// Fails a promise that has not settled within the bound instead of hanging the test.
function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${WAIT_LIMIT_MS} ms waiting for ${what}`)), WAIT_LIMIT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// A valid agent event of about `bytes` bytes once serialised.
function event(index: number, bytes = 200): AgentEvent {
  return {
    type: 'agent_failed',
    run_id: `exec_${index}`,
    agent_name: 'flood_agent',
    timestamp: new Date(0).toISOString(),
    last_heartbeat_at: null,
    payload: { status: 'failed', error: 'x'.repeat(bytes) },
  };
}

// The client's own TCP socket: pausing it stops the client reading, as a frozen browser tab would.
const rawSocketOf = (client: Client) => (client.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;

describe('createEventHub', () => {
  it('sends every broadcast event to every client', async () => {
    const { hub, url } = await startHub();
    const clients = await Promise.all([connect(url), connect(url), connect(url)]);
    expect(hub.count()).toBe(3);

    const sent = [event(1), event(2), event(3)];
    for (const one of sent) hub.broadcast(one);
    await waitFor(() => clients.every((client) => client.received.length === sent.length), 'every client to get every event');
    for (const client of clients) expect(client.received).toEqual(sent);
  });

  it('closes a client that stops reading with 1013 "too slow", while a healthy client keeps receiving', async () => {
    const { hub, url } = await startHub();
    const healthy = await connect(url);
    const stalled = await connect(url);
    rawSocketOf(stalled).pause();

    let sent = 0;
    const limit = 6_000;
    while (hub.count() === 2 && sent < limit) {
      // Batches with a pause between them: the healthy client reads in the gaps, the stalled one never does.
      for (let i = 0; i < 16; i++) hub.broadcast(event(sent++, 8 * 1024));
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(hub.count()).toBe(1);
    expect(sent).toBeLessThan(limit);

    rawSocketOf(stalled).resume();
    const closed = await within(stalled.closed, 'the stalled client to be closed');
    expect(closed.code).toBe(SLOW_CLIENT_CLOSE_CODE);
    expect(closed.code).toBe(1013);
    expect(closed.reason).toContain('too slow');
    expect(stalled.received.length).toBeLessThan(sent);

    await waitFor(() => healthy.received.length === sent, 'the healthy client to receive every event');
    hub.broadcast(event(-1));
    await waitFor(() => healthy.received.length === sent + 1, 'the healthy client to receive an event after the drop');
    expect(healthy.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('closes every client with 1001 on close()', async () => {
    const { hub, url } = await startHub();
    const clients = await Promise.all([connect(url), connect(url)]);
    hub.close();
    const closes = await within(Promise.all(clients.map((client) => client.closed)), 'both clients to be closed');
    for (const closed of closes) expect(closed).toEqual({ code: 1001, reason: 'backend shutting down' });
    expect(hub.count()).toBe(0);
  });

  it('answers a message from a client with an error, since the socket only pushes', async () => {
    const { url } = await startHub();
    const client = await connect(url);
    client.socket.send(JSON.stringify({ type: 'start', scenario: 'normal' }));
    await waitFor(() => client.received.length === 1, 'a reply');
    expect(client.received[0]).toMatchObject({ type: 'error', message: expect.stringContaining('POST /api/agents/runs') });
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('terminates a client that stops answering pings and keeps one that answers', async () => {
    const { hub, url } = await startHub(100);
    const live = await connect(url);
    const frozen = await connect(url);
    rawSocketOf(frozen).pause();
    await waitFor(() => hub.count() === 1, 'the hub to drop the frozen client');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(hub.count()).toBe(1);
    expect(live.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('drops a silent client only after the threshold of unanswered pings (WEBSOCKET_SILENT_FAILURE_THRESHOLD), and counts it', async () => {
    const { hub, url } = await startHub(100, 3);
    const frozen = await connect(url);
    const pausedAt = performance.now();
    rawSocketOf(frozen).pause();
    await waitFor(() => hub.count() === 0, 'the hub to drop the frozen client');
    // Three pings go unanswered, one interval apart, before the fourth tick drops it.
    expect(performance.now() - pausedAt).toBeGreaterThanOrEqual(250);
    expect(hub.silentFailures()).toBe(1);
  });

  it('forgets a client that disconnects', async () => {
    const { hub, url } = await startHub();
    const client = await connect(url);
    expect(hub.count()).toBe(1);
    client.socket.close();
    await waitFor(() => hub.count() === 0, 'the hub to forget the client');
    hub.broadcast(event(1));
  });
});
