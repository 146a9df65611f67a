import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { SERVICE_SECRET_HEADER } from './service-credentials.ts';

export interface CreateAppOptions {
  service: string;
  logLevel: string;
  bodyLimit?: number;
}

// Every answer is JSON with `error` and `message`, so a caller (or QA) always learns what was wrong.
export interface ErrorBody {
  error: string;
  message: string;
}

// Why: both services share logging (pino JSON lines: level, time, msg), limits and error shapes.
export function createApp(options: CreateAppOptions): FastifyInstance {
  const app = Fastify({
    logger: {
      level: options.logLevel,
      base: { service: options.service },
      redact: { paths: ['req.headers.authorization', `req.headers["${SERVICE_SECRET_HEADER}"]`], censor: '***' },
    },
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    // Without this, a slow client would hold a connection past shutdown.
    forceCloseConnections: true,
    return503OnClosing: true,
    // The launcher polls /health every second: requests are logged at debug, failures at warn, in onResponse below.
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.addHook('onResponse', async (request, reply) => {
    const fields = { method: request.method, url: request.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    if (reply.statusCode >= 500) request.log.warn(fields, 'request failed');
    else request.log.debug(fields, 'request');
  });
  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    const body: ErrorBody = {
      error: status === 413 ? 'body_too_large' : status === 400 ? 'invalid_request' : status >= 500 ? 'internal_error' : (error.code ?? 'error').toLowerCase(),
      message: status >= 500 ? 'the service failed to handle the request; see its log' : error.message,
    };
    void reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ error: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } satisfies ErrorBody);
  });
  return app;
}

// Zod issues as one line a client can act on: `agent_name: must not be empty`.
export function describeIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues.map((issue) => (issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message)).join('; ');
}
