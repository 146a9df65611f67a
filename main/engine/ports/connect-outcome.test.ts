import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectOutcome } from './connect-outcome.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listening(host: string): Promise<number> {
  const server = createServer((socket) => socket.destroy());
  servers.push(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('connectOutcome', () => {
  it('is accepted where a real listener is, on 127.0.0.1 and on all interfaces', async () => {
    expect(await connectOutcome('127.0.0.1', await listening('127.0.0.1'), 1_000)).toBe('accepted');
    expect(await connectOutcome('127.0.0.1', await listening('0.0.0.0'), 1_000)).toBe('accepted');
  });

  it('is refused, at once, where the listener has closed', async () => {
    const port = await listening('127.0.0.1');
    await new Promise((resolve) => servers.pop()?.close(resolve));
    const started = performance.now();
    expect(await connectOutcome('127.0.0.1', port, 5_000)).toBe('refused');
    // Refused by the kernel, not waited out: far below the timeout given.
    expect(performance.now() - started).toBeLessThan(2_500);
  });

});
