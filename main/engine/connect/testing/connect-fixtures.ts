import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import getPort from 'get-port';
import type { ConnectPlan, ConnectTarget } from '../../../../shared/config/connect/connection-targets.ts';
import { maskEmbeddedCredentials } from '../../../../shared/config/mask.ts';
import type { ConnectResult } from '../../../../shared/config/connect/connect-report.ts';
import { embeddedCredentials } from '../../../../shared/config/mask.ts';

// A port on 127.0.0.1 where nothing listens: a stopped server.
export const closedPort = (): Promise<number> => getPort({ host: '127.0.0.1' });

// One target of a kind at an address, its secrets found as the planner finds them.
export function planOf(...targets: (Pick<ConnectTarget, 'kind' | 'address'> & Partial<ConnectTarget>)[]): ConnectPlan {
  return {
    targets: targets.map((target) => ({
      service: 'svc', keys: ['ADDRESS'], from: 'test', display: maskEmbeddedCredentials(target.address), secrets: embeddedCredentials(target.address), ...target,
    })),
    skipped: [],
  };
}

// A TCP server that accepts connections and never says a word: a server that hangs. Counts what it accepted.
export async function silentServer(): Promise<{ port: number; accepted: () => number; open: () => number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('error', () => {});
    // Read and drop what the client sends, or its goodbye (end) would wait behind the unread bytes.
    socket.resume();
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    accepted: () => accepted,
    open: () => sockets.size,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// Everything a result says, as one text: where a password must not appear.
export function everythingSaid(results: readonly (ConnectResult | undefined)[]): string {
  return JSON.stringify(results);
}
