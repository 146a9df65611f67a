import type { WebSocket } from 'ws';
import type { AgentEvent } from '../../../shared/api/agent-events.ts';

export interface HubOptions {
  // Unsent bytes one client may hold before it is dropped: a slow client must not grow our memory.
  maxBufferedBytes?: number;
  pingIntervalMs: number;
}

export const SLOW_CLIENT_CLOSE_CODE = 1013;

// Why: many QA dashboards watch at once; each gets every event, and a client that cannot keep up is closed with a reason.
export function createEventHub(options: HubOptions) {
  const clients = new Map<WebSocket, { alive: boolean }>();
  const maxBuffered = options.maxBufferedBytes ?? 256 * 1024;
  const pinger = setInterval(() => {
    for (const [socket, state] of clients) {
      if (!state.alive) {
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
      const state = { alive: true };
      clients.set(socket, state);
      socket.on('pong', () => { state.alive = true; });
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
    close(): void {
      clearInterval(pinger);
      for (const socket of clients.keys()) socket.close(1001, 'backend shutting down');
      clients.clear();
    },
  };
}
