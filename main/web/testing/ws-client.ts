import type { ClientOptions } from 'ws';
import { WebSocket } from 'ws';
import { within } from './bounded-wait.ts';

export interface TestClient {
  socket: WebSocket;
  received: unknown[];
  closed: Promise<{ code: number; reason: string }>;
}

// Why: tests need an open client that keeps every message it gets and can be paused like a frozen tab; `ws` allows both.
export async function connectClient(url: string, options: ClientOptions = {}): Promise<TestClient> {
  const socket = new WebSocket(url, options);
  const received: unknown[] = [];
  socket.on('message', (data) => received.push(JSON.parse(String(data))));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  socket.on('error', () => {});
  await within(new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  }), `a WebSocket connection to ${url.split('?')[0]}`);
  return { socket, received, closed };
}

// Why: a refused upgrade is an HTTP answer; tests read its status and JSON body as the browser's network panel would.
export async function upgradeRefusal(url: string, options: ClientOptions = {}): Promise<{ status: number; body: unknown }> {
  const socket = new WebSocket(url, options);
  socket.on('error', () => {});
  return within(new Promise((resolve, reject) => {
    socket.once('open', () => {
      socket.terminate();
      reject(new Error('the upgrade was accepted'));
    });
    socket.once('unexpected-response', (_request, response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => { text += chunk.toString(); });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
    });
  }), `the upgrade to ${url.split('?')[0]} to be answered`);
}

// Why: pausing the client's TCP socket stops it reading, exactly as a frozen browser tab would.
export function pauseReading(client: TestClient): { resume(): void } {
  const raw = (client.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
  raw.pause();
  return { resume: () => raw.resume() };
}
