import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isAlive, listeningAddressesOf, listeningPorts, openFdCount, processesInside } from './proc.ts';

describe('proc views', () => {
  it('see this process alive, its descriptors, and a listener it opens on 127.0.0.1', async () => {
    expect(isAlive(process.pid)).toBe(true);
    const before = openFdCount();
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    expect(listeningPorts().has(address.port)).toBe(true);
    expect(listeningAddressesOf(process.pid)).toContain(`127.0.0.1:${address.port}`);
    expect(openFdCount()).toBeGreaterThan(before);
    await new Promise((resolve) => server.close(resolve));
    expect(listeningPorts().has(address.port)).toBe(false);
    expect(processesInside('/nonexistent-stackdeck-root')).toEqual([]);
  });
});
