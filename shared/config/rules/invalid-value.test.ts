import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDatabaseUrl } from '../database-url.ts';
import type { Finding } from '../finding.ts';
import type { Profile } from '../profile.ts';
import { baseEnvFileName } from '../stack.ts';
import { stackFixture } from '../testing/stack-fixture.ts';
import { invalidValue } from './invalid-value.ts';

const SECRET = 'hunter2-secret-value';

// The rule over the fixture stack, for one service's findings.
function check(files: Record<string, string>, service = 'auth', profile: Profile = 'development'): Finding[] {
  return invalidValue(stackFixture({ profile, files })).filter((finding) => finding.service === service);
}

// What a user reads of a finding: a secret must be in neither part.
function expectNoSecret(findings: Finding[]): void {
  expect(findings.length).toBeGreaterThan(0);
  for (const finding of findings) {
    expect(finding.message).not.toContain(SECRET);
    expect(finding.suggestion).not.toContain(SECRET);
  }
}

describe('invalid-value', () => {
  it('reports a value that fails its type with the value, its file:line and the expected format', () => {
    expect(check({ 'auth/.env': 'LOG_LEVEL=info\nPORT=abc\n' })).toEqual([{
      rule: 'invalid-value',
      severity: 'error',
      service: 'auth',
      key: 'PORT',
      file: 'auth/.env',
      line: 2,
      message: 'PORT ("abc") from auth/.env:2 must be a whole number',
      suggestion: 'Fix the value: TCP port the HTTP server listens on (the launcher allocates it)',
    }]);
  });

  it('accepts every port 1..65535 and refuses the numbers around them', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 65_535 }), (port) => check({ 'auth/.env': `PORT=${port}\n` }).length === 0));
    for (const port of ['0', '65536', '-1']) {
      expect(check({ 'auth/.env': `PORT=${port}\n` })).toEqual([expect.objectContaining({ key: 'PORT', severity: 'error', line: 1 })]);
    }
  });

  it('names the allowed values of an enum and of a URL scheme', () => {
    const [level] = check({ 'auth/.env': 'LOG_LEVEL=loud\n' });
    expect(level?.message).toBe('LOG_LEVEL ("loud") from auth/.env:1 must be one of trace, debug, info, warn, error, fatal, silent');
    const [redis] = check({ 'auth/.env': 'REDIS_URL=cache:6379\n' });
    expect(redis?.message).toContain('must be a URL starting with redis:// or rediss://');
  });

  it('accepts fractional seconds and refuses zero', () => {
    expect(check({ 'backend/.env': 'AGENT_HEARTBEAT_INTERVAL=0.5\nAGENT_HEARTBEAT_TIMEOUT=2.5\n' }, 'backend')).toEqual([]);
    expect(check({ 'backend/.env': 'AGENT_EXECUTION_TIMEOUT=0\n' }, 'backend')).toEqual([
      expect.objectContaining({ key: 'AGENT_EXECUTION_TIMEOUT', severity: 'error', message: expect.stringContaining('must be more than 0') }),
    ]);
  });

  it('reports an ENVIRONMENT that disagrees with the resolved profile, and how to reconcile them', () => {
    const [finding] = check({ '.env': 'ENVIRONMENT=production\n' });
    expect(finding).toMatchObject({ severity: 'error', key: 'ENVIRONMENT', file: '.env', line: 1 });
    expect(finding?.message).toContain('ENVIRONMENT is production (from .env:1) but Stackdeck resolved the development profile');
    expect(finding?.suggestion).toBe('Remove ENVIRONMENT from .env:1, or run with --profile production');
    expect(check({ '.env': 'ENVIRONMENT=development\n' })).toEqual([]);
  });

  it('reads ENVIRONMENT=testing (the seeds\' spelling) as the test profile, and as a disagreement elsewhere', () => {
    expect(invalidValue(stackFixture({ profile: 'test', files: { '.env': 'ENVIRONMENT=testing\n' } }))).toEqual([]);
    expect(invalidValue(stackFixture({ files: { '.env': 'ENVIRONMENT=testing\n' } })).map((finding) => finding.message))
      .toContain('ENVIRONMENT is testing (from .env:1) but Stackdeck resolved the development profile, so files and rules disagree with what the service believes');
  });

  it('accepts sqlite:///:memory: for DATABASE_URL in test only, where the schema allows it (schemesOnlyIn)', () => {
    const memory = (profile: Profile) => invalidValue(stackFixture({ profile, files: { [`backend/${baseEnvFileName(profile)}`]: 'DATABASE_URL=sqlite:///:memory:\n' } }))
      .filter((finding) => finding.key === 'DATABASE_URL');
    expect(memory('test')).toEqual([]);
    for (const profile of ['development', 'staging'] as const) {
      expect(memory(profile)).toEqual([expect.objectContaining({
        severity: 'error',
        message: `DATABASE_URL from backend/${baseEnvFileName(profile)}:1 is a sqlite:// URL, which the schema accepts only in test, not in ${profile}`,
      })]);
    }
    expect(invalidValue(stackFixture({ profile: 'test', files: { 'backend/.env': 'DATABASE_URL=mysql://db/app\n' } })).map((finding) => finding.key)).toEqual(['DATABASE_URL']);
  });

  it.each([['development', 'warning'], ['test', 'warning'], ['staging', 'error'], ['production', 'error']] as const)(
    'in %s, a secret with an invisible trailing newline is a(n) %s', (profile, severity) => {
      const findings = check({ [`auth/${baseEnvFileName(profile)}`]: `JWT_SECRET_KEY="${SECRET.padEnd(40, 'x')}\\n"\n` }, 'auth', profile);
      expect(findings.filter((finding) => finding.key === 'JWT_SECRET_KEY')).toEqual([expect.objectContaining({
        severity, file: `auth/${baseEnvFileName(profile)}`, line: 1, message: expect.stringContaining(`JWT_SECRET_KEY from auth/${baseEnvFileName(profile)}:1 starts or ends with whitespace`),
        suggestion: expect.stringContaining('Remove the invisible characters'),
      })]);
    });

  it.each([['development', 'warning'], ['staging', 'error']] as const)(
    'in %s, a heartbeat interval over half the timeout is a(n) %s with a safe interval suggested', (profile, severity) => {
      const findings = check({ [`backend/${baseEnvFileName(profile)}`]: 'AGENT_HEARTBEAT_INTERVAL=6\nAGENT_HEARTBEAT_TIMEOUT=10\n' }, 'backend', profile)
        .filter((finding) => finding.key === 'AGENT_HEARTBEAT_INTERVAL');
      expect(findings).toEqual([expect.objectContaining({ severity, file: `backend/${baseEnvFileName(profile)}`, line: 1 })]);
      expect(findings[0]?.message).toContain('AGENT_HEARTBEAT_INTERVAL (6) is more than half of AGENT_HEARTBEAT_TIMEOUT (10)');
      expect(findings[0]?.suggestion).toBe('Keep AGENT_HEARTBEAT_INTERVAL at most half of AGENT_HEARTBEAT_TIMEOUT, e.g. 2');
    });

  it('accepts an interval of exactly half the timeout, and the defaults', () => {
    expect(check({ 'backend/.env': 'AGENT_HEARTBEAT_INTERVAL=5\nAGENT_HEARTBEAT_TIMEOUT=10\n' }, 'backend')).toEqual([]);
    expect(invalidValue(stackFixture())).toEqual([]);
  });

  it('never shows a secret value whose format is wrong', () => {
    const files = { 'auth/.env': `JWT_SECRET_KEY=" ${SECRET.padEnd(40, 'x')}"\nSERVICE_SECRET="${SECRET.padEnd(40, 'y')}\\r"\n` };
    expectNoSecret(check(files));
  });

  // Regression: a non-secret value was quoted raw, password inside a URL and all.
  it('never shows the password embedded in an invalid URL', () => {
    expectNoSecret(check({ 'auth/.env': `REDIS_URL=http://:${SECRET}@cache:6379\nDATABASE_URL=mysql://app:${SECRET}@db/app\n` }));
  });

  // Regression: new URL() refuses an empty host, so the Cloud SQL socket form was called invalid.
  it('accepts a Cloud SQL unix-socket DATABASE_URL as a valid URL', () => {
    const url = buildDatabaseUrl({ host: '/cloudsql/proj:europe-west1:db', user: 'app', password: 'pw', database: 'app' }, 'psycopg');
    expect(check({ 'auth/.env': `DATABASE_URL=${url}\n` })).toEqual([]);
  });
});
