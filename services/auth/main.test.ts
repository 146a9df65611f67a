import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { SERVICE_ID_HEADER, SERVICE_SECRET_HEADER } from '../common/service-credentials.ts';
import { postgresBinDir, redisServerPath, startPostgres, startRedis } from '../testing/real-servers.ts';
import { TEST_SECRETS, localMachineName, logRecords, post, spawnService, type SpawnedService } from '../testing/spawn-service.ts';

const running: SpawnedService[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((service) => service.stop()));
});

async function auth(options: Parameters<typeof spawnService>[1] = {}): Promise<SpawnedService> {
  const service = await spawnService('auth', options);
  running.push(service);
  return service;
}

const caller = { [SERVICE_ID_HEADER]: 'backend', [SERVICE_SECRET_HEADER]: TEST_SECRETS.SERVICE_SECRET };

describe('auth service (a real process)', () => {
  it('answers /health with ok and its dependencies', async () => {
    const service = await auth();
    const health = await (await fetch(`${service.url}/health`)).json() as Record<string, unknown>;
    expect(health).toMatchObject({ status: 'ok', service: 'auth', profile: 'test', dependencies: { postgres: { configured: false }, redis: { configured: false } } });
    expect(health.event_loop).toHaveProperty('p99_ms');
  });

  it.skipIf(!redisServerPath() || !postgresBinDir())('reports real PostgreSQL and Redis reachable, masking their passwords', async () => {
    const [postgres, redis] = await Promise.all([startPostgres('app', 'pg-secret-pw', 'appdb'), startRedis('redis-secret-pw')]);
    try {
      const service = await auth({ env: { POSTGRES_HOST: '127.0.0.1', POSTGRES_PORT: String(postgres.port), POSTGRES_USER: 'app', POSTGRES_PASSWORD: 'pg-secret-pw', POSTGRES_DB: 'appdb', REDIS_URL: `redis://:redis-secret-pw@127.0.0.1:${redis.port}/0` } });
      const health = await healthWhenChecked(service, ['postgres', 'redis']);
      expect(health).toMatchObject({ status: 'ok', dependencies: { postgres: { configured: true, reachable: true }, redis: { configured: true, reachable: true } } });
      await redis.stop();
      const degraded = await healthWhen(service, (body) => body.status === 'degraded');
      expect(degraded.dependencies).toMatchObject({ redis: { reachable: false, error: expect.any(String) }, postgres: { reachable: true } });
      expect(JSON.stringify(degraded)).not.toContain('redis-secret-pw');
    } finally {
      await Promise.all([postgres.stop(), redis.stop()]);
    }
  }, 60_000);

  it('is degraded, not dead, when a configured database is down', async () => {
    const service = await auth({ env: { POSTGRES_HOST: '127.0.0.1', POSTGRES_PORT: '9', POSTGRES_USER: 'app', POSTGRES_PASSWORD: 'pg-secret-pw', POSTGRES_DB: 'appdb' } });
    const health = await healthWhen(service, (body) => body.status === 'degraded');
    expect(health.dependencies).toMatchObject({ postgres: { configured: true, reachable: false, error: expect.stringContaining('ECONNREFUSED') } });
    expect(JSON.stringify(health)).not.toContain('pg-secret-pw');
    expect((await post(`${service.url}/auth/dev/login`, { email: 'qa@example.com' })).status).toBe(200);
  });

  it('issues a token by dev login that validates, for a caller with service credentials', async () => {
    const service = await auth();
    const login = await post(`${service.url}/auth/dev/login`, { email: 'qa@example.com' });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ token_type: 'bearer', expires_in: 900, user: { email: 'qa@example.com' } });
    const verdict = await post(`${service.url}/auth/validate`, { token: login.body.access_token }, caller);
    expect(verdict).toEqual({ status: 200, body: expect.objectContaining({ valid: true, user_id: (login.body.user as { id: string }).id, permissions: ['profile:read', 'agents:run'] }) });
  });

  it('refuses validate calls without the right service credentials', async () => {
    const service = await auth();
    // The id must name a service too: an empty or garbage id with the right secret is no caller we know how to log.
    const badIds = ['', ' ', 'x'.repeat(200), 'back end', '../etc'].map((id) => ({ ...caller, [SERVICE_ID_HEADER]: id }));
    for (const headers of [{}, { [SERVICE_ID_HEADER]: 'backend' }, { ...caller, [SERVICE_SECRET_HEADER]: 'wrong-secret' }, ...badIds] as Record<string, string>[]) {
      const answer = await post(`${service.url}/auth/validate`, { token: 'x' }, headers);
      expect(answer.status).toBe(401);
      expect(answer.body.error).toBe('service_unauthorized');
    }
    expect(JSON.stringify(logRecords(service))).not.toContain(TEST_SECRETS.SERVICE_SECRET);
  });

  it('calls alg none, expired, wrongly signed, foreign and malformed tokens invalid', async () => {
    const service = await auth();
    const key = new TextEncoder().encode(TEST_SECRETS.JWT_SECRET_KEY);
    const claims = { email: 'x@example.com', permissions: ['admin'] };
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const tokens = {
      none: `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: 'u', iss: 'stackdeck-auth', aud: 'stackdeck', exp: Math.floor(Date.now() / 1000) + 60 })}.`,
      expired: await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setIssuer('stackdeck-auth').setAudience('stackdeck').setExpirationTime(Math.floor(Date.now() / 1000) - 10).sign(key),
      wrongKey: await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setIssuer('stackdeck-auth').setAudience('stackdeck').setExpirationTime('1h').sign(new TextEncoder().encode('another-key-that-is-long-enough-for-hs256!')),
      foreignIssuer: await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setIssuer('someone-else').setAudience('stackdeck').setExpirationTime('1h').sign(key),
      malformed: 'not.a.jwt',
    };
    const reasons: Record<string, unknown> = {};
    for (const [name, token] of Object.entries(tokens)) {
      const answer = await post(`${service.url}/auth/validate`, { token }, caller);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ valid: false, user_id: null, permissions: [] });
      reasons[name] = answer.body.reason;
    }
    expect(reasons).toEqual({ none: 'algorithm_not_allowed', expired: 'expired', wrongKey: 'bad_signature', foreignIssuer: 'claims_invalid', malformed: 'malformed' });
  });

  it('answers bad input with 400/413 and a message, and keeps serving', async () => {
    const service = await auth();
    expect(await post(`${service.url}/auth/dev/login`, '{"email": ')).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(await post(`${service.url}/auth/dev/login`, { email: 'not-an-email' })).toMatchObject({ status: 400, body: { message: 'email: email must be an email address' } });
    expect(await post(`${service.url}/auth/dev/login`, { email: 'a@example.com', admin: true })).toMatchObject({ status: 400 });
    expect(await post(`${service.url}/auth/validate`, { token: 'x'.repeat(200_000) }, caller)).toMatchObject({ status: 413, body: { error: 'body_too_large' } });
    expect((await fetch(`${service.url}/health`)).status).toBe(200);
  });

  // Regression: any email up to the body limit was accepted, and its token was too long for /auth/validate to take.
  it('refuses a dev login email longer than an address can be, and the token of a long real one validates', async () => {
    const service = await auth();
    expect(await post(`${service.url}/auth/dev/login`, { email: `${'x'.repeat(6_000)}@example.com` }))
      .toMatchObject({ status: 400, body: { error: 'invalid_request', message: 'email: email is at most 254 characters' } });
    const long = await post(`${service.url}/auth/dev/login`, { email: `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(50)}.example` });
    expect(long.status).toBe(200);
    expect((await post(`${service.url}/auth/validate`, { token: long.body.access_token }, caller)).body).toMatchObject({ valid: true });
  });

  // Deployed hosts may not be localhost, yet tests reach nothing beyond this machine: its own name is both.
  it.skipIf(!LOCAL_NAME)('has no dev login outside development and test', async () => {
    const service = await auth({ env: { ENVIRONMENT: 'staging', ...deployedConfig(LOCAL_NAME ?? '') } });
    expect((await post(`${service.url}/auth/dev/login`, { email: 'qa@example.com' })).status).toBe(404);
  });

  it('refuses to start in staging with an invalid config, printing findings but no secret', async () => {
    const service = await auth({ waitForHealth: false, env: { ENVIRONMENT: 'staging', JWT_SECRET_KEY: 'short-secret-value', REDIS_URL: 'redis://:hunter2@localhost:6379' } });
    const { code } = await service.exited;
    expect(code).toBe(1);
    const stderr = service.stderr();
    expect(stderr).toContain('refusing to start in staging');
    expect(stderr).toMatch(/config error \[secret-too-short\] JWT_SECRET_KEY/);
    expect(stderr).toMatch(/config error \[required-missing\] POSTGRES_HOST/);
    expect(stderr).toMatch(/config error \[localhost-in-deployed-profile\] REDIS_URL/);
    expect(stderr).not.toContain('short-secret-value');
    expect(stderr).not.toContain('hunter2');
  });

  it('starts in development with warnings for the same config', async () => {
    const service = await auth({ env: { ENVIRONMENT: 'development', JWT_SECRET_KEY: 'short-secret-value' } });
    const warnings = logRecords(service).filter((record) => record.level === 40).map((record) => record.rule);
    expect(warnings).toContain('secret-too-short');
    expect(JSON.stringify(service.stdout)).not.toContain('short-secret-value');
  });

  it('stops cleanly on SIGTERM and SIGINT with exit 0', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const service = await auth();
      service.child.kill(signal);
      expect(await service.exited).toEqual({ code: 0, signal: null });
      expect(logRecords(service).map((record) => record.msg)).toContain('stopped');
    }
  });

  it('exits when the launcher goes away (its stdin closes), when told to watch stdin', async () => {
    const service = await auth({ stdin: 'pipe', env: { STACKDECK_EXIT_WITH_STDIN: '1' } });
    service.child.stdin?.end();
    expect(await service.exited).toEqual({ code: 0, signal: null });
    expect(logRecords(service).find((record) => record.msg === 'shutting down')?.reason).toBe('launcher went away (stdin closed)');
  });

  it('runs as an ordinary server with stdin at /dev/null when run by hand', async () => {
    const service = await auth({ stdin: 'ignore' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(service.child.exitCode).toBeNull();
    expect((await fetch(`${service.url}/health`)).status).toBe(200);
  });
});

