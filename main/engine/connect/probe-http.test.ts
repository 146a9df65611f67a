import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { httpProbe } from './probe-http.ts';
import { probeTcp } from './probe-tcp.ts';
import { runConnectChecks } from './run-connect-checks.ts';
import { closedPort, everythingSaid, planOf, silentServer } from './testing/connect-fixtures.ts';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise<void>((resolve) => server.close(() => resolve()));
});

// A real HTTP server answering as told, recording what it was asked.
async function httpServer(answer: (request: IncomingMessage) => { status: number; body: string }): Promise<{ port: number; requests: IncomingMessage[] }> {
  const requests: IncomingMessage[] = [];
  const server = createServer((request, response) => {
    requests.push(request);
    const { status, body } = answer(request);
    response.writeHead(status, { 'content-type': 'text/plain' }).end(body);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, requests };
}

// ClickHouse's HTTP interface as documented: GET /ping answers 200 "Ok.\n"; credentials by HTTP basic auth.
const clickhouseLike = (request: IncomingMessage) => (request.url === '/ping' ? { status: 200, body: 'Ok.\n' } : { status: 404, body: 'There is no handle ' + String(request.url) });
const signal = () => new AbortController().signal;

describe('httpProbe', () => {
  it('accepts ClickHouse\'s "Ok." on /ping, sending URL credentials as basic auth, not in the URL', async () => {
    const server = await httpServer(clickhouseLike);
    const answer = await httpProbe('clickhouse-ok')(`http://reader:ch-secret-pw@127.0.0.1:${server.port}/ping`, { timeoutMs: 10_000, signal: signal() });
    expect(answer).toBe('HTTP 200 OK: Ok.');
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from('reader:ch-secret-pw').toString('base64')}`);
  });

  it('refuses an HTTP server that is not ClickHouse, saying what it answered', async () => {
    const server = await httpServer(() => ({ status: 200, body: '<html>hello</html>' }));
    await expect(httpProbe('clickhouse-ok')(`http://127.0.0.1:${server.port}/ping`, { timeoutMs: 10_000, signal: signal() })).rejects.toThrow('HTTP 200 OK: <html>hello</html>');
  });

  it('wants 2xx from a health path, and only an answer from any other HTTP address', async () => {
    const server = await httpServer(() => ({ status: 503, body: 'database down\nmore' }));
    const address = `http://127.0.0.1:${server.port}/health`;
    await expect(httpProbe('success')(address, { timeoutMs: 10_000, signal: signal() })).rejects.toThrow(/^HTTP 503 Service Unavailable: database down$/);
    expect(await httpProbe('any-answer')(address, { timeoutMs: 10_000, signal: signal() })).toBe('HTTP 503 Service Unavailable');
  });

  it('reports a closed port with fetch\'s cause, and a silent server when its time is up', async () => {
    const port = await closedPort();
    const [refused] = await runConnectChecks(planOf({ kind: 'clickhouse', address: `http://u:pw-in-url-99@127.0.0.1:${port}/ping` }), { policy: { timeoutMs: 500, retries: 0 } });
    expect(refused).toMatchObject({ status: 'failed', attempts: 1, error: `fetch failed: connect ECONNREFUSED 127.0.0.1:${port}`, target: `http://u:***@127.0.0.1:${port}/ping` });
    expect(everythingSaid([refused])).not.toContain('pw-in-url-99');
    const silent = await silentServer();
    try {
      const [hung] = await runConnectChecks(planOf({ kind: 'http', address: `http://127.0.0.1:${silent.port}/` }), { policy: { timeoutMs: 300, retries: 0 } });
      expect(hung).toMatchObject({ status: 'failed', attempts: 1, error: 'The operation was aborted due to timeout' });
      expect(hung?.elapsedMs).toBeGreaterThanOrEqual(250);
      expect(hung?.elapsedMs).toBeLessThan(2_000);
    } finally {
      await silent.close();
    }
  });
});

describe('probeTcp', () => {
  it('says a TCP connection was accepted, or the socket\'s own error', async () => {
    const silent = await silentServer();
    try {
      expect(await probeTcp(`tcp://127.0.0.1:${silent.port}`, { timeoutMs: 1_000, signal: signal() })).toBe('TCP connection accepted');
    } finally {
      await silent.close();
    }
    const port = await closedPort();
    await expect(probeTcp(`tcp://127.0.0.1:${port}`, { timeoutMs: 1_000, signal: signal() })).rejects.toThrow(`connect ECONNREFUSED 127.0.0.1:${port}`);
  });
});
