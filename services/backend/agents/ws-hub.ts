import type { WebSocket } from 'ws';
import type { AgentEvent } from '../../../shared/api/agent-events.ts';

export interface HubOptions {
  // Unsent bytes one client may hold before it is dropped: a slow client must not grow our memory.
  maxBufferedBytes?: number;
  pingIntervalMs: number;
  // Pings in a row a client may leave unanswered before it counts as a silent failure and is dropped (1 when unset).
  silentFailureThreshold?: number;
}

export const SLOW_CLIENT_CLOSE_CODE = 1013;

// Why: many QA dashboards watch at once; each gets every event, and a client that cannot keep up is closed with a reason.
export function createEventHub(options: HubOptions) {
  const clients = new Map<WebSocket, { alive: boolean; missed: number }>();
  const maxBuffered = options.maxBufferedBytes ?? 256 * 1024;
  const threshold = options.silentFailureThreshold ?? 1;
  let silentFailures = 0;
  const pinger = setInterval(() => {
    for (const [socket, state] of clients) {
      if (!state.alive && ++state.missed >= threshold) {
        silentFailures++;
        clients.delete(socket);
        socket.terminate();
        continue;
      }
      state.alive = false;
      socket.ping();
    }
  }, options.pingIntervalMs);
  pinger.unref();

  const drop = (socket: WebSocket, reason: string) => {
    clients.delete(socket);
    socket.close(SLOW_CLIENT_CLOSE_CODE, reason);
    // A client too slow to read its events is too slow to finish a close handshake.
    setTimeout(() => socket.terminate(), 1_000).unref();
  };

  return {
    add(socket: WebSocket): void {
      const state = { alive: true, missed: 0 };
      clients.set(socket, state);
      socket.on('pong', () => {
        state.alive = true;
        state.missed = 0;
      });
      socket.on('close', () => clients.delete(socket));
      socket.on('error', () => clients.delete(socket));
      socket.on('message', () => {
        socket.send(JSON.stringify({ type: 'error', message: 'this socket only pushes agent events; start runs with POST /api/agents/runs' }));
      });
    },
    broadcast(event: AgentEvent): void {
      const data = JSON.stringify(event);
      for (const socket of clients.keys()) {
        if (socket.readyState !== socket.OPEN) continue;
        if (socket.bufferedAmount + Buffer.byteLength(data) > maxBuffered) drop(socket, `too slow: over ${Math.round(maxBuffered / 1024)} KB of events unsent`);
        else socket.send(data);
      }
    },
    count: () => clients.size,
    // Clients dropped for leaving pings unanswered, since the hub started.
    silentFailures: () => silentFailures,
    close(): void {
      clearInterval(pinger);
      for (const socket of clients.keys()) socket.close(1001, 'backend shutting down');
      clients.clear();
    },
  };
}
