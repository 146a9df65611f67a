import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../testing/test-stack.ts';
import { httpStatus } from './http-status.ts';
import { acceptsTcp, watchReadiness, type ReadinessWatch } from './readiness.ts';

const servers: Server[] = [];
const watches: ReadinessWatch[] = [];
afterEach(async () => {
  for (const watch of watches.splice(0)) watch.cancel();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(resolve);
  })));
});

// A real HTTP service on 127.0.0.1 whose /health answers 503 until it is told it is ready, then 200.
async function healthServer(options: { readyAfterMs?: number } = {}) {
  const state = { ready: false, requests: 0, notReadyAnswers: 0 };
  const server = createServer((request, response) => {
    state.requests += 1;
    if (request.url !== '/health') response.writeHead(404).end();
    else if (state.ready) response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    else {
      state.notReadyAnswers += 1;
      response.writeHead(503).end('starting');
    }
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  if (options.readyAfterMs !== undefined) setTimeout(() => { state.ready = true; }, options.readyAfterMs);
  return { state, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/health` };
}

function watch(...args: Parameters<typeof watchReadiness>) {
  const watcher = watchReadiness(...args);
  watches.push(watcher);
  const outcome: { settled: boolean } = { settled: false };
  void watcher.result.then(() => { outcome.settled = true; });
  return Object.assign(watcher, { outcome });
}

// Lets pending callbacks (a settled promise, a finished poll) run before looking.
const turn = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('watchReadiness over HTTP', () => {
  it('waits while the service answers 503, and is ready once it answers 200', async () => {
    const { state, url } = await healthServer({ readyAfterMs: 400 });
    const watcher = watch({ url, timeoutMs: 10_000 });
    expect(await watcher.result).toEqual({ ready: true });
    expect(state.ready).toBe(true);
    expect(state.notReadyAnswers).toBeGreaterThan(0);
  });

  it('asks a service that answers but is not ready yet less and less often (a few times a second, not a hundred)', async () => {
    const { state, url } = await healthServer({ readyAfterMs: 2_000 });
    const watcher = watch({ url, timeoutMs: 10_000 });
    expect(await watcher.result).toEqual({ ready: true });
    // 10, 20, 40, ... 250 ms apart: about 12 answers in 2 s where a fixed 10 ms would give ~200.
    expect(state.notReadyAnswers).toBeGreaterThan(3);
    expect(state.notReadyAnswers).toBeLessThan(20);
  });

  it('keeps polling while nothing listens yet, and is ready once the service starts listening', async () => {
    const server = createServer((_request, response) => response.writeHead(204).end());
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const watcher = watch({ url: `http://127.0.0.1:${port}/health`, timeoutMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(watcher.outcome.settled).toBe(false);
    server.listen(port, '127.0.0.1');
    expect(await watcher.result).toEqual({ ready: true });
  });

  it('is not ready on a 404 (a wrong path), and says what it waited for when the time is up', async () => {
    const { state, url } = await healthServer();
    const wrong = url.replace('/health', '/nope');
    const watcher = watch({ url: wrong, timeoutMs: 500 });
    expect(await watcher.result).toEqual({ ready: false, reason: `not ready after 0.5 s: waited for GET ${wrong} to answer 2xx` });
    expect(state.requests).toBeGreaterThan(0);
  });
});

