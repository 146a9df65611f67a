import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { allocatePort } from './allocate-port.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function bind(port: number): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return server;
}

const portOf = (server: Server): number => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
};

// A port that is free now, found by the kernel (not by get-port, which would remember it).
async function freePort(): Promise<number> {
  const server = await bind(0);
  const port = portOf(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// A port held by a real listener in this process until the test ends.
async function takenPort(): Promise<number> {
  const server = await bind(0);
  servers.push(server);
  return portOf(server);
}

// The port really is free: it can be bound on 127.0.0.1 (and is released again).
async function expectBindable(port: number): Promise<void> {
  const server = await bind(port);
  await new Promise((resolve) => server.close(resolve));
}

const spec = (preferred: number | undefined, ifTaken: 'another' | 'fail') => ({ variable: 'PORT', preferred, ifTaken });

describe('allocatePort', () => {
  it('gives the preferred port when it is free, without a warning', async () => {
    const preferred = await freePort();
    expect(await allocatePort('api', spec(preferred, 'fail'), new Set())).toEqual({ ok: true, port: preferred });
  });

  it("moves to another free port when the preferred one is taken and ifTaken is 'another', naming the holder", async () => {
    const preferred = await takenPort();
    const allocation = await allocatePort('api', spec(preferred, 'another'), new Set());
    if (!allocation.ok) throw new Error(allocation.message);
    expect(allocation.port).not.toBe(preferred);
    await expectBindable(allocation.port);
    expect(allocation.warning).toContain(`port ${preferred} is taken by pid ${process.pid}`);
    expect(allocation.warning).toContain(`so api got port ${allocation.port}`);
  });

  it('counts a port taken by a listener on all interfaces (it answers on 127.0.0.1 too)', async () => {
    const server = createServer();
    servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '0.0.0.0', resolve);
    });
    const preferred = portOf(server);
    const allocation = await allocatePort('api', spec(preferred, 'another'), new Set());
    if (!allocation.ok) throw new Error(allocation.message);
    expect(allocation.port).not.toBe(preferred);
    expect(allocation.warning).toContain(`port ${preferred} is taken`);
  });

  it("refuses when the preferred port is taken and ifTaken is 'fail', naming the holder and the way out", async () => {
    const preferred = await takenPort();
    const allocation = await allocatePort('api', spec(preferred, 'fail'), new Set());
    expect(allocation.ok).toBe(false);
    if (allocation.ok) return;
    expect(allocation.message).toContain(`api is pinned to port ${preferred} is taken by pid ${process.pid}`);
    expect(allocation.message).toContain('"ifTaken": "another"');
  });

  it('does not give a port another service of the stack already has, even while nothing listens on it', async () => {
    const preferred = await freePort();
    const reserved = new Set([preferred]);
    const moved = await allocatePort('web', spec(preferred, 'another'), reserved);
    if (!moved.ok) throw new Error(moved.message);
    expect(moved.port).not.toBe(preferred);
    expect(moved.warning).toBe(`web's preferred port ${preferred} is already given to another service of this stack`);
    await expectBindable(moved.port);

    expect(await allocatePort('web', spec(preferred, 'fail'), reserved)).toEqual({
      ok: false, message: `web's preferred port ${preferred} is already given to another service of this stack`,
    });
  });

  it('gives some free port, outside the reserved ones, when there is no preferred port', async () => {
    const reserved = new Set([await takenPort(), await freePort()]);
    for (let round = 0; round < 5; round += 1) {
      const allocation = await allocatePort('worker', spec(undefined, 'fail'), reserved);
      if (!allocation.ok) throw new Error(allocation.message);
      expect(allocation.warning).toBeUndefined();
      expect(Number.isInteger(allocation.port) && allocation.port > 0 && allocation.port <= 65_535).toBe(true);
      expect(reserved.has(allocation.port)).toBe(false);
      await expectBindable(allocation.port);
    }
  });

  // Regression: get-port remembered the port it had handed out and refused it to the restarted service.
  it('gives the preferred port again after its service released it (a restart)', async () => {
    const preferred = await freePort();
    expect(await allocatePort('api', spec(preferred, 'fail'), new Set())).toEqual({ ok: true, port: preferred });
    // The service ran and stopped; nothing listens on the port now.
    await expectBindable(preferred);
    expect(await allocatePort('api', spec(preferred, 'fail'), new Set())).toEqual({ ok: true, port: preferred });
  });
});
