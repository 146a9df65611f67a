import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseProcNetTcp, socketInode } from './proc-net-tcp.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listen(host: string): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('parseProcNetTcp', () => {
  it('finds a real IPv4 and IPv6 listener of this process in the live tables', async () => {
    const v4 = await listen('127.0.0.1');
    const v6 = await listen('::1').catch(() => undefined);
    expect(parseProcNetTcp(readFileSync('/proc/net/tcp', 'utf8')).map((socket) => socket.port)).toContain(v4);
    if (v6 !== undefined) expect(parseProcNetTcp(readFileSync('/proc/net/tcp6', 'utf8')).map((socket) => socket.port)).toContain(v6);
  });

  it('reads only LISTEN lines with an owner, the port in hex after the last colon', () => {
    const table = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:23F0 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 17668 1 0000000000000000 100 0 0 10 0',
      '   1: 0100007F:23F0 0100007F:CB12 01 00000000:00000000 00:00000000 00000000     0        0 17700 1 0000000000000000 20 4 30 10 -1',
      '   2: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 0 1 0000000000000000 100 0 0 10 0',
    ].join('\n');
    expect(parseProcNetTcp(table)).toEqual([{ port: 9200, inode: '17668' }]);
    const v6 = '  sl  local_address                         remote_address                        st\n   0: 00000000000000000000000001000000:1F40 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 5551 1';
    expect(parseProcNetTcp(v6)).toEqual([{ port: 8000, inode: '5551' }]);
  });

  it('takes the inode of a socket link and nothing else', () => {
    expect(socketInode('socket:[17668]')).toBe('17668');
    expect(socketInode('pipe:[17668]')).toBeUndefined();
    expect(socketInode('/dev/null')).toBeUndefined();
  });
});
