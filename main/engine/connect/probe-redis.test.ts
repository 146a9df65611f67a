import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisServerPath, startRedis, type RealServer } from '../../../services/testing/real-servers.ts';
import { probeRedis } from './probe-redis.ts';
import { runConnectChecks } from './run-connect-checks.ts';
import { closedPort, everythingSaid, planOf } from './testing/connect-fixtures.ts';

const PASSWORD = 'redis-Secret-value-77';
const WRONG = 'wrong-redis-password';
const POLICY = { timeoutMs: 10_000, retries: 2 };

describe.skipIf(!redisServerPath())('probeRedis against a real redis-server with requirepass', () => {
  let server: RealServer;
  beforeAll(async () => { server = await startRedis(PASSWORD); }, 30_000);
  afterAll(async () => server?.stop());

  it('authenticates with the URL\'s password and gets PONG', async () => {
    expect(await probeRedis(`redis://:${PASSWORD}@127.0.0.1:${server.port}/0`, { timeoutMs: 10_000, signal: new AbortController().signal })).toBe('PING answered PONG');
  });

  it('reports a wrong password in the server\'s words after one attempt, the password nowhere', async () => {
    const [result] = await runConnectChecks(planOf({ kind: 'redis', address: `redis://:${WRONG}@127.0.0.1:${server.port}` }), { policy: POLICY });
    expect(result).toMatchObject({ status: 'failed', attempts: 1, target: `redis://:***@127.0.0.1:${server.port}` });
    expect(result?.error).toMatch(/^WRONGPASS invalid username-password pair/);
    expect(everythingSaid([result])).not.toContain(WRONG);
    expect(everythingSaid([result])).not.toContain(PASSWORD);
  });

  it('reports a missing password as the server refuses PING (NOAUTH), once', async () => {
    const [result] = await runConnectChecks(planOf({ kind: 'redis', address: `redis://127.0.0.1:${server.port}` }), { policy: POLICY });
    expect(result).toMatchObject({ status: 'failed', attempts: 1 });
    expect(result?.error).toMatch(/^NOAUTH Authentication required/);
  });
});

describe('probeRedis without a server', () => {
  it('reports a closed port with the client\'s own error after every retry, the password nowhere', async () => {
    const port = await closedPort();
    const [result] = await runConnectChecks(planOf({ kind: 'redis', address: `redis://:${PASSWORD}@127.0.0.1:${port}` }), { policy: { timeoutMs: 500, retries: 1 }, random: () => 0 });
    expect(result).toMatchObject({ status: 'failed', attempts: 2, error: `connect ECONNREFUSED 127.0.0.1:${port}` });
    expect(everythingSaid([result])).not.toContain(PASSWORD);
  });
});

describe.skipIf(!redisServerPath())('probeRedis against a real redis-server that speaks only TLS', () => {
  let server: RealServer;
  beforeAll(async () => { server = await startRedis(PASSWORD, { tls: true }); }, 30_000);
  afterAll(async () => server?.stop());

  it('connects over TLS for rediss:// when told not to check the certificate (redis-py\'s ssl_cert_reqs=none)', async () => {
    const [result] = await runConnectChecks(planOf({ kind: 'redis', address: `rediss://:${PASSWORD}@127.0.0.1:${server.port}/0?ssl_cert_reqs=none` }), { policy: { timeoutMs: 10_000, retries: 0 } });
    expect(result).toMatchObject({ status: 'ok', detail: 'PING answered PONG' });
  });

  it('checks the certificate by default, refusing a self-signed one in the TLS library\'s words', async () => {
    const [result] = await runConnectChecks(planOf({ kind: 'redis', address: `rediss://:${PASSWORD}@127.0.0.1:${server.port}` }), { policy: { timeoutMs: 10_000, retries: 0 } });
    expect(result).toMatchObject({ status: 'failed', attempts: 1 });
    expect(result?.error).toMatch(/^self-signed certificate/);
    expect(everythingSaid([result])).not.toContain(PASSWORD);
  });

  it('fails a plain redis:// URL where the server wants TLS', async () => {
    const [result] = await runConnectChecks(planOf({ kind: 'redis', address: `redis://:${PASSWORD}@127.0.0.1:${server.port}` }), { policy: { timeoutMs: 1_000, retries: 0 } });
    expect(result).toMatchObject({ status: 'failed', attempts: 1 });
    // The server drops a client that does not start with a TLS handshake.
    expect(result?.error).toMatch(/ECONNRESET|Socket closed unexpectedly/);
    expect(everythingSaid([result])).not.toContain(PASSWORD);
  });
});
