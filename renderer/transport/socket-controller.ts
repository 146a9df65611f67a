import { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions } from '../../shared/common/backoff.ts';
import type { ConnectionStatus } from './transport.ts';

export interface SocketControllerOptions {
  // The full ws:// or wss:// URL, token included.
  url: string;
  // Each text message, as received.
  onMessage(data: string): void;
  backoff?: BackoffOptions;
}

export interface SocketController {
  status(): ConnectionStatus;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  close(): void;
}

// Why: the event stream must survive a server restart or a dropped slow client: it reconnects with back-off and says how live it is.
export function createSocketController(options: SocketControllerOptions): SocketController {
  const listeners = new Set<(status: ConnectionStatus) => void>();
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  let status: ConnectionStatus = 'loading';
  let attempt = 0;
  let closed = false;
  let socket: WebSocket | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const setStatus = (next: ConnectionStatus) => {
    if (next === status) return;
    status = next;
    for (const listener of [...listeners]) callSafely(listener, next);
  };

  const connect = () => {
    retry = undefined;
    if (closed) return;
    let current: WebSocket;
    try {
      current = new WebSocket(options.url);
    } catch {
      // A URL the constructor rejects will not get better: stay in back-off rather than throw from a timer.
      scheduleRetry();
      return;
    }
    socket = current;
    current.addEventListener('open', () => {
      if (socket !== current) return;
      attempt = 0;
      setStatus('active');
    });
    current.addEventListener('message', (event) => {
      if (socket === current && typeof event.data === 'string') options.onMessage(event.data);
    });
    // 'error' is always followed by 'close', which is where a retry is planned.
    current.addEventListener('close', () => {
      if (socket !== current) return;
      socket = undefined;
      if (closed) return;
      setStatus('reconnecting');
      scheduleRetry();
    });
  };

  const scheduleRetry = () => {
    if (closed) return;
    retry = setTimeout(connect, backoffDelay(attempt++, backoff));
  };

  connect();
  return {
    status: () => status,
    onStatus(listener) {
      listeners.add(listener);
      callSafely(listener, status);
      return () => { listeners.delete(listener); };
    },
    close() {
      if (closed) return;
      closed = true;
      if (retry !== undefined) clearTimeout(retry);
      const current = socket;
      socket = undefined;
      listeners.clear();
      current?.close(1000, 'the dashboard closed its transport');
    },
  };
}

// One listener's exception must not stop the others, nor the socket.
function callSafely<T>(listener: (value: T) => void, value: T): void {
  try {
    listener(value);
  } catch (error) {
    console.error('a connection-status listener failed', error);
  }
}
