import WebSocket from 'ws';
import { AgentEventSchema, type AgentEvent } from '../../shared/api/agent-events.ts';

export interface EventSocket {
  events: AgentEvent[];
  socket: WebSocket;
  closed: Promise<{ code: number; reason: string }>;
  waitFor: (match: (event: AgentEvent) => boolean, timeoutMs?: number) => Promise<AgentEvent>;
}

// A real client of the backend's /ws: every message is checked against the event schema as it arrives.
export async function openEventSocket(backendUrl: string, token: string): Promise<EventSocket> {
  const socket = new WebSocket(`${backendUrl.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(token)}`);
  const events: AgentEvent[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    events.push(AgentEventSchema.parse(JSON.parse(String(data))));
    for (const wake of waiters) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) => reject(new Error(`websocket refused with ${response.statusCode}`)));
  });
  const waitFor = (match: (event: AgentEvent) => boolean, timeoutMs = 10_000) => new Promise<AgentEvent>((resolve, reject) => {
    const check = () => {
      const found = events.find(match);
      if (found) {
        clearTimeout(timer);
        waiters.delete(check);
        resolve(found);
      }
    };
    const timer = setTimeout(() => {
      waiters.delete(check);
      reject(new Error(`no matching event within ${timeoutMs} ms; got ${events.map((event) => event.type).join(', ')}`));
    }, timeoutMs);
    waiters.add(check);
    check();
  });
  return { events, socket, closed, waitFor };
}
