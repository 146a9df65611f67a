import type { AddressInfo } from 'node:net';
import fastifyWebsocket from '@fastify/websocket';
import Fastify from 'fastify';
import type { WebSocket } from 'ws';
import type { EngineApi } from '../../shared/api/engine-contract.ts';
import type { ErrorLog } from './answer-request.ts';
import { registerApiRoutes } from './api-routes.ts';
import { DEFAULT_MAX_BUFFERED_BYTES } from './events-socket.ts';
import { describeHttpError, type ErrorBody } from './http-errors.ts';
import { pageCookieHeader } from './page-cookie.ts';
import { registerRendererRoutes } from './renderer-routes.ts';
import { checkRequest } from './request-guard.ts';
import { securityHeaders } from './security-headers.ts';
import { createToken, isStrongToken } from './token.ts';

export const HOST = '127.0.0.1';
export const MAX_BODY_BYTES = 256 * 1024;
const SHUTDOWN_CODE = 1001;
const SHUTDOWN_GRACE_MS = 1_000;

export interface WebServerOptions {
  engine: EngineApi;
  // 0 (the default) takes a free port.
  port?: number;
  // The built renderer (index.html and its assets); without it, `/` says how to build it.
  rendererDir?: string;
  // Reuse a token, so pages opened before a restart keep working; a new random one otherwise.
  token?: string;
  // Unsent event bytes one WebSocket may hold before it is closed with 1013.
  maxBufferedBytes?: number;
  pingIntervalMs?: number;
  // Unexpected failures go here (never to a caller); stderr by default.
  log?: ErrorLog;
}

export interface WebServer {
  // The page to open: http://127.0.0.1:PORT/?token=...
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const logToStderr: ErrorLog = (message, error) => {
  console.error(`stackdeck ui: ${message}:`, error);
};

// Why: browser mode: the engine API and the dashboard on 127.0.0.1 only, every request proving it holds the token and comes from our own page.
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? createToken();
  if (!isStrongToken(token)) throw new Error('the token must be at least 43 characters of base64url (32 random bytes)');
  const log = options.log ?? logToStderr;
  const sockets = new Set<WebSocket>();
  // Known once listening; no request arrives before.
  let port = 0;

  const app = Fastify({
    // No request logging: URLs carry the token. Failures go to `log`.
    logger: false,
    bodyLimit: MAX_BODY_BYTES,
    forceCloseConnections: true,
    return503OnClosing: true,
  });
  // JSON only: a cross-site form or a "simple" text/plain fetch cannot reach the engine even before the Origin check.
  app.removeContentTypeParser(['text/plain']);
  // Registered before the guard: its own onRequest hook must mark upgrade requests first, so that a refused one is cleaned up.
  await app.register(fastifyWebsocket, {
    // Nothing is accepted from the browser on this socket: a small limit is plenty to answer "use POST".
    options: { maxPayload: 64 * 1024 },
    preClose: async () => {
      await closeSockets(sockets);
      app.websocketServer.close();
    },
  });

  app.addHook('onRequest', async (request, reply) => {
    const verdict = checkRequest({
      method: request.method,
      url: request.url,
      host: request.headers.host,
      origin: request.headers.origin,
      authorization: request.headers.authorization,
      cookie: request.headers.cookie,
    }, { port, token });
    if (!verdict.ok) {
      // A refused WebSocket upgrade gets its HTTP answer, then loses its connection: it cannot be reused.
      if (request.headers.upgrade !== undefined) reply.raw.once('finish', () => request.raw.socket.destroy());
      if (verdict.refusal.status === 401) void reply.header('www-authenticate', 'Bearer realm="stackdeck"');
      return reply.status(verdict.refusal.status).send({ error: verdict.refusal.error, message: verdict.refusal.message } satisfies ErrorBody);
    }
    // A page opened with ?token= gets the cookie its <script> and <link> requests will carry.
    if (verdict.via === 'query' && request.method === 'GET' && !request.url.startsWith('/api/')) {
      void reply.header('set-cookie', pageCookieHeader(port, token));
    }
  });

  app.addHook('onSend', async (_request, reply, payload) => {
    const isHtml = String(reply.getHeader('content-type') ?? '').startsWith('text/html');
    void reply.headers(securityHeaders(port, isHtml));
    return payload;
  });

  app.setErrorHandler((error: { statusCode?: number; code?: string; message?: string }, request, reply) => {
    const failure = describeHttpError(error, MAX_BODY_BYTES);
    if (failure.internal) log(`${request.method} ${request.url.split('?')[0]} failed`, error);
    void reply.status(failure.status).send(failure.body);
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ error: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } satisfies ErrorBody);
  });

  registerApiRoutes(app, {
    engine: options.engine,
    log,
    sockets,
    events: {
      maxBufferedBytes: options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES,
      pingIntervalMs: options.pingIntervalMs ?? 30_000,
      log,
    },
  });
  await registerRendererRoutes(app, options.rendererDir);

  await app.listen({ host: HOST, port: options.port ?? 0 });
  port = (app.server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${HOST}:${port}/?token=${token}`,
    port,
    token,
    close: () => (closing ??= app.close()),
  };
}

// Open pages are told the server is going (1001) and cut off if they do not answer in time.
async function closeSockets(sockets: Set<WebSocket>): Promise<void> {
  const closed = [...sockets].map((socket) => new Promise<void>((resolve) => {
    if (socket.readyState === socket.CLOSED) {
      resolve();
      return;
    }
    const timer = setTimeout(() => {
      socket.terminate();
      resolve();
    }, SHUTDOWN_GRACE_MS);
    timer.unref();
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.close(SHUTDOWN_CODE, 'the Stackdeck server is shutting down');
  }));
  await Promise.all(closed);
}
