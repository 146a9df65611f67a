import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresBinDir, startPostgres, type RealServer } from '../../../services/testing/real-servers.ts';
import { probePostgres, withoutSslParameters } from './probe-postgres.ts';
import { FinalAnswerError } from './probe.ts';
import { runConnectChecks } from './run-connect-checks.ts';
import { closedPort, everythingSaid, planOf } from './testing/connect-fixtures.ts';

const USER = 'probe_user';
const PASSWORD = 'pg-Secret/With:odd@chars';
const WRONG = 'not-the-password-42';
const TINY = { timeoutMs: 10_000, retries: 0 };
const encoded = encodeURIComponent;

describe.skipIf(!postgresBinDir())('probePostgres against a real PostgreSQL', () => {
  let server: RealServer;
  beforeAll(async () => { server = await startPostgres(USER, PASSWORD, 'probe_db'); }, 90_000);
  afterAll(async () => server?.stop());

  const url = (password: string, query = '') => `postgresql://${USER}:${encoded(password)}@127.0.0.1:${server.port}/probe_db${query}`;

  it('logs in with the configured user and password and reports the server version, without TLS where none is asked', async () => {
    const answer = await probePostgres(url(PASSWORD), { timeoutMs: 5_000, signal: new AbortController().signal });
    expect(answer).toMatch(/^logged in; PostgreSQL \d+(\.\d+)?.*, no TLS$/);
  });

  it('logs in through a SQLAlchemy-style URL (a +driver scheme, asyncpg\'s ssl=disable)', async () => {
    const answer = await probePostgres(url(PASSWORD, '?ssl=disable').replace('postgresql://', 'postgresql+asyncpg://'), { timeoutMs: 5_000, signal: new AbortController().signal });
    expect(answer).toContain('logged in');
  });

  it('reports a wrong password in the server\'s own words after one attempt (never retried), the password nowhere', async () => {
    await expect(probePostgres(url(WRONG), { timeoutMs: 5_000, signal: new AbortController().signal })).rejects.toBeInstanceOf(FinalAnswerError);
    const [result] = await runConnectChecks(planOf({ kind: 'postgres', address: url(WRONG) }), { policy: { timeoutMs: 5_000, retries: 3 } });
    expect(result).toMatchObject({ status: 'failed', attempts: 1, error: `password authentication failed for user "${USER}" (SQLSTATE 28P01)` });
    expect(result?.target).toBe(`postgresql://${USER}:***@127.0.0.1:${server.port}/probe_db`);
    for (const secret of [WRONG, PASSWORD, encoded(PASSWORD)]) expect(everythingSaid([result])).not.toContain(secret);
  });

  it('reports a database that does not exist without retrying', async () => {
    const [result] = await runConnectChecks(planOf({ kind: 'postgres', address: url(PASSWORD).replace('/probe_db', '/no_such_db') }), { policy: { timeoutMs: 5_000, retries: 2 } });
    expect(result).toMatchObject({ status: 'failed', attempts: 1, error: 'database "no_such_db" does not exist (SQLSTATE 3D000)' });
  });

  it('fails with the driver\'s words when TLS is required and the server has none', async () => {
    const [result] = await runConnectChecks(planOf({ kind: 'postgres', address: url(PASSWORD, '?sslmode=require') }), { policy: TINY });
    expect(result).toMatchObject({ status: 'failed', attempts: 1, error: 'The server does not support SSL connections' });
  });

  it('falls back to a plain connection for sslmode=prefer, as libpq does', async () => {
    const [result] = await runConnectChecks(planOf({ kind: 'postgres', address: url(PASSWORD, '?sslmode=prefer') }), { policy: TINY });
    expect(result).toMatchObject({ status: 'ok', attempts: 1, detail: expect.stringMatching(/no TLS$/) as string });
  });
});

describe('probePostgres without a server', () => {
  it('reports a closed port as the driver says it, retried, the password nowhere', async () => {
    const port = await closedPort();
    const address = `postgresql://someone:${encoded(PASSWORD)}@127.0.0.1:${port}/db`;
    const [result] = await runConnectChecks(planOf({ kind: 'postgres', address }), { policy: { timeoutMs: 1_000, retries: 1 }, random: () => 0 });
    expect(result).toMatchObject({ status: 'failed', attempts: 2, error: `connect ECONNREFUSED 127.0.0.1:${port}` });
    expect(result?.elapsedMs).toBeGreaterThanOrEqual(100);
    expect(everythingSaid([result])).not.toContain(encoded(PASSWORD));
    expect(everythingSaid([result])).not.toContain(PASSWORD);
  });
});

describe('withoutSslParameters', () => {
  it('gives pg a plain scheme and takes out sslmode and ssl, keeping the other parameters', () => {
    expect(withoutSslParameters('postgresql+psycopg://u:p@h:1/d?sslmode=verify-full&application_name=x')).toEqual({ connectionString: 'postgresql://u:p@h:1/d?application_name=x', sslMode: 'verify-full' });
    expect(withoutSslParameters('postgres://u@h/d?ssl=REQUIRE')).toEqual({ connectionString: 'postgresql://u@h/d', sslMode: 'require' });
    expect(withoutSslParameters('postgresql://u@/d?host=/cloudsql/p:r:i')).toEqual({ connectionString: 'postgresql://u@/d?host=/cloudsql/p:r:i', sslMode: undefined });
  });
});

describe.skipIf(!postgresBinDir())('probePostgres against a real PostgreSQL that speaks TLS', () => {
  let server: RealServer;
  beforeAll(async () => { server = await startPostgres(USER, PASSWORD, 'tls_db', { tls: true }); }, 90_000);
  afterAll(async () => server?.stop());

  const url = (query: string) => `postgresql://${USER}:${encoded(PASSWORD)}@127.0.0.1:${server.port}/tls_db${query}`;

  it('logs in over TLS for sslmode=require (and asyncpg\'s ssl=require), and without for none', async () => {
    const results = await runConnectChecks(planOf(
      { kind: 'postgres', address: url('?sslmode=require') },
      { kind: 'postgres', address: url('?ssl=require').replace('postgresql://', 'postgresql+asyncpg://') },
      { kind: 'postgres', address: url('') },
    ), { policy: TINY });
    expect(results.map((result) => [result.status, result.detail?.split(', ').pop()])).toEqual([['ok', 'TLS'], ['ok', 'TLS'], ['ok', 'no TLS']]);
  });

  it('refuses a self-signed certificate for verify-full, in the TLS library\'s words', async () => {
    const [result] = await runConnectChecks(planOf({ kind: 'postgres', address: url('?sslmode=verify-full') }), { policy: TINY });
    expect(result).toMatchObject({ status: 'failed', attempts: 1 });
    expect(result?.error).toMatch(/^self-signed certificate/);
    expect(everythingSaid([result])).not.toContain(encoded(PASSWORD));
  });
});
