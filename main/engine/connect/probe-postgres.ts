import { TLSSocket } from 'node:tls';
import pg from 'pg';
import { FinalAnswerError, type Probe } from './probe.ts';

// SQLSTATE classes a retry cannot change: bad login (28) and a database that does not exist (3D000).
const FINAL_CODES = /^(28|3D000$)/;

// Logs in with the URL's user and password, TLS as its sslmode (or asyncpg's ssl) asks, and asks the server its version.
export const probePostgres: Probe = async (address, options) => {
  const { connectionString, sslMode } = withoutSslParameters(address);
  const tls = tlsOptionsFor(sslMode);
  try {
    return await logIn(connectionString, tls, options.timeoutMs, options.signal);
  } catch (error) {
    // libpq's prefer: encryption when the server offers it, else a plain connection.
    if (sslMode === 'prefer' && /does not support SSL/i.test(String(error))) return logIn(connectionString, false, options.timeoutMs, options.signal);
    throw error;
  }
};

async function logIn(connectionString: string, ssl: pg.ClientConfig['ssl'], timeoutMs: number, signal: AbortSignal): Promise<string> {
  const client = new pg.Client({ connectionString, ssl, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  client.on('error', () => {});
  // end() only half-closes a connection still logging in, which a hanging server keeps open: the socket is destroyed.
  const destroy = () => (client as unknown as { connection?: { stream?: { destroy: () => void } } }).connection?.stream?.destroy();
  signal.addEventListener('abort', destroy, { once: true });
  let answered = false;
  try {
    await client.connect();
    const answer = await client.query<{ server_version: string }>('SHOW server_version');
    answered = true;
    const encrypted = (client as unknown as { connection?: { stream?: unknown } }).connection?.stream instanceof TLSSocket;
    return `logged in; PostgreSQL ${answer.rows[0]?.server_version ?? '(version unknown)'}, ${encrypted ? 'TLS' : 'no TLS'}`;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && FINAL_CODES.test(code)) throw new FinalAnswerError(`${(error as Error).message} (SQLSTATE ${code})`);
    throw error;
  } finally {
    signal.removeEventListener('abort', destroy);
    if (answered) await client.end().catch(() => {});
    else destroy();
  }
}

// The URL pg is given: a plain postgresql:// scheme (a +driver suffix is for SQLAlchemy), its SSL parameters taken out
// so that the TLS options below, not pg's own reading of them, decide.
export function withoutSslParameters(address: string): { connectionString: string; sslMode: string | undefined } {
  const plain = address.replace(/^postgres(ql)?(\+[a-z0-9]+)?:\/\//i, 'postgresql://');
  const queryAt = plain.indexOf('?');
  if (queryAt === -1) return { connectionString: plain, sslMode: undefined };
  const query = new URLSearchParams(plain.slice(queryAt + 1));
  const sslMode = (query.get('sslmode') ?? query.get('ssl') ?? undefined)?.toLowerCase();
  if (!query.has('sslmode') && !query.has('ssl')) return { connectionString: plain, sslMode };
  query.delete('sslmode');
  query.delete('ssl');
  const rest = query.toString();
  return { connectionString: `${plain.slice(0, queryAt)}${rest === '' ? '' : `?${rest}`}`, sslMode };
}

// libpq's modes: require encrypts without checking the certificate, verify-ca checks it, verify-full checks the host too.
function tlsOptionsFor(sslMode: string | undefined): pg.ClientConfig['ssl'] {
  switch (sslMode) {
    case 'require': case 'true': case 'prefer':
      return { rejectUnauthorized: false };
    case 'verify-ca':
      return { rejectUnauthorized: true, checkServerIdentity: () => undefined };
    case 'verify-full':
      return { rejectUnauthorized: true };
    default:
      return false;
  }
}
