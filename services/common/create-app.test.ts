import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, describeIssues } from './create-app.ts';

const SECRET_TEXT = 'password=hunter2 at postgresql://app:hunter2@db/stack';
const BODY_LIMIT = 1_024;

const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

// A real app from createApp with a few routes, listening on 127.0.0.1 port 0; returns its base URL.
async function startApp(): Promise<string> {
  const app = createApp({ service: 'test', logLevel: 'silent', bodyLimit: BODY_LIMIT });
  apps.push(app);
  app.post('/echo', async (request) => ({ got: request.body }));
  app.get('/boom', async () => {
    throw new Error(SECRET_TEXT);
  });
  app.get('/teapot', async () => {
    throw Object.assign(new Error('short and stout'), { statusCode: 418, code: 'I_AM_A_TEAPOT' });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

// Fetches and returns the status and parsed JSON body.
async function call(url: string, init?: RequestInit): Promise<{ status: number; body: Record<string, unknown>; type: string | null }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(5_000) });
  return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
}

// A POST with a JSON content type and the given raw text, valid JSON or not.
const postJson = (text: string): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: text });

describe('createApp', () => {
  it('serves JSON routes', async () => {
    const base = await startApp();
    expect(await call(`${base}/echo`, postJson('{"a":1}'))).toMatchObject({ status: 200, body: { got: { a: 1 } } });
  });

  it('answers an unknown route 404 {error: not_found}, naming the route without its query string', async () => {
    const base = await startApp();
    const answer = await call(`${base}/nowhere?token=abc123`);
    expect(answer.status).toBe(404);
    expect(answer.type).toContain('application/json');
    expect(answer.body).toEqual({ error: 'not_found', message: 'no route GET /nowhere' });
  });

  it('answers malformed JSON 400 {error: invalid_request}', async () => {
    const base = await startApp();
    const answer = await call(`${base}/echo`, postJson('{"a": '));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'invalid_request', message: expect.any(String) });
  });

  it('answers a body over the limit 413 {error: body_too_large}', async () => {
    const base = await startApp();
    const answer = await call(`${base}/echo`, postJson(JSON.stringify({ data: 'x'.repeat(BODY_LIMIT * 2) })));
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ error: 'body_too_large', message: expect.any(String) });
  });

  it('accepts a body just under the limit', async () => {
    const base = await startApp();
    const body = JSON.stringify({ data: 'x'.repeat(BODY_LIMIT - 20) });
    expect(body.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect((await call(`${base}/echo`, postJson(body))).status).toBe(200);
  });

  it('answers a route that throws 500 {error: internal_error} without the error\'s text', async () => {
    const base = await startApp();
    const response = await fetch(`${base}/boom`, { signal: AbortSignal.timeout(5_000) });
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(JSON.parse(text)).toEqual({ error: 'internal_error', message: 'the service failed to handle the request; see its log' });
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('password');
  });

  it('passes a client error\'s own status and code through, lower-cased', async () => {
    const base = await startApp();
    expect(await call(`${base}/teapot`)).toMatchObject({ status: 418, body: { error: 'i_am_a_teapot', message: 'short and stout' } });
  });
});

describe('describeIssues', () => {
  it('joins zod issues into one line, each with its path', () => {
    expect(describeIssues([
      { path: ['agent_name'], message: 'must not be empty' },
      { path: [], message: 'unknown key' },
      { path: ['a', 0, 'b'], message: 'bad' },
    ])).toBe('agent_name: must not be empty; unknown key; a.0.b: bad');
  });
});
