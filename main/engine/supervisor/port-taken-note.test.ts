import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { portTakenNote } from './port-taken-note.ts';

describe('portTakenNote', () => {
  it('names the process holding the port, and says nothing for a free port', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    expect(await portTakenNote('api', address.port)).toMatch(new RegExp(`^port ${address.port} was taken by pid ${process.pid} \\(.*\\) before api could listen on it$`));
    await new Promise((resolve) => server.close(resolve));
    expect(await portTakenNote('api', address.port)).toBeUndefined();
  });
});
