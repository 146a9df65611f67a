import { createClient } from 'redis';
import { FinalAnswerError, type Probe } from './probe.ts';

// Redis refusing who we are: a wrong password (WRONGPASS), none given (NOAUTH), a user without PING (NOPERM).
const FINAL_REPLIES = /^(WRONGPASS|NOAUTH|NOPERM)/;

// Connects as the URL says (rediss:// with TLS, AUTH with its user and password) and sends PING.
export const probeRedis: Probe = async (address, options) => {
  const common = { connectTimeout: options.timeoutMs, reconnectStrategy: false } as const;
  const client = createClient({ url: address, socket: /^rediss:/i.test(address) ? { ...common, tls: true, rejectUnauthorized: verifiesCertificate(address) } : common });
  client.on('error', () => {});
  // destroy() on a client that never opened, or is still opening, throws (ClientClosedError, a TypeError), hiding the
  // real reason: the client goes away either way.
  const stop = () => {
    try {
      if (client.isOpen) client.destroy();
    } catch {
      // already closed
    }
  };
  options.signal.addEventListener('abort', stop, { once: true });
  try {
    await client.connect();
    const reply = await client.ping();
    return `PING answered ${reply}`;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (FINAL_REPLIES.test(message)) throw new FinalAnswerError(message);
    throw error;
  } finally {
    options.signal.removeEventListener('abort', stop);
    stop();
  }
};

// rediss:// checks the server's certificate unless the URL says otherwise, as redis-py reads it (ssl_cert_reqs=none or
// optional: encrypted, the certificate not checked).
export function verifiesCertificate(address: string): boolean {
  const queryAt = address.indexOf('?');
  const wanted = new URLSearchParams(queryAt === -1 ? '' : address.slice(queryAt + 1)).get('ssl_cert_reqs')?.toLowerCase();
  return wanted !== 'none' && wanted !== 'optional';
}
