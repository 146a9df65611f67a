import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/config/finding.ts';
import { StackReportSchema, type StackReport } from '../../../shared/config/report-schema.ts';
import { demoStackFile } from '../../../shared/config/testing/demo-stack.ts';
import { makeTempDir } from '../../../shared/config/testing/temp-dir.ts';
import { runInProcess } from '../testing/run-in-process.ts';

// `stackdeck check --profile staging` on a real temp stack, against the five staging failures of seed 003: each one
// must be caught before a deploy, with the file and line to fix, in the text output and in --json.

let cleanup = () => {};
afterEach(() => cleanup());

const LONG = (prefix: string) => prefix.padEnd(64, 'x');

// A staging configuration with nothing wrong; each test spoils it the way one seed 003 failure did.
const ROOT_STAGING = [`JWT_SECRET_KEY=${LONG('jwt-')}`, `SERVICE_SECRET=${LONG('svc-')}`, 'POSTGRES_HOST=db.internal', 'POSTGRES_PORT=5432',
  'POSTGRES_USER=app', 'POSTGRES_PASSWORD=db-password', 'POSTGRES_DB=app', 'REDIS_URL=rediss://cache.internal:6379'];
const AUTH_STAGING = ['OAUTH_GOOGLE_CLIENT_ID_STAGING=client-id', 'OAUTH_GOOGLE_CLIENT_SECRET_STAGING=client-secret', `OAUTH_HMAC_SECRET=${LONG('hmac-')}`];
const BACKEND_STAGING = [`SECRET_KEY=${LONG('sk-')}`, 'AUTH_SERVICE_URL=https://auth.staging.example.com', 'FRONTEND_URL=https://app.staging.example.com',
  'CLICKHOUSE_URL=https://ch.staging.example.com:8443', 'GOOGLE_CLIENT_ID=client-id', 'GOOGLE_CLIENT_SECRET=client-secret'];

interface Spoil {
  root?: (lines: string[]) => string[];
  backend?: (lines: string[]) => string[];
  files?: Record<string, string>;
}

const text = (lines: string[]) => `${lines.join('\n')}\n`;
const without = (key: string) => (lines: string[]) => lines.filter((line) => !line.startsWith(`${key}=`));
const replacing = (key: string, value: string) => (lines: string[]) => lines.map((line) => (line.startsWith(`${key}=`) ? `${key}=${value}` : line));

function stagingStack(spoil: Spoil = {}): string {
  const temp = makeTempDir({
    ...demoStackFile(),
    'envs/.env.staging': text((spoil.root ?? ((lines) => lines))(ROOT_STAGING)),
    'envs/auth/.env.staging': text(AUTH_STAGING),
    'envs/backend/.env.staging': text((spoil.backend ?? ((lines) => lines))(BACKEND_STAGING)),
    ...spoil.files,
  });
  cleanup = temp.cleanup;
  return temp.dir;
}

async function check(cwd: string): Promise<{ code: number; text: string; report: StackReport; findings: Finding[] }> {
  const human = await runInProcess(['check', '--env-dir', 'envs', '--profile', 'staging'], { cwd });
  const json = await runInProcess(['check', '--env-dir', 'envs', '--profile', 'staging', '--json'], { cwd });
  expect(json.code).toBe(human.code);
  const report = StackReportSchema.parse(JSON.parse(json.stdout));
  return { code: human.code, text: human.stdout, report, findings: [...report.findings, ...report.services.flatMap((service) => service.findings)] };
}

