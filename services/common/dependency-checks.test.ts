import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import getPort from 'get-port';
import { afterEach, describe, expect, it } from 'vitest';
import { checkPostgres, checkRedis, pollDependencies, type DependencyStatus } from './dependency-checks.ts';

const PASSWORD = 'hunter2-supersecret';
const redisServerInstalled = spawnSync('redis-server', ['--version']).status === 0;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

// A port on 127.0.0.1 where nothing listens: a stopped database.
const closedPort = () => getPort({ host: '127.0.0.1' });

// A TCP server that accepts connections and never says a word: a database that hangs.
async function silentServer(): Promise<number> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return (server.address() as AddressInfo).port;
}

// A real redis-server on a free port, without persistence, stopped after the test.
async function startRedis(extraArgs: string[] = []): Promise<number> {
  const port = await getPort({ host: '127.0.0.1' });
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extraArgs];
  const child: ChildProcess = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3_000))]);
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis-server did not become ready within 5 s')), 5_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  return port;
}

// The status of a failed check: unreachable, with an error that leaks no password.
function expectUnreachableWithoutPassword(status: DependencyStatus): void {
  expect(status).toMatchObject({ configured: true, reachable: false });
  expect(status.error).toEqual(expect.any(String));
  expect(status.error?.length).toBeGreaterThan(0);
  expect(status.error).not.toContain(PASSWORD);
  expect(status.latency_ms).toBeGreaterThanOrEqual(0);
}

describe('checkPostgres', () => {
  it('reports a closed port as unreachable, with an error and no password', async () => {
    const port = await closedPort();
    const status = await checkPostgres(`postgresql://app:${PASSWORD}@127.0.0.1:${port}/stack`, 1_000);
    expectUnreachableWithoutPassword(status);
    expect(status.error).toContain('ECONNREFUSED');
  });

  it('reports a server that never answers as unreachable once the timeout passes', async () => {
    const port = await silentServer();
    const status = await checkPostgres(`postgresql://app:${PASSWORD}@127.0.0.1:${port}/stack`, 300);
    expectUnreachableWithoutPassword(status);
  });
});

describe('checkRedis', () => {
  // Regression: destroy() on a client that never opened threw ClientClosedError instead of reporting unreachable.
  it('reports a closed port as unreachable, with an error and no password', async () => {
    const port = await closedPort();
    const status = await checkRedis(`redis://:${PASSWORD}@127.0.0.1:${port}`, 1_000);
    expectUnreachableWithoutPassword(status);
    expect(status.error).toContain('ECONNREFUSED');
  });

  it('reports a server that never answers as unreachable once the timeout passes', async () => {
    const port = await silentServer();
    const status = await checkRedis(`redis://:${PASSWORD}@127.0.0.1:${port}`, 300);
    expectUnreachableWithoutPassword(status);
    expect(status.error).toContain('timed out after 300 ms');
  });

  // These need a real redis-server on PATH (installed here); where it is not installed they are skipped.
  it.skipIf(!redisServerInstalled)('reports a real redis-server as reachable', async () => {
    const port = await startRedis();
    const status = await checkRedis(`redis://127.0.0.1:${port}`, 2_000);
    expect(status).toMatchObject({ configured: true, reachable: true });
    expect(status.error).toBeUndefined();
  });

  it.skipIf(!redisServerInstalled)('logs in with the password in the URL', async () => {
    const port = await startRedis(['--requirepass', PASSWORD]);
    expect(await checkRedis(`redis://:${PASSWORD}@127.0.0.1:${port}`, 2_000)).toMatchObject({ configured: true, reachable: true });
  });

  // Regression, as above: the login fails and the client never opens.
  it.skipIf(!redisServerInstalled)('reports a wrong password as unreachable without echoing it', async () => {
    const port = await startRedis(['--requirepass', PASSWORD]);
    const wrong = await checkRedis(`redis://:${PASSWORD}-wrong@127.0.0.1:${port}`, 2_000);
    expectUnreachableWithoutPassword(wrong);
    expect(wrong.error).toMatch(/WRONGPASS|invalid/i);
  });
});

describe('pollDependencies', () => {
  // Polls until the condition holds, failing with a description after a bounded wait.
  async function waitFor(condition: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 3_000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  it('shows each dependency as being checked until its first result arrives', async () => {
    let finish: (status: DependencyStatus) => void = () => {};
    const poll = pollDependencies({ db: () => new Promise<DependencyStatus>((resolve) => { finish = resolve; }) }, 60_000);
    cleanups.push(() => poll.stop());
    expect(poll.latest()).toEqual({ db: { configured: true, reachable: null, checking: true } });
    finish({ configured: true, reachable: true, latency_ms: 3 });
    await waitFor(() => poll.latest().db?.reachable === true, 'the first result');
    expect(poll.latest()).toEqual({ db: { configured: true, reachable: true, latency_ms: 3 } });
  });

  it('turns a check that rejects into reachable:false with its error, without touching the others', async () => {
    const poll = pollDependencies({
      broken: () => Promise.reject(new Error('driver exploded')),
      fine: async () => ({ configured: true, reachable: true }),
    }, 60_000);
    cleanups.push(() => poll.stop());
    await waitFor(() => poll.latest().broken?.checking !== true && poll.latest().fine?.checking !== true, 'both results');
    expect(poll.latest().broken).toMatchObject({ configured: true, reachable: false, error: expect.stringContaining('driver exploded') });
    expect(poll.latest().fine).toEqual({ configured: true, reachable: true });
  });

  it('checks again every interval, never two rounds at once, and stops on stop()', async () => {
    let calls = 0;
    let running = 0;
    let overlapped = false;
    const poll = pollDependencies({
      slow: async () => {
        calls++;
        running++;
        overlapped ||= running > 1;
        await new Promise((resolve) => setTimeout(resolve, 50));
        running--;
        return { configured: true, reachable: true, latency_ms: calls };
      },
    }, 20);
    cleanups.push(() => poll.stop());
    await waitFor(() => calls >= 3, 'three rounds');
    expect(overlapped).toBe(false);

    poll.stop();
    await waitFor(() => running === 0, 'the last round to finish');
    const stoppedAt = calls;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(calls).toBe(stoppedAt);
  });
});
