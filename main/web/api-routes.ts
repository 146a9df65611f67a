import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type { EngineApi, EngineResponse } from '../../shared/api/engine-contract.ts';
import { INTERNAL_ERROR_MESSAGE, answerRequest, type ErrorLog } from './answer-request.ts';
import { serveEventsSocket, type EventsSocketOptions } from './events-socket.ts';
import type { ErrorBody } from './http-errors.ts';
import { parseEngineRequest } from './parse-engine-request.ts';

export interface ApiRoutesOptions {
  engine: EngineApi;
  log: ErrorLog;
  events: EventsSocketOptions;
  // Each events socket is added on connect and removed on close, so the server can close them when it stops.
  sockets: Set<WebSocket>;
}

// Why: the engine API over HTTP: one POST for every command and query, one WebSocket pushing every event.
export function registerApiRoutes(app: FastifyInstance, options: ApiRoutesOptions): void {
  app.post('/api/request', async (request, reply) => {
    const parsed = parseEngineRequest(request.body);
    if (!parsed.ok) return reply.status(400).send({ error: 'invalid_request', message: parsed.message } satisfies ErrorBody);
    const response = await answerRequest(options.engine, parsed.request, options.log);
    return reply.type('application/json; charset=utf-8').send(serialize(response, options.log));
  });

  app.route({
    method: 'GET',
    url: '/api/events',
    handler: (_request, reply) => reply.status(426).header('upgrade', 'websocket')
      .send({ error: 'upgrade_required', message: '/api/events is a WebSocket: connect with ws://' } satisfies ErrorBody),
    wsHandler: (socket) => {
      options.sockets.add(socket);
      socket.on('close', () => options.sockets.delete(socket));
      serveEventsSocket(socket, options.engine, options.events);
    },
  });
}

// A result the engine cannot give as JSON (a cycle, a BigInt) is the engine's bug: the caller still gets an answer.
function serialize(response: EngineResponse, log: ErrorLog): string {
  try {
    return JSON.stringify(response);
  } catch (error) {
    log(`the answer to request ${response.id} could not be sent as JSON`, error);
    return JSON.stringify({ id: response.id, ok: false, error: { code: 'internal', message: INTERNAL_ERROR_MESSAGE } } satisfies EngineResponse);
  }
}
