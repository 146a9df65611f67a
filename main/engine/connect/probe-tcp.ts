import { connect } from 'node:net';
import type { Probe } from './probe.ts';

// Where no HTTP path is known: something accepts a TCP connection at tcp://HOST:PORT.
export const probeTcp: Probe = (address, options) => {
  const url = new URL(address);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port: Number(url.port), timeout: options.timeoutMs });
    const finish = (error?: Error) => {
      options.signal.removeEventListener('abort', onAbort);
      socket.destroy();
      if (error) reject(error);
      else resolve('TCP connection accepted');
    };
    const onAbort = () => finish(new Error('aborted'));
    options.signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => finish());
    socket.once('timeout', () => finish(new Error(`connect to ${url.host} timed out after ${options.timeoutMs} ms`)));
    socket.once('error', finish);
  });
};
