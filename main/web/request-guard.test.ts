import { describe, expect, it } from 'vitest';
import { pageKey } from './page-cookie.ts';
import { checkRequest, type GuardedRequest } from './request-guard.ts';
import { createToken } from './token.ts';

const PORT = 4321;
const TOKEN = createToken();
const server = { port: PORT, token: TOKEN };

function request(overrides: Partial<GuardedRequest>): GuardedRequest {
  return { method: 'GET', url: '/', host: `127.0.0.1:${PORT}`, origin: undefined, authorization: undefined, cookie: undefined, ...overrides };
}

function refusalOf(overrides: Partial<GuardedRequest>) {
  const verdict = checkRequest(request(overrides), server);
  if (verdict.ok) throw new Error(`expected a refusal, got one admitted by ${verdict.via}`);
  expect(verdict.refusal.message).not.toContain(TOKEN);
  return verdict.refusal;
}

describe('checkRequest: the token', () => {
  it('admits the token from the Authorization header or the query', () => {
    expect(checkRequest(request({ authorization: `Bearer ${TOKEN}` }), server)).toEqual({ ok: true, via: 'header' });
    expect(checkRequest(request({ authorization: `bearer  ${TOKEN} ` }), server)).toEqual({ ok: true, via: 'header' });
    expect(checkRequest(request({ url: `/api/events?token=${TOKEN}` }), server)).toEqual({ ok: true, via: 'query' });
    expect(checkRequest(request({ url: `/?a=1&token=${TOKEN}` }), server)).toEqual({ ok: true, via: 'query' });
  });

  it('refuses a request without a token, saying where to get one', () => {
    expect(refusalOf({})).toMatchObject({ status: 401, error: 'missing_token', message: expect.stringContaining('?token=') });
    expect(refusalOf({ url: '/?token=' })).toMatchObject({ status: 401, error: 'missing_token' });
  });

  it('refuses a wrong token, saying where it was', () => {
    const other = createToken();
    expect(refusalOf({ url: `/?token=${other}` })).toMatchObject({ status: 401, error: 'wrong_token', message: expect.stringContaining('in the URL') });
    expect(refusalOf({ authorization: `Bearer ${other}` })).toMatchObject({ status: 401, error: 'wrong_token', message: expect.stringContaining('Authorization header') });
    expect(refusalOf({ url: `/?token=${TOKEN.slice(0, -1)}` }).error).toBe('wrong_token');
  });

  it('judges a present Authorization header even when the query has the right token', () => {
    expect(refusalOf({ authorization: `Bearer ${createToken()}`, url: `/?token=${TOKEN}` }).error).toBe('wrong_token');
  });

  it('refuses an Authorization header that is not a bearer token', () => {
    for (const authorization of [`Basic ${TOKEN}`, 'Bearer', `Bearer ${TOKEN} extra`, '']) {
      expect(refusalOf({ authorization })).toMatchObject({ status: 401, error: 'bad_authorization', message: 'the Authorization header is not "Bearer <token>"' });
    }
  });

  it('admits the page cookie for static GETs only, never for /api', () => {
    const cookie = `other=1; stackdeck-page-${PORT}=${pageKey(TOKEN)}`;
    expect(checkRequest(request({ url: '/assets/app.js', cookie }), server)).toEqual({ ok: true, via: 'cookie' });
    expect(checkRequest(request({ method: 'HEAD', url: '/', cookie }), server)).toEqual({ ok: true, via: 'cookie' });
    expect(refusalOf({ url: '/api/events', cookie }).error).toBe('missing_token');
    expect(refusalOf({ url: '/api', cookie }).error).toBe('missing_token');
    expect(refusalOf({ method: 'POST', url: '/api/request', cookie }).error).toBe('missing_token');
    expect(refusalOf({ method: 'POST', url: '/upload', cookie }).error).toBe('missing_token');
  });

  it('refuses the token itself, or another run\'s key, as the cookie', () => {
    expect(refusalOf({ url: '/assets/app.js', cookie: `stackdeck-page-${PORT}=${TOKEN}` }).error).toBe('wrong_token');
    expect(refusalOf({ url: '/assets/app.js', cookie: `stackdeck-page-${PORT}=${pageKey(createToken())}` }).message).toContain('page cookie');
    expect(refusalOf({ url: '/assets/app.js', cookie: `stackdeck-page-${PORT + 1}=${pageKey(TOKEN)}` }).error).toBe('missing_token');
  });
});

describe('checkRequest: Host and Origin', () => {
  const withToken = { url: `/?token=${TOKEN}` };

  it('admits both loopback names on this port, in any letter case', () => {
    for (const host of [`127.0.0.1:${PORT}`, `localhost:${PORT}`, `LocalHost:${PORT}`]) {
      expect(checkRequest(request({ ...withToken, host }), server).ok).toBe(true);
    }
  });

  it('refuses any other Host, before looking at the token (DNS rebinding)', () => {
    for (const host of [`evil.example:${PORT}`, `127.0.0.1:${PORT + 1}`, '127.0.0.1', 'localhost', `[::1]:${PORT}`, `127.0.0.1:${PORT}.evil.example`]) {
      expect(refusalOf({ ...withToken, host })).toMatchObject({ status: 403, error: 'forbidden_host', message: expect.stringContaining('DNS-rebinding') });
    }
    expect(refusalOf({ host: `evil.example:${PORT}` }).error).toBe('forbidden_host');
    expect(refusalOf({ ...withToken, host: undefined }).message).toContain('a missing Host header');
  });

  it('quotes only a short, printable part of a foreign Host', () => {
    const message = refusalOf({ host: `evil\u0000\n.example${'x'.repeat(500)}` }).message;
    expect(message).toContain('evil??.example');
    expect(message.length).toBeLessThan(400);
  });

  it('admits our own Origins and refuses every other one', () => {
    for (const origin of [`http://127.0.0.1:${PORT}`, `http://localhost:${PORT}`]) {
      expect(checkRequest(request({ ...withToken, origin }), server).ok).toBe(true);
    }
    for (const origin of ['https://evil.example', `http://127.0.0.1:${PORT + 1}`, `https://127.0.0.1:${PORT}`, 'null', '', `http://127.0.0.1:${PORT}.evil.example`]) {
      expect(refusalOf({ ...withToken, origin })).toMatchObject({ status: 403, error: 'forbidden_origin', message: expect.stringContaining('cross-site') });
    }
  });
});
