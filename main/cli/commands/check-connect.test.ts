import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectReportSchema } from '../../../shared/config/connect/connect-report.ts';
import { demoStackFile } from '../../../shared/config/testing/demo-stack.ts';
import { makeTempDir } from '../../../shared/config/testing/temp-dir.ts';
import { postgresBinDir, redisServerPath, startPostgres, startRedis, type RealServer } from '../../../services/testing/real-servers.ts';
import { closedPort, silentServer } from '../../engine/connect/testing/connect-fixtures.ts';
import { runInProcess } from '../testing/run-in-process.ts';

const BIN = fileURLToPath(new URL('../bin.js', import.meta.url));
const PG_PASSWORD = 'pg-cli-Secret-31';
const REDIS_PASSWORD = 'redis-cli-Secret-47';
// Generous for a loaded machine: a reachable server answers long before, and nothing here waits for it.
const SUCCEEDS = ['--connect-timeout', '10', '--connect-retries', '0'];

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function stack(files: Record<string, string>): string {
  const temp = makeTempDir({ ...demoStackFile({ auth: { healthCheck: { http: '/health' } } }), ...files });
  cleanups.push(temp.cleanup);
  return temp.dir;
}

// A real HTTP server answering 200 "Ok." everywhere: the peer's /health and ClickHouse's /ping alike.
async function okServer(): Promise<number> {
  const server: Server = createServer((_, response) => response.writeHead(200).end('Ok.\n'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
}

// The demo's variables pointing at the given ports, with the given passwords.
function envFor(ports: { pg: number; redis: number; http: number }, passwords = { pg: PG_PASSWORD, redis: REDIS_PASSWORD }): Record<string, string> {
  return {
    '.env': [
      'POSTGRES_HOST=127.0.0.1', `POSTGRES_PORT=${ports.pg}`, 'POSTGRES_USER=connect_user', `POSTGRES_PASSWORD=${passwords.pg}`, 'POSTGRES_DB=connect_db',
      `REDIS_URL=redis://:${passwords.redis}@127.0.0.1:${ports.redis}/0`,
    ].join('\n'),
    'services/backend/.env': `AUTH_SERVICE_URL=http://127.0.0.1:${ports.http}\nCLICKHOUSE_URL=http://127.0.0.1:${ports.http}\n`,
  };
}

describe.skipIf(!postgresBinDir() || !redisServerPath())('stackdeck check --connect against real servers', () => {
  let pg: RealServer;
  let redis: RealServer;
  beforeAll(async () => {
    [pg, redis] = await Promise.all([startPostgres('connect_user', PG_PASSWORD, 'connect_db'), startRedis(REDIS_PASSWORD)]);
  }, 90_000);
  afterAll(async () => {
    await Promise.all([pg?.stop(), redis?.stop()]);
  });

  it('logs in to PostgreSQL, authenticates to Redis, pings ClickHouse and the peer: a line each, a summary, exit 0', async () => {
    const cwd = stack(envFor({ pg: pg.port, redis: redis.port, http: await okServer() }));
    const result = await runInProcess(['check', '--connect', ...SUCCEEDS], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code, result.stdout).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.filter((line) => line.startsWith('  ok      postgres   POSTGRES_HOST, POSTGRES_PORT, POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB = '
      + `postgresql://connect_user:***@127.0.0.1:${pg.port}/connect_db (built from POSTGRES_HOST, POSTGRES_PORT, POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB): logged in; PostgreSQL`))).toHaveLength(2);
    expect(lines.filter((line) => line.startsWith(`  ok      redis      REDIS_URL = redis://:***@127.0.0.1:${redis.port}/0 (.env:6): PING answered PONG [1 attempt, `))).toHaveLength(2);
    expect(result.stdout).toMatch(/ {2}ok {6}clickhouse CLICKHOUSE_URL = http:\/\/127\.0\.0\.1:\d+\/ping \(services\/backend\/\.env:2\): HTTP 200 OK: Ok\. \[1 attempt, [\d.]+ m?s\]/);
    expect(result.stdout).toMatch(/ {2}ok {6}peer auth {2}AUTH_SERVICE_URL = http:\/\/127\.0\.0\.1:\d+\/health \(services\/backend\/\.env:1\): HTTP 200 OK/);
    expect(result.stdout).toMatch(/\nprofile development: 6 ok, 0 failed in [\d.]+ (ms|s) \(each attempt up to 10 s, no retries\)\n$/);
    expect(result.stdout).not.toContain(PG_PASSWORD);
    expect(result.stdout).not.toContain(REDIS_PASSWORD);
  });

  it('--json: one document of the documented shape; wrong passwords fail once each in the servers\' words, never shown', async () => {
    const wrong = { pg: 'wrong-pg-password-1', redis: 'wrong-redis-password-2' };
    const cwd = stack(envFor({ pg: pg.port, redis: redis.port, http: await okServer() }, wrong));
    const result = await runInProcess(['check', '--connect', '--json', '--connect-timeout', '10', '--connect-retries', '3'], { cwd });
    expect(result.code).toBe(1);
    const report = ConnectReportSchema.parse(JSON.parse(result.stdout));
    expect(report.policy).toEqual({ timeoutMs: 10_000, retries: 3 });
    const postgres = report.results.filter((entry) => entry.kind === 'postgres');
    const cache = report.results.filter((entry) => entry.kind === 'redis');
    expect(postgres.map((entry) => [entry.service, entry.status, entry.attempts, entry.error])).toEqual([
      ['auth', 'failed', 1, 'password authentication failed for user "connect_user" (SQLSTATE 28P01)'],
      ['backend', 'failed', 1, 'password authentication failed for user "connect_user" (SQLSTATE 28P01)'],
    ]);
    expect(cache.map((entry) => [entry.status, entry.attempts, entry.error?.split(' ')[0]])).toEqual([['failed', 1, 'WRONGPASS'], ['failed', 1, 'WRONGPASS']]);
    expect(report.summary).toEqual({ ok: 2, failed: 4, skipped: 0, aborted: 0 });
    for (const secret of [wrong.pg, wrong.redis, PG_PASSWORD, REDIS_PASSWORD]) expect(result.stdout).not.toContain(secret);
  });
});

describe('stackdeck check --connect', () => {
  it('reports closed ports with the drivers\' errors after each retry, exit 1, passwords masked', async () => {
    const [pgPort, redisPort, httpPort] = [await closedPort(), await closedPort(), await closedPort()];
    const cwd = stack(envFor({ pg: pgPort, redis: redisPort, http: httpPort }));
    const result = await runInProcess(['check', '--connect', '--json', '--connect-timeout', '0.5', '--connect-retries', '1'], { cwd });
    expect(result.code).toBe(1);
    const report = ConnectReportSchema.parse(JSON.parse(result.stdout));
    const errors = new Map(report.results.map((entry) => [entry.kind, entry.error]));
    expect(errors.get('postgres')).toBe(`connect ECONNREFUSED 127.0.0.1:${pgPort}`);
    expect(errors.get('redis')).toBe(`connect ECONNREFUSED 127.0.0.1:${redisPort}`);
    expect(errors.get('clickhouse')).toBe(`fetch failed: connect ECONNREFUSED 127.0.0.1:${httpPort}`);
    expect(report.results.every((entry) => entry.status === 'failed' && entry.attempts === 2)).toBe(true);
    expect(result.stdout).not.toContain(PG_PASSWORD);
    expect(result.stdout).not.toContain(REDIS_PASSWORD);
  });

  it('takes the profile\'s timeouts (seed 004 4.2) and fails a connection setting the profile requires but nobody set', async () => {
    const result = await runInProcess(['check', '--connect', '--json', '--profile', 'staging'], { cwd: stack({}) });
    expect(result.code).toBe(1);
    const report = ConnectReportSchema.parse(JSON.parse(result.stdout));
    expect(report.policy).toEqual({ timeoutMs: 10_000, retries: 5 });
    expect(report.results).toContainEqual(expect.objectContaining({ service: 'backend', keys: ['REDIS_URL'], status: 'failed', attempts: 0, error: 'not set, and staging requires it' }));
    expect(report.results).toContainEqual(expect.objectContaining({ service: 'backend', keys: ['AUTH_SERVICE_URL'], status: 'skipped', error: 'not set: the launcher sets it when auth starts' }));
    const development = await runInProcess(['check', '--connect', '--json'], { cwd: stack({ 'services/backend/.env': 'AUTH_SERVICE_URL=\n' }) });
    expect(ConnectReportSchema.parse(JSON.parse(development.stdout)).policy).toEqual({ timeoutMs: 5_000, retries: 3 });
  });

  it('refuses bad connect flags with exit 2 and a usage message', async () => {
    const cwd = stack({});
    for (const [argv, message] of [
      [['check', '--connect', '--connect-timeout', '0'], '--connect-timeout needs a number of seconds above 0'],
      [['check', '--connect', '--connect-timeout', 'soon'], '--connect-timeout needs a number of seconds above 0'],
      [['check', '--connect', '--connect-retries', '-1'], "Option '--connect-retries' argument is ambiguous"],
      [['check', '--connect', '--connect-retries', '2.5'], '--connect-retries needs a whole number from 0 to 20'],
      [['check', '--connect-timeout', '1'], '--connect-timeout and --connect-retries go with --connect'],
    ] as const) {
      const result = await runInProcess([...argv], { cwd });
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr, argv.join(' ')).toContain(message);
      expect(result.stdout).toBe('');
    }
  });

  it('stops on Ctrl+C while a server hangs: what was running is reported aborted, exit 130, at once', async () => {
    const server = await silentServer();
    cleanups.push(server.close);
    const cwd = stack({ '.env': `REDIS_URL=redis://:${REDIS_PASSWORD}@127.0.0.1:${server.port}\n`, 'services/backend/.env': 'AUTH_SERVICE_URL=\n' });
    const child = spawn(process.execPath, [BIN, 'check', '--connect', '--connect-timeout', '120'], { cwd, env: { PATH: process.env.PATH, HOME: cwd, STACKDECK_STATE_DIR: '.state' }, stdio: ['ignore', 'pipe', 'pipe'] });
    cleanups.push(() => { if (child.exitCode === null) child.kill('SIGKILL'); });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const until = Date.now() + 20_000;
    while (server.accepted() === 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(server.accepted()).toBeGreaterThan(0);
    const interrupted = performance.now();
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    // Well before the first back-off wait (12 s at this attempt limit) would end.
    expect(performance.now() - interrupted).toBeLessThan(5_000);
    expect(stdout).toMatch(/ {2}aborted redis {6}REDIS_URL = redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ \(\.env:1\): stopped before an answer came \[1 attempt, /);
    // Both services read the stack root's .env: one address, tried once, reported for each.
    expect(stdout).toContain('0 ok, 0 failed, 4 skipped, 2 aborted');
    expect(stdout).not.toContain(REDIS_PASSWORD);
  }, 30_000);
});