describe('watchReadiness over HTTP, as fetch would say it', () => {
  it('follows a redirect to a path that answers 2xx, as fetch does', async () => {
    const server = createServer((request, response) => {
      if (request.url === '/health') response.writeHead(307, { location: '/healthz' }).end();
      else if (request.url === '/healthz') response.writeHead(200).end('ok');
      else response.writeHead(404).end();
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const watcher = watch({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`, timeoutMs: 5_000 });
    expect(await watcher.result).toEqual({ ready: true });
  });

  it('is not ready on a listener that accepts and answers something that is not HTTP', async () => {
    const listener = createTcpServer((socket) => socket.resume().end('SSH-2.0-OpenSSH_9.2\r\n'));
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    try {
      const watcher = watch({ url: `http://127.0.0.1:${(listener.address() as AddressInfo).port}/health`, timeoutMs: 400 });
      expect((await watcher.result).ready).toBe(false);
    } finally {
      await new Promise((resolve) => listener.close(resolve));
    }
  });

  it('says the port is open as soon as a connection is accepted, before the answer that makes it ready', async () => {
    const events: string[] = [];
    const server = createServer((_request, response) => {
      events.push('request');
      setTimeout(() => response.writeHead(200).end(), 50);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const watcher = watch({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`, timeoutMs: 5_000, onPortOpen: () => events.push('port open') });
    expect(await watcher.result).toEqual({ ready: true });
    expect(events.slice(0, 2)).toEqual(['port open', 'request']);
  });

  // Differential: for every status a health path may answer, ready exactly when fetch (the reference) says response.ok.
  it('is ready for exactly the statuses fetch calls ok', async () => {
    const statuses = [200, 201, 204, 299, 300, 301, 302, 303, 304, 307, 308, 400, 401, 404, 500, 503];
    let status = 200;
    const server = createServer((request, response) => {
      if (status >= 300 && status < 400 && request.url === '/health') response.writeHead(status, { location: '/target' }).end();
      else if (request.url === '/target') response.writeHead(200).end();
      else response.writeHead(status).end();
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
    for (status of statuses) {
      const reference = await fetch(url, { redirect: 'follow' });
      await reference.body?.cancel();
      const verdict = await watch({ url, timeoutMs: 300 }).result;
      expect({ status, ready: verdict.ready }).toEqual({ status, ready: reference.ok });
    }
  });
});

describe('httpStatus', () => {
  it('reads the status line of the first answer, and undefined where nothing listens', async () => {
    const { url } = await healthServer();
    expect(await httpStatus(new URL(url), 1_000)).toBe(503);
    expect(await httpStatus(new URL('http://127.0.0.1:1/health'), 1_000)).toBeUndefined();
  });
});

describe('watchReadiness on a log pattern', () => {
  it('matches a line split across chunks', async () => {
    const watcher = watch({ logPattern: /^listening on \d+$/, timeoutMs: 10_000 });
    watcher.output('starting up\nlis');
    watcher.output('tening on ');
    await turn();
    expect(watcher.outcome.settled).toBe(false);
    watcher.output('8080');
    await turn();
    // The line is not complete until its newline comes.
    expect(watcher.outcome.settled).toBe(false);
    watcher.output('\nmore output\n');
    expect(await watcher.result).toEqual({ ready: true });
  });

  it('matches a line split inside a multi-line chunk', async () => {
    const watcher = watch({ logPattern: /server ready/, timeoutMs: 10_000 });
    watcher.output('a\nb\nserver re');
    watcher.output('ady in 12 ms\nc\n');
    expect(await watcher.result).toEqual({ ready: true });
  });

  it('does not match across lines, and times out naming the pattern', async () => {
    const watcher = watch({ logPattern: /listening on \d+/, timeoutMs: 400 });
    watcher.output('listening\n');
    watcher.output(' on 8080\n');
    expect(await watcher.result).toEqual({ ready: false, reason: 'not ready after 0.4 s: waited for a log line matching /listening on \\d+/' });
  });

  // Regression: the pattern was tested against raw lines, colour codes included.
  it('matches a coloured line (FORCE_COLOR is set for services) against the text the user sees', async () => {
    const watcher = watch({ logPattern: /^info: listening on \d+$/, timeoutMs: 500 });
    watcher.output('\u001b[32minfo\u001b[39m: listening on \u001b[1m8080\u001b[22m\n');
    expect(await watcher.result).toEqual({ ready: true });
  });
});

describe('watchReadiness and a service\'s output', () => {
  // A chunk as read that counts its decodings: the watch must not decode output it has no use for.
  const countedChunk = (text: string) => {
    const chunk = Buffer.from(text);
    let decoded = 0;
    const decode = chunk.toString.bind(chunk);
    Object.defineProperty(chunk, 'toString', { value: (...args: Parameters<Buffer['toString']>) => { decoded++; return decode(...args); } });
    return { chunk, decodings: () => decoded };
  };

  it('decodes chunks (as read) while a log line is awaited, and none once it came', async () => {
    const watcher = watch({ logPattern: /ready/, timeoutMs: 10_000 });
    const before = countedChunk('starting\nready\n');
    watcher.output(before.chunk);
    expect(before.decodings()).toBe(1);
    expect(await watcher.result).toEqual({ ready: true });
    const after = countedChunk('a flood of lines\n'.repeat(1_000));
    watcher.output(after.chunk, 'stderr');
    expect(after.decodings()).toBe(0);
  });

  it('decodes nothing for an HTTP probe, before or after it is ready', async () => {
    const { url } = await healthServer({ readyAfterMs: 0 });
    const watcher = watch({ url, timeoutMs: 10_000 });
    const early = countedChunk('booting\n');
    watcher.output(early.chunk);
    expect(await watcher.result).toEqual({ ready: true });
    const late = countedChunk('request served\n');
    watcher.output(late.chunk);
    expect([early.decodings(), late.decodings()]).toEqual([0, 0]);
  });
});

describe('watchReadiness with both HTTP and a log pattern', () => {
  it('waits for the log line although HTTP already answers 200', async () => {
    const { state, url } = await healthServer({ readyAfterMs: 0 });
    const watcher = watch({ url, logPattern: /ready/, timeoutMs: 10_000 });
    await eventually(() => state.requests - state.notReadyAnswers > 0, 'a 200 answer to the probe', 5_000);
    await turn();
    expect(watcher.outcome.settled).toBe(false);
    watcher.output('ready\n');
    expect(await watcher.result).toEqual({ ready: true });
  });

  it('waits for HTTP although the log line came', async () => {
    const { state, url } = await healthServer();
    const watcher = watch({ url, logPattern: /ready/, timeoutMs: 10_000 });
    watcher.output('ready\n');
    await eventually(() => state.notReadyAnswers >= 2, 'two 503 answers', 5_000);
    await turn();
    expect(watcher.outcome.settled).toBe(false);
    state.ready = true;
    expect(await watcher.result).toEqual({ ready: true });
  });

  it('names both when neither came in time, and only the missing one when one did', async () => {
    const { url } = await healthServer();
    const neither = watch({ url, logPattern: /ready/, timeoutMs: 300 });
    expect(await neither.result).toEqual({ ready: false, reason: `not ready after 0.3 s: waited for GET ${url} to answer 2xx and a log line matching /ready/` });

    const logOnly = watch({ url, logPattern: /ready/, timeoutMs: 300 });
    logOnly.output('ready\n');
    expect(await logOnly.result).toEqual({ ready: false, reason: `not ready after 0.3 s: waited for GET ${url} to answer 2xx` });
  });
});

describe('watchReadiness cancel', () => {
  it('settles as cancelled, stops polling, and ignores later output', async () => {
    const { state, url } = await healthServer();
    const watcher = watch({ url, logPattern: /ready/, timeoutMs: 10_000 });
    await eventually(() => state.requests > 0, 'the first probe', 5_000);
    watcher.cancel();
    expect(await watcher.result).toEqual({ ready: false, reason: 'cancelled' });
    // A probe already in flight may still land; none is started after it.
    const requests = state.requests;
    state.ready = true;
    watcher.output('ready\n');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(state.requests).toBeLessThanOrEqual(requests + 1);
    expect(await watcher.result).toEqual({ ready: false, reason: 'cancelled' });
  });

  it('is ready at once with nothing to wait for', async () => {
    expect(await watch({ timeoutMs: 1_000 }).result).toEqual({ ready: true });
  });
});

describe('watchReadiness on a TCP port (a service with a port and no probe)', () => {
  it('waits while nothing listens, and is ready once a listener accepts', async () => {
    const server = createServer((_request, response) => response.writeHead(204).end());
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const watcher = watch({ tcpPort: port, timeoutMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(watcher.outcome.settled).toBe(false);
    server.listen(port, '127.0.0.1');
    expect(await watcher.result).toEqual({ ready: true });
  });

  it('accepts a listener on IPv6 loopback only', async () => {
    const server = createServer();
    servers.push(server);
    const listening = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(0, '::1', () => resolve(true));
    });
    if (!listening) return;
    expect(await acceptsTcp((server.address() as AddressInfo).port)).toBe(true);
  });

  it('names the port when the time is up, and gives up at once when told why', async () => {
    const watcher = watch({ tcpPort: 1, timeoutMs: 300 });
    expect(await watcher.result).toEqual({ ready: false, reason: 'not ready after 0.3 s: waited for a TCP connection on port 1' });
    const failed = watch({ tcpPort: 1, timeoutMs: 10_000 });
    failed.fail('it listens on 8000, not on 9200');
    expect(await failed.result).toEqual({ ready: false, reason: 'it listens on 8000, not on 9200' });
  });
});
