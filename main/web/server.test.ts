import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { within } from './testing/bounded-wait.ts';
import { createMemoryEngine } from './testing/memory-engine.ts';
import { rawRequest } from './testing/raw-http.ts';
import { startTestServer } from './testing/test-server.ts';
import { connectClient, upgradeRefusal } from './testing/ws-client.ts';
import { startWebServer } from './server.ts';
import { createToken } from './token.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const STACK_STATE = JSON.stringify({ id: 'r1', kind: 'query', body: { type: 'stackState' } });

// A POST of a valid request with the given extra headers and URL query.
function postRequest(base: string, init: { headers?: Record<string, string>; query?: string } = {}) {
  return fetch(`${base}/api/request${init.query ?? ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: STACK_STATE,
  });
}

// The local addresses the kernel has this port listening on (/proc/net/tcp*): proof of the bind without sending anything.
function listeningAddresses(port: number): string[] {
  const addresses: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state !== '0A' || !local) continue;
      const [hexAddress, hexPort] = local.split(':');
      if (Number.parseInt(hexPort ?? '', 16) === port) addresses.push(hexAddress ?? '');
    }
  }
  return addresses;
}

// Resolves with the connection error code, or 'connected'.
function tryConnect(host: string, port: number): Promise<string> {
  return within(new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  }), `a TCP connection to ${host}:${port}`);
}

describe('startWebServer: address and token', () => {
  it('listens on 127.0.0.1 on a free port and gives the page URL with a fresh token', async () => {
    const { server } = await startTestServer(cleanups);
    const other = await startTestServer(cleanups);
    expect(server.port).toBeGreaterThan(0);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(other.server.token).not.toBe(server.token);
    expect(other.server.port).not.toBe(server.port);
  });

  // Checked in the kernel's own socket table: no packet is sent to any non-loopback address.
  it.skipIf(process.platform !== 'linux')('listens on 127.0.0.1 only', async () => {
    const { server } = await startTestServer(cleanups);
    expect(await tryConnect('127.0.0.1', server.port)).toBe('connected');
    expect(listeningAddresses(server.port)).toEqual(['0100007F']);
  });

  it('refuses a weak token, and reuses a strong one it is given', async () => {
    await expect(startWebServer({ engine: createMemoryEngine(), token: 'short' })).rejects.toThrow(/at least 43 characters/);
    const token = createToken();
    const { server } = await startTestServer(cleanups, { token });
    expect(server.token).toBe(token);
  });

  it('fails to start, saying so, when the port is taken', async () => {
    const { server } = await startTestServer(cleanups);
    await expect(startWebServer({ engine: createMemoryEngine(), port: server.port })).rejects.toThrow(/EADDRINUSE/);
  });
});

describe('startWebServer: every request proves it holds the token', () => {
  it('answers with the token in the Authorization header or in the query', async () => {
    const { base, server } = await startTestServer(cleanups);
    const byHeader = await postRequest(base, { headers: { authorization: `Bearer ${server.token}` } });
    expect(byHeader.status).toBe(200);
    expect(await byHeader.json()).toMatchObject({ id: 'r1', ok: true, result: { profile: 'development' } });
    const byQuery = await postRequest(base, { query: `?token=${server.token}` });
    expect(byQuery.status).toBe(200);
    expect(await byQuery.json()).toMatchObject({ id: 'r1', ok: true });
  });

  it('refuses a request without a token with 401, saying what to do, and never echoing the token', async () => {
    const { base, server, engine } = await startTestServer(cleanups);
    for (const response of [await postRequest(base), await fetch(`${base}/`), await fetch(`${base}/api/events`)]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="stackdeck"');
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ error: 'missing_token', message: expect.stringContaining('?token=') });
      expect(text).not.toContain(server.token);
    }
    expect(engine.listenerCount()).toBe(0);
  });

  it('refuses a wrong token in the header or the query with 401', async () => {
    const { base, server } = await startTestServer(cleanups);
    const wrong = createToken();
    const responses = [
      await postRequest(base, { headers: { authorization: `Bearer ${wrong}` } }),
      await postRequest(base, { query: `?token=${wrong}` }),
      await postRequest(base, { headers: { authorization: `Bearer ${server.token.slice(0, -1)}` } }),
      await postRequest(base, { headers: { authorization: `Basic ${server.token}` } }),
    ];
    const bodies = await Promise.all(responses.map((response) => response.text()));
    expect(responses.map((response) => response.status)).toEqual([401, 401, 401, 401]);
    expect(bodies.map((body) => JSON.parse(body).error)).toEqual(['wrong_token', 'wrong_token', 'wrong_token', 'bad_authorization']);
    for (const body of bodies) expect(body).not.toContain(server.token);
  });

  it('refuses a foreign Host even with the right token (DNS rebinding), and admits localhost:PORT', async () => {
    const { server } = await startTestServer(cleanups);
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${server.token}` };
    const evil = await rawRequest({ port: server.port, path: '/api/request', method: 'POST', body: STACK_STATE, headers: { ...headers, host: `evil.example:${server.port}` } });
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.text)).toEqual({ error: 'forbidden_host', message: expect.stringContaining(`"evil.example:${server.port}" is not 127.0.0.1:${server.port} or localhost:${server.port}`) });
    const page = await rawRequest({ port: server.port, path: `/?token=${server.token}`, headers: { host: `evil.example:${server.port}` } });
    expect(page.status).toBe(403);
    expect(page.text).not.toContain('<html');
    const local = await rawRequest({ port: server.port, path: '/api/request', method: 'POST', body: STACK_STATE, headers: { ...headers, host: `localhost:${server.port}` } });
    expect(local.status).toBe(200);
  });

  it('refuses a foreign Origin on HTTP with 403, and admits our own', async () => {
    const { base, server } = await startTestServer(cleanups);
    const authorization = `Bearer ${server.token}`;
    const foreign = await postRequest(base, { headers: { authorization, origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toEqual({ error: 'forbidden_origin', message: expect.stringContaining('"https://evil.example"') });
    const otherPort = await postRequest(base, { headers: { authorization, origin: `http://127.0.0.1:${server.port + 1}` } });
    expect(otherPort.status).toBe(403);
    for (const origin of [`http://127.0.0.1:${server.port}`, `http://localhost:${server.port}`]) {
      expect((await postRequest(base, { headers: { authorization, origin } })).status).toBe(200);
    }
  });

  it('refuses a WebSocket upgrade without the token, with a wrong one, from a foreign Origin or to a foreign Host', async () => {
    const { server, eventsUrl, engine } = await startTestServer(cleanups);
    const bare = `ws://127.0.0.1:${server.port}/api/events`;
    expect(await upgradeRefusal(bare)).toMatchObject({ status: 401, body: { error: 'missing_token' } });
    expect(await upgradeRefusal(`${bare}?token=${createToken()}`)).toMatchObject({ status: 401, body: { error: 'wrong_token' } });
    expect(await upgradeRefusal(eventsUrl, { origin: 'https://evil.example' })).toMatchObject({ status: 403, body: { error: 'forbidden_origin' } });
    expect(await upgradeRefusal(eventsUrl, { headers: { host: `evil.example:${server.port}` } })).toMatchObject({ status: 403, body: { error: 'forbidden_host' } });
    expect(engine.listenerCount()).toBe(0);

    const client = await connectClient(eventsUrl, { origin: `http://localhost:${server.port}` });
    expect(engine.listenerCount()).toBe(1);
    client.socket.terminate();
  });

  it('answers an unknown route with a JSON 404 that does not echo the query', async () => {
    const { base, server } = await startTestServer(cleanups);
    const response = await fetch(`${base}/api/nothing?token=${server.token}`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'not_found', message: 'no route GET /api/nothing' });
  });
});

