import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import getPort from 'get-port';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthUnreachable, createAuthClient } from './auth-client.ts';

const SERVICE_SECRET = 's'.repeat(48);

interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

type Handler = (request: SeenRequest, response: ServerResponse) => void;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

// A real HTTP server on 127.0.0.1 playing the auth service, recording every request it is sent.
async function fakeAuth(handler: Handler): Promise<{ url: string; requests: SeenRequest[] }> {
  const requests: SeenRequest[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => { body += chunk; });
    request.on('end', () => {
      const seen = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body };
      requests.push(seen);
      handler(seen, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

// Answers with a JSON body and status.
function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

// Verdicts as the real auth service gives them.
const validVerdict = (extra: Record<string, unknown> = {}) => ({ valid: true, user_id: 'u-1', permissions: ['profile:read'], email: 'dev@example.com', ...extra });
const invalidVerdict = { valid: false, user_id: null, permissions: [], reason: 'expired' };

// A client for the fake auth service with the backend's credentials.
const clientFor = (baseUrl: string, extra: { cacheTtlMs?: number; timeoutMs?: number; maxCachedTokens?: number } = {}) =>
  createAuthClient({ baseUrl, serviceId: 'backend', serviceSecret: SERVICE_SECRET, ...extra });

// The rejection of a promise that must reject, for assertions on its type and message.
async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to reject');
}

describe('createAuthClient: validate', () => {
  it('posts the token to /auth/validate with the service id and secret headers', async () => {
    const auth = await fakeAuth((_, response) => json(response, 200, validVerdict()));
    const verdict = await clientFor(auth.url).validate('token-1');
    expect(verdict).toMatchObject({ valid: true, user_id: 'u-1', permissions: ['profile:read'] });
    const [request] = auth.requests;
    expect(request).toMatchObject({ method: 'POST', url: '/auth/validate' });
    expect(request?.headers['x-service-id']).toBe('backend');
    expect(request?.headers['x-service-secret']).toBe(SERVICE_SECRET);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({ token: 'token-1' });
  });

  it('caches a valid verdict: the second call for the same token makes no request', async () => {
    const auth = await fakeAuth((_, response) => json(response, 200, validVerdict()));
    const client = clientFor(auth.url);
    const first = await client.validate('token-1');
    const second = await client.validate('token-1');
    expect(second).toEqual(first);
    expect(auth.requests).toHaveLength(1);

    await client.validate('token-2');
    expect(auth.requests).toHaveLength(2);
  });

  it('does not cache an invalid verdict', async () => {
    const auth = await fakeAuth((_, response) => json(response, 200, invalidVerdict));
    const client = clientFor(auth.url);
    expect(await client.validate('bad')).toMatchObject({ valid: false, reason: 'expired' });
    expect(await client.validate('bad')).toMatchObject({ valid: false });
    expect(auth.requests).toHaveLength(2);
  });

  it('never caches past the token\'s expires_at, however long the cache TTL', async () => {
    const auth = await fakeAuth((_, response) => json(response, 200, validVerdict({ expires_at: new Date(Date.now() + 150).toISOString() })));
    const client = clientFor(auth.url, { cacheTtlMs: 60_000 });
    await client.validate('short-lived');
    await client.validate('short-lived');
    expect(auth.requests).toHaveLength(1);

    await new Promise((resolve) => setTimeout(resolve, 250));
    await client.validate('short-lived');
    expect(auth.requests).toHaveLength(2);
  });

  it('does not cache a verdict whose expires_at has already passed', async () => {
    const auth = await fakeAuth((_, response) => json(response, 200, validVerdict({ expires_at: new Date(Date.now() - 1_000).toISOString() })));
    const client = clientFor(auth.url);
    await client.validate('stale');
    await client.validate('stale');
    expect(auth.requests).toHaveLength(2);
  });

  it('asks again once the cache TTL has passed', async () => {
    const auth = await fakeAuth((_, response) => json(response, 200, validVerdict()));
    const client = clientFor(auth.url, { cacheTtlMs: 100 });
    await client.validate('token');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await client.validate('token');
    expect(auth.requests).toHaveLength(2);
  });

  it('keeps at most maxCachedTokens verdicts, dropping the oldest', async () => {
    const auth = await fakeAuth((_, response) => json(response, 200, validVerdict()));
    const client = clientFor(auth.url, { maxCachedTokens: 2 });
    for (const token of ['a', 'b', 'c']) await client.validate(token);
    await client.validate('c');
    await client.validate('b');
    expect(auth.requests).toHaveLength(3);
    await client.validate('a');
    expect(auth.requests).toHaveLength(4);
  });

  // Regression: a bearer token over auth's 8192-character limit made auth answer 400, which the backend read as
  // "auth unreachable" and answered 503 for a caller's bad input.
  it('takes auth refusing the token itself (400) as an invalid token, not an unreachable auth', async () => {
    const auth = await fakeAuth((_, response) => json(response, 400, { error: 'invalid_request', message: 'token: token is too long' }));
    const client = clientFor(auth.url);
    expect(await client.validate('t'.repeat(9_000))).toEqual({ valid: false, user_id: null, permissions: [], reason: 'malformed' });
    expect(await client.validate('t'.repeat(9_000))).toMatchObject({ valid: false });
    expect(auth.requests).toHaveLength(2);
  });
});

describe('createAuthClient: failures are AuthUnreachable', () => {
  it('when nothing listens on the port', async () => {
    const port = await getPort({ host: '127.0.0.1' });
    const error = await rejectionOf(clientFor(`http://127.0.0.1:${port}`).validate('t'));
    expect(error).toBeInstanceOf(AuthUnreachable);
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('when the auth service does not answer within timeoutMs', async () => {
    const auth = await fakeAuth(() => {});
    const error = await rejectionOf(clientFor(auth.url, { timeoutMs: 200 }).validate('t'));
    expect(error).toBeInstanceOf(AuthUnreachable);
    expect(error.message).toContain('no answer within 200 ms');
  });

  it('when auth refuses our service credentials (401), naming SERVICE_SECRET', async () => {
    const auth = await fakeAuth((_, response) => json(response, 401, { error: 'unauthorized', message: 'bad service credentials' }));
    const error = await rejectionOf(clientFor(auth.url).validate('t'));
    expect(error).toBeInstanceOf(AuthUnreachable);
    expect(error.message).toContain('SERVICE_SECRET');
    expect(error.message).not.toContain(SERVICE_SECRET);
  });

  it('when auth fails (500), naming the status', async () => {
    const auth = await fakeAuth((_, response) => json(response, 500, { error: 'internal_error' }));
    const error = await rejectionOf(clientFor(auth.url).validate('t'));
    expect(error).toBeInstanceOf(AuthUnreachable);
    expect(error.message).toContain('500');
  });

  it.each([
    ['not JSON at all', 'this is not json'],
    ['JSON that is not a verdict', JSON.stringify({ ok: true })],
    ['a verdict with the wrong types', JSON.stringify({ valid: 'yes', user_id: 1, permissions: 'all' })],
  ])('when the answer is malformed: %s', async (_name, body) => {
    const auth = await fakeAuth((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(body);
    });
    const client = clientFor(auth.url);
    const error = await rejectionOf(client.validate('t'));
    expect(error).toBeInstanceOf(AuthUnreachable);
    expect(error.message).toContain('not a verdict');
    await rejectionOf(client.validate('t'));
    expect(auth.requests).toHaveLength(2);
  });
});

describe('createAuthClient: reachability', () => {
  it('reports reachable with a latency when /health answers 200', async () => {
    const auth = await fakeAuth((request, response) => (request.url === '/health' ? json(response, 200, { status: 'ok' }) : json(response, 404, {})));
    const status = await clientFor(auth.url).reachability();
    expect(status).toMatchObject({ configured: true, reachable: true });
    expect(status.latency_ms).toBeGreaterThanOrEqual(0);
    expect(status.error).toBeUndefined();
    expect(auth.requests[0]).toMatchObject({ method: 'GET', url: '/health' });
  });

  it('reports unreachable with the status when /health fails', async () => {
    const auth = await fakeAuth((_, response) => json(response, 503, { status: 'closing' }));
    expect(await clientFor(auth.url).reachability()).toMatchObject({ configured: true, reachable: false, error: 'answered 503' });
  });

  it('reports unreachable with an error, without throwing, when nothing listens', async () => {
    const port = await getPort({ host: '127.0.0.1' });
    const status = await clientFor(`http://127.0.0.1:${port}`).reachability();
    expect(status).toMatchObject({ configured: true, reachable: false });
    expect(status.error).toContain('ECONNREFUSED');
  });
});
