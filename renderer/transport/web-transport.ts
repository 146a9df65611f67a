import { EngineError, type EngineCommand, type EngineErrorBody, type EngineEvent, type EngineQuery } from '../../shared/api/engine-contract.ts';
import type { BackoffOptions } from '../../shared/common/backoff.ts';
import { contractMethods, decodeEvent, dispatch, resultOf } from '../../shared/api/contract-decoding.ts';
import { createSocketController } from './socket-controller.ts';
import type { Transport } from './transport.ts';

export interface WebTransportOptions {
  // Where `stackdeck ui` serves, e.g. `location.origin` or http://127.0.0.1:PORT.
  baseUrl: string;
  // The token from the page URL.
  token: string;
  backoff?: BackoffOptions;
}

// Why: in browser mode the renderer reaches the engine over HTTP (requests) and a WebSocket (events), and trusts nothing it has not validated.
export function createWebTransport(options: WebTransportOptions): Transport {
  const eventListeners = new Set<(event: EngineEvent) => void>();
  const inFlight = new AbortController();
  const idPrefix = Math.random().toString(36).slice(2, 8);
  let nextId = 0;
  let closed = false;

  const eventsUrl = new URL('/api/events', options.baseUrl);
  eventsUrl.protocol = eventsUrl.protocol === 'https:' ? 'wss:' : 'ws:';
  eventsUrl.searchParams.set('token', options.token);
  const socket = createSocketController({
    url: eventsUrl.href,
    backoff: options.backoff,
    onMessage: (data) => dispatch(eventListeners, parseEvent(data)),
  });

  const send = async (kind: 'command' | 'query', body: EngineCommand | EngineQuery): Promise<unknown> => {
    if (closed) throw new EngineError('unavailable', 'the transport is closed');
    const id = `${idPrefix}-${++nextId}`;
    let response: Response;
    try {
      response = await fetch(new URL('/api/request', options.baseUrl), {
        method: 'POST',
        headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id, kind, body }),
        signal: inFlight.signal,
      });
    } catch (error) {
      throw new EngineError('unavailable', closed ? 'the transport is closed' : `the Stackdeck server cannot be reached: ${describe(error)}`);
    }
    let payload: unknown;
    try {
      payload = await response.json();
    } catch {
      throw new EngineError(codeForStatus(response.status), `the server answered HTTP ${response.status} with a body that is not JSON`);
    }
    if (!response.ok) throw new EngineError(codeForStatus(response.status), `HTTP ${response.status}: ${refusalMessage(payload)}`);
    return resultOf(payload, id, 'the server');
  };

  return {
    ...contractMethods(send),
    subscribe(listener) {
      eventListeners.add(listener);
      return () => { eventListeners.delete(listener); };
    },
    onStatus: (listener) => socket.onStatus(listener),
    close() {
      if (closed) return;
      closed = true;
      eventListeners.clear();
      inFlight.abort();
      socket.close();
    },
  };
}

// An event this page cannot read is shown, not dropped: it means the server and the page disagree on the contract.
function parseEvent(data: string): EngineEvent {
  try {
    return decodeEvent(JSON.parse(data), 'the server');
  } catch {
    return { type: 'engineError', message: 'the server sent an event that is not JSON' };
  }
}

function codeForStatus(status: number): EngineErrorBody['code'] {
  if (status === 400 || status === 413 || status === 415) return 'invalid_request';
  if (status === 401 || status === 403 || status === 503) return 'unavailable';
  return 'internal';
}

function refusalMessage(payload: unknown): string {
  if (payload !== null && typeof payload === 'object' && 'message' in payload && typeof payload.message === 'string') return payload.message;
  return 'the request was refused';
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