const LOCAL_NAME = await localMachineName();

type Health = { status: string; dependencies: Record<string, { reachable: boolean | null }> } & Record<string, unknown>;

// Health polled until a condition holds (checks run in the background), bounded at 10 s.
async function healthWhen(service: SpawnedService, done: (body: Health) => boolean): Promise<Health> {
  let body = {} as Health;
  for (let i = 0; i < 100; i++) {
    body = await (await fetch(`${service.url}/health`)).json() as Health;
    if (done(body)) return body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return body;
}

function healthWhenChecked(service: SpawnedService, names: string[]): Promise<Health> {
  return healthWhen(service, (body) => names.every((name) => body.dependencies[name]?.reachable !== null));
}

// A complete, valid staging configuration whose hosts are this machine under its own name (closed ports).
function deployedConfig(host: string): Record<string, string> {
  return {
    POSTGRES_HOST: host, POSTGRES_PORT: '1', POSTGRES_USER: 'app', POSTGRES_PASSWORD: 'pg-password', POSTGRES_DB: 'app',
    REDIS_URL: `rediss://${host}:1/0`,
    OAUTH_GOOGLE_CLIENT_ID_STAGING: 'client-id', OAUTH_GOOGLE_CLIENT_SECRET_STAGING: 'client-secret',
  };
}
