import { createClient } from 'redis';
import { FinalAnswerError, type Probe } from './probe.ts';

// Redis refusing who we are: a wrong password (WRONGPASS), none given (NOAUTH), a user without PING (NOPERM).
const FINAL_REPLIES = /^(WRONGPASS|NOAUTH|NOPERM)/;

// Connects as the URL says (rediss:// with TLS, AUTH with its user and password) and sends PING.
export const probeRedis: Probe = async (address, options) => {
  const client = createClient({ url: address, socket: { connectTimeout: options.timeoutMs, reconnectStrategy: false } });
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
