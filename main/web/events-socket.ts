import type { WebSocket } from 'ws';
import type { EngineApi, EngineEvent } from '../../shared/api/engine-contract.ts';
import type { ErrorLog } from './answer-request.ts';

export const SLOW_CLIENT_CLOSE_CODE = 1013;
export const DEFAULT_MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export interface EventsSocketOptions {
  // Unsent bytes one client may hold before it is dropped: a frozen tab must not grow the launcher's memory.
  maxBufferedBytes: number;
  // How often a silent peer is pinged; one that misses a whole interval is cut off.
  pingIntervalMs: number;
  log: ErrorLog;
}

export const REFUSED_MESSAGE = {
  error: 'not_accepted',
  message: 'this socket only pushes engine events; send commands and queries with POST /api/request',
} as const;

// Why: each browser tab gets every engine event for as long as its socket lives, and a tab that cannot keep up is cut off with a reason.
export function serveEventsSocket(socket: WebSocket, engine: EngineApi, options: EventsSocketOptions): void {
  let alive = true;
  let stopped = false;
  let unsubscribe: (() => void) | undefined;
  const stop = () => {
    stopped = true;
    clearInterval(pinger);
    unsubscribe?.();
    unsubscribe = undefined;
  };
  const pinger = setInterval(() => {
    if (!alive) {
      stop();
      socket.terminate();
      return;
    }
    alive = false;
    socket.ping();
  }, options.pingIntervalMs);
  pinger.unref();

  socket.on('pong', () => { alive = true; });
  socket.on('close', stop);
  socket.on('error', stop);
  socket.on('message', () => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(REFUSED_MESSAGE));
  });

  const push = (event: EngineEvent) => {
    if (stopped || socket.readyState !== socket.OPEN) return;
    let data: string;
    try {
      data = JSON.stringify(event);
    } catch (error) {
      options.log(`an engine event of type ${String(event.type)} could not be sent as JSON`, error);
      return;
    }
    if (socket.bufferedAmount + Buffer.byteLength(data) > options.maxBufferedBytes) {
      stop();
      socket.close(SLOW_CLIENT_CLOSE_CODE, `too slow: over ${formatBytes(options.maxBufferedBytes)} of events unsent; reconnect`);
      // A client too slow to read its events is too slow to finish a close handshake.
      setTimeout(() => socket.terminate(), 1_000).unref();
      return;
    }
    socket.send(data);
  };
  try {
    unsubscribe = engine.subscribe(push);
  } catch (error) {
    options.log('subscribing a WebSocket to engine events failed', error);
    stop();
    socket.close(1011, 'the engine could not subscribe this socket to its events');
    return;
  }
  // The socket may have been dropped, or gone, while the engine subscribed it.
  if (stopped || socket.readyState !== socket.OPEN) stop();
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MiB` : `${Math.round(bytes / 1024)} KiB`;
}