describe('stackdeck check --profile staging: the seed 003 staging failures', () => {
  it('passes the complete staging configuration the failures are made from: exit 0, no finding', async () => {
    const result = await check(stagingStack());
    expect(result.findings).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.text).toContain('profile staging: 0 errors, 0 warnings, 0 notes; stack health 100/100');
  });

  it('1. PostgreSQL authentication failure: a password only a development .env holds is missing, and a hand-kept DATABASE_URL secret is refused', async () => {
    const result = await check(stagingStack({
      root: without('POSTGRES_PASSWORD'),
      backend: (lines) => [...lines, 'DATABASE_URL=postgresql://postgres:old-password@db.internal:5432/app?sslmode=require'],
      files: { 'envs/.env': 'POSTGRES_PASSWORD=db-password\n' },
    }));
    expect(result.code).toBe(1);
    expect(result.text).toContain('error: POSTGRES_PASSWORD is required in staging but has no value. Without it: Database login fails: "password authentication failed" [required-missing]');
    expect(result.text).toContain('envs/.env:1: info: POSTGRES_PASSWORD is not set in staging: envs/.env:1 would supply it, but staging reads no development file (.env.local, .env) [development-file-ignored]');
    // The hand-kept URL is not what the service connects with, and it disagrees with the components it would replace.
    expect(result.text).toContain("envs/backend/.env.staging:7: error: DATABASE_URL (from envs/backend/.env.staging:7) is ignored: backend builds its URL from POSTGRES_HOST (envs/.env.staging:3), POSTGRES_PORT (envs/.env.staging:4), POSTGRES_USER (envs/.env.staging:5), POSTGRES_DB (envs/.env.staging:6), and the two disagree: user 'postgres' in DATABASE_URL (envs/backend/.env.staging:7) but 'app' from POSTGRES_USER (envs/.env.staging:5); DATABASE_URL (envs/backend/.env.staging:7) has a password but POSTGRES_PASSWORD is not set [database-url-direct]");
    expect(result.text).not.toContain('old-password');
    expect(result.findings).toEqual(expect.arrayContaining([
      expect.objectContaining({ rule: 'required-missing', severity: 'error', service: 'auth', key: 'POSTGRES_PASSWORD' }),
      expect.objectContaining({ rule: 'development-file-ignored', severity: 'info', service: 'backend', key: 'POSTGRES_PASSWORD', file: 'envs/.env', line: 1 }),
      expect.objectContaining({ rule: 'database-url-direct', severity: 'error', service: 'backend', key: 'DATABASE_URL', file: 'envs/backend/.env.staging', line: 7 }),
    ]));
  });

  it("2. SSL parameter mismatch: sslmode= for asyncpg, and any SSL parameter on a Cloud SQL socket, at the line to fix", async () => {
    const asyncpg = await check(stagingStack({ backend: (lines) => [...lines, 'DATABASE_URL=postgresql+asyncpg://app:pw@db.internal/app?sslmode=require'] }));
    expect(asyncpg.code).toBe(1);
    expect(asyncpg.text).toContain("envs/backend/.env.staging:7: error: DATABASE_URL from envs/backend/.env.staging:7 has 'sslmode=', which asyncpg does not understand (it takes 'ssl=') [ssl-param-conflict]");
    const socket = await check(stagingStack({ backend: (lines) => [...lines, 'DATABASE_URL=postgresql://app:pw@/app?host=/cloudsql/proj:us-central1:db&sslmode=require'] }));
    expect(socket.findings).toEqual(expect.arrayContaining([expect.objectContaining({
      rule: 'ssl-param-conflict', severity: 'error', key: 'DATABASE_URL', file: 'envs/backend/.env.staging', line: 7,
      message: "DATABASE_URL from envs/backend/.env.staging:7 has 'sslmode=' on a Cloud SQL unix socket (/cloudsql/), which takes no SSL parameter",
    })]));
    const component = await check(stagingStack({ root: replacing('POSTGRES_DB', 'app?sslmode=require') }));
    expect(component.text).toContain("envs/.env.staging:7: error: POSTGRES_DB from envs/.env.staging:7 carries 'sslmode=require', but DATABASE_URL is built from POSTGRES_HOST, POSTGRES_PORT, POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB: the builder escapes it into POSTGRES_DB itself, so the driver never sees it [ssl-param-conflict]");
  });

  it('3. ClickHouse at localhost:8123: unset in staging (only the development .env has it), or set to localhost over http://', async () => {
    const unset = await check(stagingStack({ backend: without('CLICKHOUSE_URL'), files: { 'envs/backend/.env': 'CLICKHOUSE_URL=http://localhost:8123\n' } }));
    expect(unset.code).toBe(1);
    expect(unset.text).toContain('error: CLICKHOUSE_URL is required in staging but has no value. Without it: Analytics writes fail: "Connection refused localhost:8123" [required-missing]');
    expect(unset.text).toContain('envs/backend/.env:1: info: CLICKHOUSE_URL is not set in staging: envs/backend/.env:1 would supply it, but staging reads no development file (.env.local, .env) [development-file-ignored]');
    const local = await check(stagingStack({ backend: replacing('CLICKHOUSE_URL', 'http://localhost:8123') }));
    expect(local.text).toContain('envs/backend/.env.staging:4: error: CLICKHOUSE_URL from envs/backend/.env.staging:4 points at this machine (localhost) in staging, where nothing listens [localhost-in-deployed-profile]');
    expect(local.text).toContain('envs/backend/.env.staging:4: error: CLICKHOUSE_URL (http://localhost:8123) from envs/backend/.env.staging:4 uses http://, which is not encrypted; staging requires TLS [tls-required]');
    expect(local.text).toContain('→ In CLICKHOUSE_URL, use https://: CLICKHOUSE_URL=https://localhost:8123');
  });

  it('4. Redis default at localhost:6379: unset in staging, or a plain redis:// URL at localhost', async () => {
    const unset = await check(stagingStack({ root: without('REDIS_URL') }));
    expect(unset.findings.filter((finding) => finding.rule === 'required-missing').map((finding) => `${finding.service}:${finding.key}`)).toEqual(['auth:REDIS_URL', 'backend:REDIS_URL']);
    expect(unset.text).toContain('error: REDIS_URL is required in staging but has no value. Without it: Caching and rate limiting are off; in staging the service cannot start [required-missing]');
    const local = await check(stagingStack({ root: replacing('REDIS_URL', 'redis://localhost:6379') }));
    expect(local.text).toContain('envs/.env.staging:8: error: REDIS_URL from envs/.env.staging:8 points at this machine (localhost) in staging, where nothing listens [localhost-in-deployed-profile]');
    expect(local.text).toContain('envs/.env.staging:8: error: REDIS_URL (redis://localhost:6379) from envs/.env.staging:8 uses redis://, which is not encrypted; staging requires TLS [tls-required]');
    expect(local.text).toContain('→ In REDIS_URL, use rediss://: REDIS_URL=rediss://localhost:6379');
  });

  it('5. Missing environment variables: a stack configured only in development .env files fails staging, naming every missing key', async () => {
    const cwd = stagingStack({ files: { 'envs/.env.staging': '', 'envs/.env': text(ROOT_STAGING) } });
    const result = await check(cwd);
    expect(result.code).toBe(1);
    for (const service of ['auth', 'backend']) {
      const missing = result.findings.filter((finding) => finding.service === service && finding.rule === 'required-missing').map((finding) => finding.key);
      expect(missing).toEqual(expect.arrayContaining(['JWT_SECRET_KEY', 'SERVICE_SECRET', 'POSTGRES_HOST', 'POSTGRES_PORT', 'POSTGRES_USER', 'POSTGRES_PASSWORD', 'POSTGRES_DB', 'REDIS_URL']));
      const ignored = result.findings.filter((finding) => finding.service === service && finding.rule === 'development-file-ignored');
      expect(ignored.map((finding) => [finding.key, finding.file, finding.line])).toEqual(ROOT_STAGING.map((line, index) => [line.split('=')[0], 'envs/.env', index + 1]));
    }
    expect(result.text).toContain('error: JWT_SECRET_KEY is required in staging but has no value. Without it: All authentication fails: tokens signed by auth are rejected everywhere else [required-missing]');
    expect(result.text).toContain('→ Set JWT_SECRET_KEY in envs/auth/.env.staging or in the environment');
    // Eight notes per service fold into one line in the text; --json lists each.
    expect(result.text).toContain('info: 8 notes on JWT_SECRET_KEY, SERVICE_SECRET, POSTGRES_HOST, POSTGRES_PORT, POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB, REDIS_URL [development-file-ignored]');
    expect(result.report.healthScore).toBe(0);
  });
});

