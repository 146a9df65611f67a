import { connect } from 'node:net';

export type ConnectOutcome = 'accepted' | 'refused' | 'unclear';

// Why: one local TCP connection says whether something listens on a port (accepted), nothing does (refused at once by the
// kernel), or neither could be told (timed out, another error); the socket is closed right away either way.
export function connectOutcome(host: string, port: number, timeoutMs: number): Promise<ConnectOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const done = (outcome: ConnectOutcome) => {
      socket.destroy();
      resolve(outcome);
    };
    socket.once('connect', () => done('accepted'));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code === 'ECONNREFUSED' ? 'refused' : 'unclear'));
    socket.once('timeout', () => done('unclear'));
  });
}