describe('startWebServer: pages', () => {
  it('serves the page with a strict CSP, nosniff, no-referrer, no-store, and the page cookie', async () => {
    const { base, server } = await startTestServer(cleanups);
    const response = await fetch(`${base}/?token=${server.token}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toBe(
      `default-src 'self'; connect-src 'self' ws://127.0.0.1:${server.port} ws://localhost:${server.port}; script-src 'self'; ` +
      "style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('set-cookie')).toMatch(new RegExp(`^stackdeck-page-${server.port}=[\\w-]+; Path=/; HttpOnly; SameSite=Strict$`));
    expect(response.headers.get('set-cookie')).not.toContain(server.token);
    expect(await response.text()).toContain('dashboard is not built');
  });

  it('gives JSON answers nosniff and no-referrer too', async () => {
    const { base, server } = await startTestServer(cleanups);
    const response = await postRequest(base, { headers: { authorization: `Bearer ${server.token}` } });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('set-cookie')).toBeNull();
  });
});

describe('startWebServer: close()', () => {
  it('tells open event sockets it is going (1001), unsubscribes them, and frees the port', async () => {
    const { server, eventsUrl, engine } = await startTestServer(cleanups);
    const clients = await Promise.all([connectClient(eventsUrl), connectClient(eventsUrl)]);
    expect(engine.listenerCount()).toBe(2);
    await within(server.close(), 'the server to close');
    const closes = await within(Promise.all(clients.map((client) => client.closed)), 'both sockets to be closed');
    for (const closed of closes) expect(closed).toEqual({ code: 1001, reason: 'the Stackdeck server is shutting down' });
    expect(engine.listenerCount()).toBe(0);
    expect(await tryConnect('127.0.0.1', server.port)).toBe('ECONNREFUSED');
    await within(server.close(), 'a second close to be a no-op');
  });

  it('can start again on the same port with the same token, for pages opened before', async () => {
    const first = await startTestServer(cleanups);
    const { port, token } = first.server;
    await first.server.close();
    const second = await startTestServer(cleanups, { port, token });
    expect(second.server.url).toBe(first.server.url);
    expect((await postRequest(second.base, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });
});