describe('stackdeck check: the seeds\' secret and profile rules on the command line', () => {
  it('reports one value used for two secrets, a 63-character JWT secret and OAuth client ids that disagree between services', async () => {
    const result = await check(stagingStack({
      root: (lines) => replacing('SERVICE_SECRET', LONG('jwt-'))(replacing('JWT_SECRET_KEY', LONG('jwt-'))(lines)),
      backend: replacing('GOOGLE_CLIENT_ID', 'other-client-id'),
    }));
    expect(result.code).toBe(1);
    expect(result.text).toContain('envs/.env.staging:1: error: JWT_SECRET_KEY and SERVICE_SECRET hold the same value: JWT_SECRET_KEY (auth: envs/.env.staging:1, backend: envs/.env.staging:1); SERVICE_SECRET (auth: envs/.env.staging:2, backend: envs/.env.staging:2). One leak opens both, and rotating one breaks what still uses the other [secret-reused]');
    expect(result.text).toContain('envs/auth/.env.staging:1: error: OAUTH_GOOGLE_CLIENT_ID_STAGING / GOOGLE_CLIENT_ID differs between services: auth OAUTH_GOOGLE_CLIENT_ID_STAGING (envs/auth/.env.staging:1) vs backend GOOGLE_CLIENT_ID (envs/backend/.env.staging:5). Without one value: "Sign in with Google" fails in staging [cross-service-mismatch]');
    expect(result.text).not.toContain(LONG('jwt-'));

    const short = await check(stagingStack({ root: replacing('JWT_SECRET_KEY', 'j'.repeat(63)) }));
    expect(short.findings).toEqual([expect.objectContaining({
      rule: 'secret-too-short', severity: 'error', key: 'JWT_SECRET_KEY', file: 'envs/.env.staging', line: 1,
      message: 'JWT_SECRET_KEY from envs/.env.staging:1 is 63 characters long; secrets need at least 64',
    }), expect.objectContaining({ rule: 'secret-too-short', service: 'backend' })]);
  });

  it('takes --profile testing and ENVIRONMENT=testing as the test profile, where sqlite:///:memory: is a valid database URL', async () => {
    const temp = makeTempDir({ ...demoStackFile(), 'services/backend/.env.test': 'DATABASE_URL=sqlite:///:memory:\n', 'services/backend/.env': 'DATABASE_URL=sqlite:///:memory:\n' });
    cleanup = temp.cleanup;
    const flag = await runInProcess(['check', '--profile', 'testing', '--json'], { cwd: temp.dir });
    const fromEnv = await runInProcess(['check', '--json'], { cwd: temp.dir, env: { ENVIRONMENT: 'testing' } });
    for (const result of [flag, fromEnv]) {
      expect(result.code).toBe(0);
      const report = StackReportSchema.parse(JSON.parse(result.stdout));
      expect(report.profile).toBe('test');
      expect(report.services.flatMap((service) => service.findings).filter((finding) => finding.key === 'DATABASE_URL')).toEqual([]);
    }
    const development = await runInProcess(['check'], { cwd: temp.dir });
    expect(development.code).toBe(1);
    expect(development.stdout).toContain('services/backend/.env:1: error: DATABASE_URL from services/backend/.env:1 is a sqlite:// URL, which the schema accepts only in test, not in development [invalid-value]');
  });
});
